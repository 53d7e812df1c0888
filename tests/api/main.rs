//! Integration tests against the router (`oneshot`) and a real listening server.

mod answers;
mod architecture;
mod assertions;
mod backup;
mod browser;
mod check;
mod checklists;
mod content_tree;
#[path = "../../benches/corpus.rs"]
mod corpus;
mod cross_origin;
mod database_restart;
mod docs;
mod eval;
mod fuzz_crate;
mod health;
mod helpers;
mod hostile;
mod identity;
mod input_limits;
mod languages;
mod limits;
mod maximal_run;
mod mcp;
mod navigation;
mod openapi;
mod operations;
mod properties;
mod reload;
mod replicas;
mod run_caps;
mod scale;
mod search;
mod server;
mod settings_documented;
mod streams;
