//! The settings the handlers and middleware apply, fixed for the life of
//! the process (from the command line): given to the app when it is built,
//! not kept in the state that reloads replace. Apart from the app module,
//! so a resource's handlers read them without depending on the app that
//! merges their routers.

use std::sync::Arc;
use std::time::Duration;

use crate::checklists::live::StreamLimits;
use crate::web::clients::RunQuota;
use crate::web::identity::IdentityPolicy;
use crate::web::origin::OriginPolicy;

/// Settings the handlers apply, from the command line.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// How often live event streams send a keep-alive comment.
    pub sse_keep_alive: Duration,
    /// Which origins may change state besides the server's own.
    pub origins: OriginPolicy,
    /// Caps on open live streams.
    pub streams: StreamLimits,
    /// Where the identity of whoever makes a change comes from.
    pub identity: IdentityPolicy,
    /// How many checklist runs each client may create per hour.
    pub runs: Arc<RunQuota>,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            sse_keep_alive: Duration::from_secs(15),
            origins: OriginPolicy::default(),
            streams: StreamLimits::default(),
            identity: IdentityPolicy::default(),
            runs: Arc::default(),
        }
    }
}
