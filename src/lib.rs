//! docdesk: a documentation-driven knowledge server.
//!
//! Knowledge lives in `content/` (documents, UI strings, rules); this crate is
//! the engine that loads it, indexes it, and serves it over HTTP.

pub mod answers;
pub mod cache;
pub mod check;
pub mod checklists;
pub mod cli;
pub mod content;
pub mod docs;
pub mod error;
pub mod i18n;
pub mod lang;
pub mod limits;
pub mod markdown;
pub mod metrics;
pub mod migrations;
pub mod postgres;
pub mod reload;
pub mod search;
pub mod server;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod text;
pub mod toolkit;
pub mod typo;
pub mod web;
