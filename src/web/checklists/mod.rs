//! Checklists: the JSON API and server-sent events, shared with the MCP
//! tools ([`api`]), the pages and their no-JavaScript form posts
//! ([`pages`], rendered by [`run_page`]), and exports ([`exports`]).

pub mod api;
pub mod exports;
pub mod pages;
pub mod run_page;

pub use pages::render_run_page;

use axum::Router;

use crate::state::Live;

/// Checklist routes, API, pages and exports.
pub fn router() -> Router<Live> {
    Router::new()
        .merge(api::router())
        .merge(pages::router())
        .merge(exports::router())
}
