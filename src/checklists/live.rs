//! Live events, fanned out per run: each run being watched has a channel of
//! its own, so a change wakes only the streams of its run (one channel for
//! every run woke every open stream for every change), and a run nobody
//! watches costs nothing — its changes are not even turned into events.
//!
//! Streams are capped, per run and in all, so open streams cannot exhaust
//! memory or connections; a stream beyond a cap is refused, never queued.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::broadcast;

use super::view::StepEvent;

/// What live subscribers receive.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// A step changed (boxed: each run's channel keeps up to 128 events).
    Step(Box<StepEvent>),
    /// Changes may have been missed (a lagging subscriber, a lost database
    /// feed): reload the run.
    Resync,
}

/// Events a run's channel holds for its slowest stream; one further behind
/// is told to resync (it reloads the run) instead of silently missing some.
const RUN_CHANNEL_CAPACITY: usize = 128;

/// Caps on open live streams; each has a flag and an environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLimits {
    /// Streams open on one run (429 beyond).
    pub per_run: usize,
    /// Streams open on the whole server (503 beyond).
    pub total: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        // A maintenance window has a handful of people on one run; the
        // total leaves most of the default 512 connections to requests.
        StreamLimits {
            per_run: 32,
            total: 256,
        }
    }
}

/// Why a stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The run already has `per_run` streams.
    RunFull(usize),
    /// The server already has `total` streams.
    ServerFull(usize),
}

/// The channels of the runs being watched.
#[derive(Default)]
pub struct Hub {
    inner: Arc<Mutex<Channels>>,
}

#[derive(Default)]
struct Channels {
    runs: HashMap<String, RunChannel>,
    /// Streams open, over every run.
    total: usize,
}

struct RunChannel {
    sender: broadcast::Sender<LiveEvent>,
    streams: usize,
}

/// An open stream's events, and its place under the caps.
pub struct Subscription {
    /// The run's events from now on.
    pub events: broadcast::Receiver<LiveEvent>,
    /// Holds the stream's place; dropping it (the stream ends, however)
    /// frees the place, and the run's channel with its last stream.
    pub slot: Slot,
}

/// A stream's place under the caps.
pub struct Slot {
    inner: Arc<Mutex<Channels>>,
    run_id: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut channels = lock(&self.inner);
        channels.total -= 1;
        if let Some(run) = channels.runs.get_mut(&self.run_id) {
            run.streams -= 1;
            if run.streams == 0 {
                channels.runs.remove(&self.run_id);
            }
        }
    }
}

fn lock(inner: &Mutex<Channels>) -> MutexGuard<'_, Channels> {
    // The counts are updated in one statement each: a panic elsewhere leaves them whole.
    inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hub {
    /// Opens a stream on `run_id`'s events, within `limits`.
    pub fn subscribe(&self, run_id: &str, limits: StreamLimits) -> Result<Subscription, Refused> {
        let mut channels = lock(&self.inner);
        if channels.total >= limits.total {
            return Err(Refused::ServerFull(limits.total));
        }
        let streams = channels.runs.get(run_id).map_or(0, |run| run.streams);
        if streams >= limits.per_run {
            return Err(Refused::RunFull(limits.per_run));
        }
        channels.total += 1;
        let run = channels
            .runs
            .entry(run_id.to_owned())
            .or_insert_with(|| RunChannel {
                sender: broadcast::channel(RUN_CHANNEL_CAPACITY).0,
                streams: 0,
            });
        run.streams += 1;
        Ok(Subscription {
            events: run.sender.subscribe(),
            slot: Slot {
                inner: Arc::clone(&self.inner),
                run_id: run_id.to_owned(),
            },
        })
    }

    /// Whether any stream watches `run_id` (else its changes need no event).
    pub fn is_watched(&self, run_id: &str) -> bool {
        lock(&self.inner).runs.contains_key(run_id)
    }

    /// Sends `event` to the streams of `run_id`, if any.
    pub fn publish(&self, run_id: &str, event: LiveEvent) {
        if let Some(run) = lock(&self.inner).runs.get(run_id) {
            // A stream that ended meanwhile is fine: the change is durable.
            let _ = run.sender.send(event);
        }
    }

    /// Tells every stream to reload its run (changes may have been missed).
    pub fn resync_all(&self) {
        for run in lock(&self.inner).runs.values() {
            let _ = run.sender.send(LiveEvent::Resync);
        }
    }

    /// Streams open on the whole server.
    pub fn streams(&self) -> usize {
        lock(&self.inner).total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: StreamLimits = StreamLimits { per_run: 2, total: 3 };

    #[test]
    fn caps_hold_per_run_and_in_all_and_places_are_freed() {
        let hub = Hub::default();
        let a1 = hub.subscribe("a", LIMITS).unwrap();
        let a2 = hub.subscribe("a", LIMITS).unwrap();
        assert_eq!(hub.subscribe("a", LIMITS).err(), Some(Refused::RunFull(2)));
        let b1 = hub.subscribe("b", LIMITS).unwrap();
        assert_eq!(hub.subscribe("c", LIMITS).err(), Some(Refused::ServerFull(3)));
        assert_eq!(hub.streams(), 3);
        drop(a1);
        assert!(
            hub.subscribe("a", LIMITS).is_ok(),
            "a place on the run is free again"
        );
        drop((a2, b1));
        assert_eq!(hub.streams(), 0);
        assert!(
            !hub.is_watched("a") && !hub.is_watched("b"),
            "channels go with their last stream"
        );
    }

    #[test]
    fn an_event_reaches_only_its_runs_streams() {
        let hub = Hub::default();
        let mut a = hub.subscribe("a", LIMITS).unwrap();
        let mut b = hub.subscribe("b", LIMITS).unwrap();
        hub.publish("a", LiveEvent::Resync);
        hub.publish("nobody", LiveEvent::Resync);
        assert!(matches!(a.events.try_recv(), Ok(LiveEvent::Resync)));
        assert!(b.events.try_recv().is_err(), "b was not woken");
        hub.resync_all();
        assert!(matches!(a.events.try_recv(), Ok(LiveEvent::Resync)));
        assert!(matches!(b.events.try_recv(), Ok(LiveEvent::Resync)));
    }
}
