//! What every request goes through before its route, in one layer: the
//! language its errors are worded in ([`crate::lang::current`]), paths that
//! are not text, the request's identity, on the application's routes the
//! cross-origin check of writes and the handlers' settings, and the request
//! metrics (route, method, status, latency to the response head), refusals
//! included.
//!
//! One hand-written layer rather than a `from_fn` middleware per concern:
//! each `from_fn` layer boxes a clone of the service under it and the future
//! of every request, and axum boxes every layer of a router around every
//! route once more; with six of them, allocating and moving requests from
//! future to future was most of the cost of `/healthz` (README,
//! "Performance"). Here a request costs a reference count, the extensions it
//! sets and its labels, which share the router's pattern; each concern keeps
//! its rule and its refusal in its own module, and the state is read only to
//! word a refusal.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::response::Response;
use tokio::task::futures::TaskLocalFuture;
use tower::{Layer, Service};

use crate::lang::Lang;
use crate::metrics::{Metrics, RoutePattern};
use crate::state::Live;
use crate::web::identity::{IdentityPolicy, identify_request};
use crate::web::lang::ReqLang;
use crate::web::origin::refuse_cross_origin;
use crate::web::pages::refuse_undecodable_path;
use crate::web::settings::WebSettings;

/// The layer; cloning it shares its settings.
#[derive(Clone)]
pub struct Gate(Arc<Checks>);

struct Checks {
    live: Live,
    /// The process's metrics: reloads keep them, so the state's at build time is the one.
    metrics: Arc<Metrics>,
    identity: IdentityPolicy,
    /// Longest name from the identity header: fixed for the process, as the
    /// metrics are, so the state's at build time is the one.
    max_name_chars: usize,
    /// The application's routes: writes refused from other origins
    /// (`--trusted-origins`), and the settings handlers extract. `/mcp`
    /// applies its own origin policy; static files take neither.
    routes: Option<Arc<WebSettings>>,
}

impl Gate {
    /// The gate of routes that bring their own origin policy, or need
    /// none: `/mcp`, static files.
    pub fn new(live: Live, identity: IdentityPolicy) -> Gate {
        Gate::over(live, identity, None)
    }

    /// The gate of the application's routes: also refuses writes from
    /// origins `settings` does not trust, and gives handlers `settings`.
    pub fn for_routes(live: Live, settings: Arc<WebSettings>) -> Gate {
        Gate::over(live, settings.identity.clone(), Some(settings))
    }

    fn over(live: Live, identity: IdentityPolicy, routes: Option<Arc<WebSettings>>) -> Gate {
        let state = live.snapshot();
        Gate(Arc::new(Checks {
            live,
            metrics: state.metrics,
            identity,
            max_name_chars: state.limits.by_chars,
            routes,
        }))
    }
}

impl<S> Layer<S> for Gate {
    type Service = Gated<S>;

    fn layer(&self, inner: S) -> Gated<S> {
        Gated {
            inner,
            checks: self.0.clone(),
        }
    }
}

/// A route behind the [`Gate`].
#[derive(Clone)]
pub struct Gated<S> {
    inner: S,
    checks: Arc<Checks>,
}

impl Checks {
    /// Lets `request` through, setting what handlers extract (`None`), or
    /// answers it (the refusal).
    fn admit(&self, request: &mut Request, lang: Lang) -> Option<Response> {
        let refusal = refuse_undecodable_path(&self.live, request.uri().path(), lang)
            .or_else(|| identify_request(&self.live, (&self.identity, self.max_name_chars), request, lang));
        if refusal.is_some() {
            return refusal;
        }
        if let Some(settings) = &self.routes {
            let refusal = refuse_cross_origin(&self.live, &settings.origins, request, lang);
            if refusal.is_some() {
                return refusal;
            }
            request.extensions_mut().insert(settings.clone());
        }
        None
    }
}

impl<S> Service<Request> for Gated<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = GateFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> GateFuture<S::Future> {
        let record = Record {
            started: Instant::now(),
            route: RoutePattern::new(request.extensions().get::<MatchedPath>()),
            method: request.method().clone(),
            metrics: self.checks.metrics.clone(),
        };
        // A `lang` docdesk does not speak leaves the reader's language.
        let lang =
            ReqLang::read(request.uri(), request.headers()).map_or_else(|r| r.reader(), ReqLang::resolved);
        let refused = crate::lang::speaking_blocking(lang, || self.checks.admit(&mut request, lang));
        let route = match refused {
            None => Some(crate::lang::speaking(lang, self.inner.call(request))),
            Some(_) => None,
        };
        GateFuture {
            route,
            refused,
            record,
        }
    }
}

pin_project_lite::pin_project! {
    /// The route's answer (or the gate's refusal), counted once it is ready.
    pub struct GateFuture<F> {
        #[pin]
        route: Option<TaskLocalFuture<Lang, F>>,
        refused: Option<Response>,
        record: Record,
    }
}

impl<F> Future for GateFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = match this.route.as_pin_mut() {
            Some(route) => match ready!(route.poll(cx)) {
                Ok(response) => response,
                Err(never) => match never {},
            },
            None => this.refused.take().expect("a refusal is answered once"),
        };
        let record = &*this.record;
        record.metrics.request(
            &record.route,
            &record.method,
            response.status().as_u16(),
            record.started.elapsed(),
        );
        Poll::Ready(Ok(response))
    }
}

/// What the metrics count of a request.
struct Record {
    started: Instant,
    route: RoutePattern,
    method: Method,
    metrics: Arc<Metrics>,
}
