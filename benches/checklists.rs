//! Run page rendering: loading the run from SQLite and rendering it, and
//! rendering alone.
//!
//! Run: `cargo bench --bench checklists`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use docdesk::content::Content;
use docdesk::lang::Lang;
use docdesk::state::AppState;
use docdesk::web::checklists::render_run_page;

fn checklists(c: &mut Criterion) {
    let content =
        Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content loads");
    let data = tempfile::tempdir().expect("temp dir");
    let state = AppState::new(content, 0, data.path()).expect("state");
    // An SCC cluster with three passive nodes: 16 steps, some ticked, one with a note.
    let run = state
        .checklists
        .create(
            "cms-upgrade",
            serde_json::from_value(serde_json::json!({
                "cluster_type": "scc", "active_node": "EX1", "passive_nodes": ["EX2", "EX3", "EX4"],
                "target": "SP2", "cluster_os": "windows-server-2003"
            }))
            .expect("params"),
            Lang::PtBr,
            &state.limits,
            None,
        )
        .expect("run");
    for step in run.steps.iter().take(6) {
        let change = docdesk::checklists::steps::StepChange {
            done: Some(true),
            by: Some("ana".into()),
            note: Some("ok".into()),
            ..Default::default()
        };
        state
            .checklists
            .update(&run.id, &step.state.id, &change, None)
            .expect("update");
    }
    c.bench_function("run_page/load_and_render", |b| {
        b.iter(|| {
            let view = state
                .checklists
                .get(black_box(&run.id), None)
                .expect("load")
                .expect("exists");
            black_box(render_run_page(&state, view).expect("render"))
        })
    });
    let view = state
        .checklists
        .get(&run.id, None)
        .expect("load")
        .expect("exists");
    c.bench_function("run_page/render_only", |b| {
        b.iter(|| black_box(render_run_page(&state, view.clone()).expect("render")))
    });
}

criterion_group!(benches, checklists);
criterion_main!(benches);
