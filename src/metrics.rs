//! What operators watch, in the Prometheus text format at `/metrics`:
//! requests by route and status with their latency, open connections and
//! live streams, runs created and step changes, the step changes waiting for
//! their commit and how long commits take, and the result caches' hits and
//! misses. One [`Metrics`] lives for the whole process (content reloads keep
//! it); the caches' counts are read from the state serving at each scrape.

use std::hash::{Hash, Hasher};
use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::Method;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeLabelValue, EncodeMetric, LabelValueEncoder,
};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::cache::CacheCounts;

/// A request's route, method and status. Made for every request, so
/// nothing in it is allocated: the route shares the router's pattern, the
/// method is one of a fixed set.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: RoutePattern,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: RoutePattern,
}

/// The route a request matched: its pattern (`/api/checklists/{id}`), never
/// the raw path, so ids do not multiply series; `unmatched` when no route
/// did.
#[derive(Clone, Debug)]
pub struct RoutePattern(Option<MatchedPath>);

impl RoutePattern {
    /// The route of a request the router has matched (`None`: it matched nothing).
    pub fn new(matched: Option<&MatchedPath>) -> RoutePattern {
        RoutePattern(matched.cloned())
    }

    fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for RoutePattern {
    fn eq(&self, other: &RoutePattern) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RoutePattern {}

impl Hash for RoutePattern {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for RoutePattern {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        self.as_str().encode(encoder)
    }
}

/// The methods counted by name; any other is `other`, so that a client
/// inventing methods cannot add series without end.
static NAMED_METHODS: [Method; 9] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
    Method::CONNECT,
    Method::TRACE,
];

fn method_label(method: &Method) -> &'static str {
    NAMED_METHODS
        .iter()
        .find(|named| *named == method)
        .map_or("other", Method::as_str)
}

/// 0.5 ms to about 8 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

/// What the checklist writer reports (it commits step changes in groups,
/// one at a time): given to the checklist service, which records into it.
#[derive(Clone, Debug)]
pub struct WriteMetrics {
    /// Step changes sent to the writer and not yet acknowledged: waiting
    /// for a group or in the one being committed. Grows when commits are
    /// slower than changes arrive.
    pub waiting: Gauge,
    /// Time to commit one group of changes (one transaction, one fsync).
    pub commit_seconds: Histogram,
}

impl Default for WriteMetrics {
    fn default() -> Self {
        WriteMetrics {
            waiting: Gauge::default(),
            commit_seconds: latency_histogram(),
        }
    }
}

/// The process's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    /// Open HTTP connections.
    pub connections: Gauge,
    /// Open live event streams.
    pub streams: Gauge,
    /// Runs created.
    pub runs_created: Counter,
    /// Step changes committed.
    pub step_changes: Counter,
    /// The checklist writer's queue and commits.
    pub writes: WriteMetrics,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("docdesk");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        let connections = Gauge::default();
        let streams = Gauge::default();
        let runs_created = Counter::default();
        let step_changes = Counter::default();
        let writes = WriteMetrics::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (to the response head), by route",
            latency.clone(),
        );
        registry.register(
            "http_connections_open",
            "HTTP connections open",
            connections.clone(),
        );
        registry.register("sse_streams_open", "Live event streams open", streams.clone());
        registry.register("runs_created", "Checklist runs created", runs_created.clone());
        registry.register("step_changes", "Step changes committed", step_changes.clone());
        registry.register(
            "step_changes_waiting",
            "Step changes waiting for their commit (queued or being committed)",
            writes.waiting.clone(),
        );
        registry.register(
            "step_commit_duration_seconds",
            "Time to commit one group of step changes (one transaction)",
            writes.commit_seconds.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            connections,
            streams,
            runs_created,
            step_changes,
            writes,
        }
    }
}

impl Metrics {
    /// Records one answered request.
    pub fn request(&self, route: &RoutePattern, method: &Method, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.clone(),
                method: method_label(method),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route: route.clone() })
            .observe(took.as_secs_f64());
    }

    /// Everything, in the OpenMetrics text format, with the result caches'
    /// counts as they are now (`caches`: by name, those that are enabled).
    pub fn render(&self, caches: Vec<(&'static str, CacheCounts)>) -> String {
        let mut scraped = Registry::with_prefix("docdesk");
        scraped.register_collector(Box::new(CacheCollector(caches)));
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = encode_registry(&mut text, &self.registry)
            .and_then(|()| encode_registry(&mut text, &scraped))
            .and_then(|()| encode_eof(&mut text));
        text
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    cache: &'static str,
}

/// The caches' counts taken for one scrape, as two counter families.
#[derive(Debug)]
struct CacheCollector(Vec<(&'static str, CacheCounts)>);

impl Collector for CacheCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let hits = ("cache_hits", "Lookups a result cache answered, by cache");
        let misses = ("cache_misses", "Lookups a result cache did not hold, by cache");
        for ((name, help), of_hits) in [(hits, true), (misses, false)] {
            let mut family = encoder.encode_descriptor(name, help, None, MetricType::Counter)?;
            for (cache, counts) in &self.0 {
                let value = if of_hits { counts.hits } else { counts.misses };
                let labels = CacheLabels { cache };
                ConstCounter::new(value).encode(family.encode_family(&labels)?)?;
            }
        }
        Ok(())
    }
}

/// Holds a gauge up while alive: `inc` now, `dec` when dropped, whatever
/// way the holder ends.
#[derive(Debug)]
pub struct Held(Gauge);

impl Held {
    /// Raises `gauge` until the returned value is dropped.
    pub fn new(gauge: &Gauge) -> Held {
        gauge.inc();
        Held(gauge.clone())
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.dec();
    }
}
