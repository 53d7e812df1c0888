//! Answers: the API, shared with the MCP tools ([`api`]), and the Ask and
//! matrix pages ([`pages`]).

pub mod api;
pub mod pages;

use axum::Router;

use crate::state::Live;

/// Answer routes, API and pages.
pub fn router() -> Router<Live> {
    Router::new().merge(pages::router()).merge(api::router())
}
