//! Per-client caps on what is costly to keep: checklist runs, each stored
//! for good. One client (a person signed in through the proxy, a bot's token,
//! else an address) may create up to N runs at once, then one more every
//! hour/N (a generic cell rate, from the `governor` crate); past that it is
//! refused with 429 and `Retry-After`, so one script cannot fill the
//! database (20,000 runs in 55 s before).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::Extensions;
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::web::identity::Identity;

/// Who a request counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Client {
    /// A signed-in person or a token's name: the same allowance from any address.
    Named(String),
    /// Anyone else, by address.
    Address(IpAddr),
    /// No address known: the operator's own process (MCP over stdio, a
    /// program embedding the router), never capped.
    Local,
}

impl Client {
    /// The client of a request, from what [`crate::web::identity::identify`]
    /// and the server set on it.
    pub fn of(extensions: &Extensions) -> Client {
        if let Some(Identity::Named(name)) = extensions.get::<Identity>() {
            return Client::Named(name.clone());
        }
        match extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(address)) => Client::Address(address.ip().to_canonical()),
            None => Client::Local,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Client::of(&parts.extensions))
    }
}

/// Keys kept before idle ones are dropped: bounds the limiter's memory
/// whatever the number of addresses seen.
const MAX_TRACKED: usize = 10_000;

/// How many runs each client may create per hour.
pub struct RunQuota {
    per_hour: NonZeroU32,
    limiter: DefaultKeyedRateLimiter<Client>,
}

impl std::fmt::Debug for RunQuota {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunQuota")
            .field("per_hour", &self.per_hour)
            .finish()
    }
}

impl RunQuota {
    /// Up to `per_hour` runs at once per client, then one every hour/`per_hour`.
    pub fn per_hour(per_hour: NonZeroU32) -> RunQuota {
        RunQuota {
            per_hour,
            limiter: RateLimiter::keyed(Quota::per_hour(per_hour)),
        }
    }

    /// The cap.
    pub fn limit(&self) -> u32 {
        self.per_hour.get()
    }

    /// Counts one run against `client`; refused, how long until it may create one.
    pub fn take(&self, client: &Client) -> Result<(), Duration> {
        if *client == Client::Local {
            return Ok(());
        }
        if self.limiter.len() > MAX_TRACKED {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(client)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

impl Default for RunQuota {
    fn default() -> Self {
        RunQuota::per_hour(NonZeroU32::new(DEFAULT_RUNS_PER_HOUR).expect("not zero"))
    }
}

/// Runs one client may create per hour by default: far more than a person
/// working through upgrades needs, far fewer than a flood.
pub const DEFAULT_RUNS_PER_HOUR: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_has_its_own_allowance() {
        let quota = RunQuota::per_hour(NonZeroU32::new(2).unwrap());
        let a = Client::Address("192.0.2.1".parse().unwrap());
        let b = Client::Named("ana".into());
        assert_eq!(quota.take(&a), Ok(()));
        assert_eq!(quota.take(&a), Ok(()));
        let wait = quota.take(&a).unwrap_err();
        assert!(
            wait > Duration::from_secs(1700) && wait <= Duration::from_secs(1800),
            "{wait:?}"
        );
        assert_eq!(quota.take(&b), Ok(()));
        for _ in 0..5 {
            assert_eq!(quota.take(&Client::Local), Ok(()));
        }
    }
}
