//! Integration tests against the router (`oneshot`) and a real listening server.

mod answers;
mod browser;
mod check;
mod checklists;
mod docs;
mod eval;
mod health;
mod helpers;
mod hostile;
mod search;
mod server;
