//! Interactive upgrade checklists: templates from `content/checklists`,
//! tailored to one cluster, stored durably, shared by URL, updated live.

pub mod check;
pub mod export;
pub mod live;
pub mod params;
pub mod steps;
pub mod store;
pub mod template;
pub mod view;

use std::collections::HashMap;
use std::sync::{Arc, mpsc};

use arc_swap::ArcSwap;
use quick_cache::sync::Cache;
use schemars::JsonSchema;
use serde::Deserialize;
use tokio::sync::watch;

use self::live::{Hub, LiveEvent, Refused, StreamLimits, Subscription};
use self::params::{ParamError, Params};
use self::steps::{StepChange, StepState};
use self::store::{AuditEvent, Notice, Outcome, RunRecord, RunStore, StorageError};
use self::template::{ExpandedStep, Template, Templates};
use self::view::{Downtime, Progress, RunView, StepEvent, StepView};
use crate::cache::{CacheCounts, CountedCache};
use crate::lang::Lang;
use crate::limits::Limits;
use crate::metrics::{Held, WriteMetrics};
use crate::toolkit::doc_url;

/// Why a checklist operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ChecklistError {
    /// A field of the request is not acceptable (422).
    #[error(transparent)]
    Invalid(#[from] ParamError),
    /// The database failed (500).
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Body of `POST /api/checklists`.
#[derive(Debug, Clone, Deserialize, JsonSchema, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    /// Template id, e.g. `cms-upgrade`.
    pub template: String,
    /// `pt-BR` or `en` (any Portuguese or English tag); default: `?lang=`,
    /// then `Accept-Language`, then en.
    #[schema(value_type = Option<Lang>)]
    pub lang: Option<String>,
    /// The parameters the template declares.
    #[schema(value_type = Object)]
    pub params: Params,
}

/// Checklist service: templates, storage and live events.
pub struct Checklists {
    core: Arc<Core>,
    /// Step changes go to the writer thread, which commits them in groups.
    writer: mpsc::Sender<PendingChange>,
    /// Set on shutdown, so live streams end and graceful shutdown can finish.
    closing: watch::Sender<bool>,
}

/// What the request threads and the service's threads use.
struct Core {
    /// The templates new runs are created from; a reload replaces them.
    templates: ArcSwap<Templates>,
    /// Templates as runs were created from them, by version: each run
    /// follows its own, whatever the current templates say.
    versions: Cache<String, Arc<Template>>,
    store: Box<dyn RunStore>,
    /// Live events, per run.
    live: Hub,
    /// Other processes write the same database: live events come from the
    /// store's change feed (this process's own commits included), not from
    /// the publisher thread.
    shared: bool,
    /// Each run's expansion per language, built once (see [`Expansion`]).
    expansions: CountedCache<(String, Lang), Arc<Expansion>>,
    /// The writer's queue and commit times, for `/metrics`.
    writes: WriteMetrics,
}

/// A run as its template expands it in one language: title and steps.
/// Parameters never change during a run and a run keeps the version of its
/// template it was created from, so it is built once and every view of the run (page, API, each
/// live event, each PATCH answer) reuses it instead of expanding again.
struct Expansion {
    params: Params,
    title: String,
    /// The template's document, which steps cite.
    doc: String,
    /// In template order.
    steps: Vec<ExpandedStep>,
    /// Index in `steps` by step id.
    positions: HashMap<String, usize>,
}

impl Expansion {
    /// Expands `template` (`None`: a template neither stored with the run
    /// nor shipped any more, whose runs still show their steps' states under
    /// their ids).
    fn new(template: Option<&Template>, template_id: &str, params: Params, lang: Lang) -> Expansion {
        let steps = template.map(|t| t.expand(&params, lang)).unwrap_or_default();
        let positions = steps.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        Expansion {
            title: template.map_or_else(|| template_id.to_owned(), |t| t.title(&params, lang)),
            doc: template.map(|t| t.doc.clone()).unwrap_or_default(),
            params,
            steps,
            positions,
        }
    }

    fn step(&self, id: &str) -> Option<&ExpandedStep> {
        self.positions.get(id).map(|&i| &self.steps[i])
    }

    /// A step as the API shows it: its stored state with this expansion's texts.
    fn view(&self, state: &StepState, lang: Lang) -> StepView {
        // A step the current template no longer has still shows its state.
        let step = self.step(&state.id);
        StepView {
            state: state.clone(),
            title: step.map_or_else(|| state.id.clone(), |s| s.title.clone()),
            text: step.map(|s| s.text.clone()).unwrap_or_default(),
            command: step.and_then(|s| s.command.clone()),
            section_url: step
                .map(|s| doc_url(lang, &self.doc, Some(&s.section)))
                .unwrap_or_default(),
            starts_downtime: step.is_some_and(|s| s.starts_downtime),
            ends_downtime: step.is_some_and(|s| s.ends_downtime),
        }
    }

    /// Progress and the downtime clock of a run with these step states.
    fn summary(&self, states: &[StepState]) -> (Progress, Downtime) {
        let progress = Progress {
            done: states.iter().filter(|s| s.done).count(),
            skipped: states.iter().filter(|s| s.skipped).count(),
            total: states.len(),
        };
        let ticked = |flag: fn(&ExpandedStep) -> bool| {
            states
                .iter()
                .find(|s| s.done && self.step(&s.id).is_some_and(flag))
                .and_then(|s| s.done_at.clone())
        };
        let started_at = ticked(|s| s.starts_downtime);
        let ended_at = started_at.as_ref().and_then(|_| ticked(|s| s.ends_downtime));
        (progress, Downtime { started_at, ended_at })
    }
}

/// Expansions kept: both languages of the runs in use, far more than one
/// help desk follows at once.
const EXPANSIONS_KEPT: usize = 1024;

/// Template versions kept parsed: a template changes a few times a year.
const VERSIONS_KEPT: usize = 64;

/// A committed group, on its way to the publisher thread.
struct Committed {
    group: Vec<PendingChange>,
    outcomes: Vec<Outcome>,
}

/// A change waiting for the next group commit.
struct PendingChange {
    run_id: String,
    step_id: String,
    change: StepChange,
    /// The run after the change (`None`: unknown run or step).
    reply: mpsc::SyncSender<Result<Option<RunRecord>, StorageError>>,
}

/// Most changes committed in one transaction.
const MAX_GROUP: usize = 256;

/// The writer thread: takes every change waiting, commits them in one
/// transaction (one fsync) and hands the group to the publisher thread,
/// then goes on with the next group: building views is no work of the writer.
fn write_loop(core: &Core, changes: &mpsc::Receiver<PendingChange>, committed: &mpsc::Sender<Committed>) {
    while let Ok(first) = changes.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match changes.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let batch: Vec<(&str, &str, &StepChange)> = group
            .iter()
            .map(|p| (p.run_id.as_str(), p.step_id.as_str(), &p.change))
            .collect();
        let started = std::time::Instant::now();
        let result = core.store.update_steps(&batch, &steps::now());
        core.writes
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        match result {
            Ok(outcomes) => {
                // The publisher thread ends only after this one.
                let _ = committed.send(Committed { group, outcomes });
            }
            Err(error) => {
                tracing::error!(%error, "group commit failed");
                let unavailable = error.is_unavailable();
                let message = error.to_string();
                for pending in group {
                    let error = if unavailable {
                        StorageError::Unavailable(message.clone())
                    } else {
                        StorageError::Write(message.clone())
                    };
                    let _ = pending.reply.send(Err(error));
                }
            }
        }
    }
}

/// The publisher thread: publishes the events of each committed group in
/// commit order — so live subscribers never see an older state after a
/// newer one — and only then acknowledges its changes. (With a shared
/// database the relay thread publishes, from the database's change feed.)
fn publish_loop(core: &Core, committed: &mpsc::Receiver<Committed>) {
    while let Ok(Committed { group, outcomes }) = committed.recv() {
        for (pending, outcome) in group.into_iter().zip(outcomes) {
            if let (false, Outcome::Changed(run)) = (core.shared, &outcome) {
                core.publish_step(run, &pending.step_id);
            }
            let _ = pending.reply.send(Ok(outcome.into_run()));
        }
    }
}

impl Checklists {
    /// Builds the service over loaded templates and an open store,
    /// recording its writer's queue and commits in `writes`.
    pub fn new(templates: Templates, store: Box<dyn RunStore>, writes: WriteMetrics) -> Checklists {
        let (closing, _) = watch::channel(false);
        let feed = store.feed();
        let versions = Cache::new(VERSIONS_KEPT);
        // On a thread of its own: the service may be built on an async
        // thread, where a backend may not block on its own runtime.
        std::thread::scope(|scope| {
            scope.spawn(|| adopt_templates(&*store, &templates));
        });
        for template in templates.values() {
            versions.insert(template.version().version, Arc::new(template.clone()));
        }
        let core = Arc::new(Core {
            templates: ArcSwap::from_pointee(templates),
            versions,
            store,
            live: Hub::default(),
            shared: feed.is_some(),
            expansions: CountedCache::new(EXPANSIONS_KEPT),
            writes,
        });
        if let Some(feed) = feed {
            // Weak: the service owns the store, whose feed ends the thread
            // when the service is dropped.
            let relay_core = Arc::downgrade(&core);
            std::thread::Builder::new()
                .name("docdesk-relay".into())
                .spawn(move || relay_loop(&relay_core, &feed))
                .expect("the relay thread starts");
        }
        let (writer, changes) = mpsc::channel();
        let (committed, to_publish) = mpsc::channel();
        let writer_core = core.clone();
        let publisher_core = core.clone();
        // The writer ends when `writer` is dropped with the service, and the
        // publisher after it.
        std::thread::Builder::new()
            .name("docdesk-writer".into())
            .spawn(move || write_loop(&writer_core, &changes, &committed))
            .expect("the writer thread starts");
        std::thread::Builder::new()
            .name("docdesk-events".into())
            .spawn(move || publish_loop(&publisher_core, &to_publish))
            .expect("the publisher thread starts");
        Checklists {
            core,
            writer,
            closing,
        }
    }

    /// Makes `templates` the ones new runs are created from (a reload);
    /// runs already created keep following their own version.
    pub fn set_templates(&self, templates: Templates) {
        for template in templates.values() {
            let version = template.version().version;
            if self.core.versions.get(&version).is_none() {
                self.core.versions.insert(version, Arc::new(template.clone()));
            }
        }
        self.core.templates.store(Arc::new(templates));
    }

    /// Ends every live stream (the server is shutting down).
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }

    /// Whether the server is shutting down.
    pub fn is_closing(&self) -> bool {
        *self.closing.borrow()
    }

    /// Resolves when [`Checklists::close_streams`] has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut receiver = self.closing.subscribe();
        async move {
            // An error means the sender is gone, which also means shutting down.
            let _ = receiver.wait_for(|closing| *closing).await;
        }
    }

    /// Opens a live stream of `run_id`'s changes, within `limits`.
    pub fn subscribe(&self, run_id: &str, limits: StreamLimits) -> Result<Subscription, Refused> {
        self.core.live.subscribe(run_id, limits)
    }

    /// Creates a run of `template` in `lang` (the caller has read the
    /// request's language, as for any other route) with `params` within
    /// `limits`, audited as made by `by` when known. Blocking (writes to disk).
    pub fn create(
        &self,
        template: &str,
        params: Params,
        lang: Lang,
        limits: &Limits,
        by: Option<&str>,
    ) -> Result<RunView, ChecklistError> {
        let templates = self.core.templates.load();
        let template = template::find_template(&templates, template, lang)?;
        template.validate(&params, lang, limits)?;
        let stored = serde_json::to_string(&params).map_err(StorageError::from)?;
        let expansion = Expansion::new(Some(template), &template.id, params, lang);
        let version = template.version();
        let record = RunRecord {
            id: new_run_id(),
            template: template.id.clone(),
            lang: lang.as_str().to_owned(),
            params: stored,
            created_at: steps::now(),
            revision: 0,
            template_version: Some(version.version.clone()),
            steps: expansion
                .steps
                .iter()
                .map(|s| StepState {
                    id: s.id.clone(),
                    ..Default::default()
                })
                .collect(),
        };
        self.core.store.create_run(&record, &version, by)?;
        // The expansion just built is the run's: the first view reuses it.
        self.core
            .expansions
            .insert((record.id.clone(), lang), Arc::new(expansion));
        Ok(self.core.view(&record, Some(lang))?)
    }

    /// A run in `lang` (default: the language it was created in). Blocking.
    pub fn get(&self, id: &str, lang: Option<Lang>) -> Result<Option<RunView>, ChecklistError> {
        match self.core.store.load_run(id)? {
            Some(record) => Ok(Some(self.core.view(&record, lang)?)),
            None => Ok(None),
        }
    }

    /// The newest `limit` runs, newest first, in `lang` (each run's own
    /// language when `None`). Blocking.
    pub fn recent(&self, limit: usize, lang: Option<Lang>) -> Result<Vec<RunView>, ChecklistError> {
        let mut runs = Vec::new();
        for id in self.core.store.recent_runs(limit)? {
            if let Some(record) = self.core.store.load_run(&id)? {
                runs.push(self.core.view(&record, lang)?);
            }
        }
        Ok(runs)
    }

    /// Applies a change; returns the updated step, or `None` for an unknown
    /// run or step. Blocking; the run is read once, in the write transaction.
    pub fn update(
        &self,
        id: &str,
        step_id: &str,
        change: &StepChange,
        lang: Option<Lang>,
    ) -> Result<Option<StepView>, ChecklistError> {
        let (reply, acknowledged) = mpsc::sync_channel(1);
        let pending = PendingChange {
            run_id: id.to_owned(),
            step_id: step_id.to_owned(),
            change: change.clone(),
            reply,
        };
        let stopped = || StorageError::Write("the writer thread has stopped".into());
        // Counted from the send to the acknowledgement, however it ends.
        let waiting = Held::new(&self.core.writes.waiting);
        self.writer.send(pending).map_err(|_| stopped())?;
        let outcome = acknowledged.recv();
        drop(waiting);
        let Some(record) = outcome.map_err(|_| stopped())?? else {
            return Ok(None);
        };
        let lang = run_lang(&record, lang);
        let expansion = self.core.expansion(&record, lang)?;
        Ok(record
            .steps
            .iter()
            .find(|s| s.id == step_id)
            .map(|state| expansion.view(state, lang)))
    }

    /// The audit log of a run. Blocking.
    pub fn audit(&self, id: &str) -> Result<Vec<AuditEvent>, ChecklistError> {
        Ok(self.core.store.events(id)?)
    }

    /// Lookups of runs' expansions (title and steps' texts, built once per
    /// run and language) so far.
    pub fn expansion_counts(&self) -> CacheCounts {
        self.core.expansions.counts()
    }

    /// Answers when the database does. Blocking.
    pub fn ping(&self) -> Result<(), ChecklistError> {
        Ok(self.core.store.ping()?)
    }
}

/// Runs stored before template versions were kept follow the template they
/// were following until now, the one read at this start: each template's
/// version is stored and given to them.
fn adopt_templates(store: &dyn RunStore, templates: &Templates) {
    for template in templates.values() {
        match store.adopt_template(&template.version()) {
            Ok(0) => {}
            Ok(runs) => tracing::info!(template = %template.id, runs, "runs now keep their template version"),
            Err(error) => tracing::warn!(%error, template = %template.id, "cannot store a template version"),
        }
    }
}

/// The relay thread of a shared database: turns each change any process
/// committed into a live event, reading the run as it is now (so a
/// subscriber never sees a state older than one it was sent).
fn relay_loop(core: &std::sync::Weak<Core>, feed: &mpsc::Receiver<Notice>) {
    while let Ok(notice) = feed.recv() {
        let Some(core) = core.upgrade() else { return };
        match notice {
            Notice::Resync => {
                core.live.resync_all();
            }
            Notice::Changed { run_id, step_id } => {
                if !core.live.is_watched(&run_id) {
                    continue; // nobody is watching: no read
                }
                match core.store.load_run(&run_id) {
                    Ok(Some(run)) => core.publish_step(&run, &step_id),
                    Ok(None) => {}
                    Err(error) => {
                        // The feed's connection breaks too, and its return resyncs everyone.
                        tracing::warn!(%error, "cannot read a changed run for live events");
                        core.live.publish(&run_id, LiveEvent::Resync);
                    }
                }
            }
        }
    }
}

impl Core {
    /// Publishes the state of one step of `run` to live subscribers.
    fn publish_step(&self, run: &RunRecord, step_id: &str) {
        if !self.live.is_watched(&run.id) {
            return; // nobody is watching: no view to build
        }
        let lang = run_lang(run, None);
        let Ok(expansion) = self.expansion(run, lang) else {
            return;
        };
        let Some(state) = run.steps.iter().find(|s| s.id == step_id) else {
            return;
        };
        let (progress, downtime) = expansion.summary(&run.steps);
        self.live.publish(
            &run.id,
            LiveEvent::Step(Box::new(StepEvent {
                run_id: run.id.clone(),
                revision: run.revision,
                step: expansion.view(state, lang),
                progress,
                downtime,
            })),
        );
    }

    /// The run's expansion in `lang`, built on first use.
    fn expansion(&self, record: &RunRecord, lang: Lang) -> Result<Arc<Expansion>, StorageError> {
        let expansion = self
            .expansions
            .get_or_insert_with(&(record.id.clone(), lang), || {
                let params: Params = serde_json::from_str(&record.params)?;
                let template = self.template_of(record)?;
                Ok::<_, StorageError>(Arc::new(Expansion::new(
                    template.as_deref(),
                    &record.template,
                    params,
                    lang,
                )))
            })?;
        Ok(expansion)
    }

    /// The template `record` follows: the version it was created from,
    /// else (a run stored before versions were, its template gone at the
    /// last start; a version that no longer parses) the current one of that id.
    fn template_of(&self, record: &RunRecord) -> Result<Option<Arc<Template>>, StorageError> {
        if let Some(version) = &record.template_version {
            if let Some(template) = self.versions.get(version) {
                return Ok(Some(template));
            }
            if let Some(stored) = self.store.template_version(version)? {
                match Template::from_version(&stored) {
                    Ok(template) => {
                        let template = Arc::new(template);
                        self.versions.insert(version.clone(), template.clone());
                        return Ok(Some(template));
                    }
                    Err(error) => {
                        tracing::warn!(%error, run = %record.id, "a stored template version does not parse")
                    }
                }
            }
        }
        Ok(self.templates.load().get(&record.template).cloned().map(Arc::new))
    }

    fn view(&self, record: &RunRecord, lang: Option<Lang>) -> Result<RunView, StorageError> {
        let lang = run_lang(record, lang);
        let expansion = self.expansion(record, lang)?;
        let (progress, downtime) = expansion.summary(&record.steps);
        Ok(RunView {
            id: record.id.clone(),
            url: format!("/checklists/{}", record.id),
            template: record.template.clone(),
            title: expansion.title.clone(),
            lang,
            params: expansion.params.clone(),
            created_at: record.created_at.clone(),
            revision: record.revision,
            steps: record
                .steps
                .iter()
                .map(|state| expansion.view(state, lang))
                .collect(),
            progress,
            downtime,
        })
    }
}

/// The language to show `record` in: `lang`, else the run's own.
fn run_lang(record: &RunRecord, lang: Option<Lang>) -> Lang {
    lang.or_else(|| Lang::from_tag(&record.lang).ok())
        .unwrap_or(Lang::En)
}

/// 128 random bits, hex: unguessable, so the URL itself is the share link.
fn new_run_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::params::ParamValue;
    use super::template::Template;
    use super::*;
    use crate::content::Content;

    fn template() -> Template {
        let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        content.checklists["cms-upgrade"].clone()
    }

    /// An SP2 cluster with active node EX1.
    fn params(cluster_type: &str, passive: &[&str], cluster_os: &str, target_os: Option<&str>) -> Params {
        let one = |v: &str| ParamValue::One(v.into());
        let p = Params::default()
            .with("cluster_type", one(cluster_type))
            .with("active_node", one("EX1"))
            .with(
                "passive_nodes",
                ParamValue::Many(passive.iter().map(|p| (*p).into()).collect()),
            )
            .with("target", one("SP2"))
            .with("cluster_os", one(cluster_os));
        match target_os {
            Some(os) => p.with("target_os", one(os)),
            None => p,
        }
    }

    fn position(steps: &[ExpandedStep], id: &str) -> usize {
        steps
            .iter()
            .position(|s| s.id == id)
            .unwrap_or_else(|| panic!("no step {id}"))
    }

    /// Every view of a run (creation, reads, PATCH answers, live events)
    /// reuses one expansion per language instead of expanding again.
    #[test]
    fn a_runs_steps_are_expanded_once_per_language() {
        let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = crate::storage::Store::open(dir.path()).unwrap();
        let service = Checklists::new(
            content.checklists.clone(),
            Box::new(store),
            WriteMetrics::default(),
        );
        let params = params("scc", &["EX2", "EX3"], "windows-server-2008", None);
        let run = service
            .create("cms-upgrade", params.clone(), Lang::En, &Limits::DEFAULT, None)
            .unwrap();
        let record = service.core.store.load_run(&run.id).unwrap().unwrap();
        let en = service.core.expansion(&record, Lang::En).unwrap();
        let tick = StepChange {
            done: Some(true),
            by: Some("ana".into()),
            ..Default::default()
        };
        let step = service
            .update(&run.id, "move-groups-ex2", &tick, None)
            .unwrap()
            .unwrap();
        assert!(step.state.done);
        service.get(&run.id, None).unwrap().unwrap();
        assert!(
            Arc::ptr_eq(&en, &service.core.expansion(&record, Lang::En).unwrap()),
            "the expansion built at creation serves every later view"
        );
        let pt = service.get(&run.id, Some(Lang::PtBr)).unwrap().unwrap();
        let expected = template().expand(&params, Lang::PtBr);
        let titles: Vec<&str> = pt.steps.iter().map(|s| s.title.as_str()).collect();
        let expected: Vec<&str> = expected.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, expected, "each language has its own expansion");
        assert!(
            pt.steps
                .iter()
                .any(|s| s.state.id == "move-groups-ex2" && s.state.done)
        );
    }

    #[test]
    fn a_ccr_upgrade_fills_in_node_names_and_keeps_the_order() {
        let steps = template().expand(&params("ccr", &["EX2"], "windows-server-2003", None), Lang::En);
        let move_groups = &steps[position(&steps, "move-groups-ex2")];
        assert_eq!(
            move_groups.command.as_deref(),
            Some("Cluster.exe group \"Cluster Group\" /move:EX1")
        );
        assert!(steps[0].id == "windows-2003-sp2" && steps[0].text.contains("EX1, EX2"));
        let start = steps.iter().position(|s| s.starts_downtime).unwrap();
        let end = steps.iter().position(|s| s.ends_downtime).unwrap();
        assert!(position(&steps, "upgrade-passive-ex2") < start);
        assert!(start < end && end < position(&steps, "upgrade-original-active"));
        assert!(
            steps
                .iter()
                .any(|s| s.command.as_deref() == Some("Setup.com /mode:Upgrade"))
        );
        assert!(steps.iter().all(|s| !s.text.contains('{')), "placeholders left");
        assert!(steps.iter().any(|s| s.id == "manage-from-2003-xp"));
    }

    #[test]
    fn an_scc_with_three_passive_nodes_upgrades_each_before_the_downtime() {
        let steps = template().expand(
            &params("scc", &["EX2", "EX3", "EX4"], "windows-server-2008", None),
            Lang::PtBr,
        );
        let start = steps.iter().position(|s| s.starts_downtime).unwrap();
        for node in ["ex2", "ex3", "ex4"] {
            for kind in ["confirm-passive", "move-groups", "upgrade-passive"] {
                assert!(
                    position(&steps, &format!("{kind}-{node}")) < start,
                    "{kind}-{node}"
                );
            }
        }
        assert!(position(&steps, "upgrade-original-active") > start);
        assert!(
            steps.iter().all(|s| s.id != "windows-2003-sp2"),
            "no 2003 prerequisite on a 2008 cluster"
        );
        assert!(
            steps[start].title.contains("EX2"),
            "moves to the first upgraded passive node"
        );
        assert!(
            steps
                .iter()
                .any(|s| s.command.as_deref() == Some("ServerManagerCmd -I RSAT-Clustering"))
        );
        assert!(
            steps[0].title.starts_with("Manter"),
            "Portuguese titles: {}",
            steps[0].title
        );
    }

    #[test]
    fn moving_from_2003_to_2008_is_a_migration() {
        let steps = template().expand(
            &params(
                "ccr",
                &["EX2"],
                "windows-server-2003",
                Some("windows-server-2008"),
            ),
            Lang::En,
        );
        let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "no-rolling-os-upgrade",
                "build-new-cluster",
                "new-cms",
                "move-mailboxes",
                "replicate-public-folders",
                "retire-old-cluster",
                "manage-from-2008"
            ]
        );
        assert!(
            steps[position(&steps, "move-mailboxes")]
                .command
                .as_deref()
                .unwrap()
                .starts_with("Move-Mailbox")
        );
    }

    #[test]
    fn parameters_are_validated_field_by_field() {
        let t = template();
        let field = |p: Params| t.validate(&p, Lang::En, &Limits::DEFAULT).unwrap_err().field;
        let p = params("ccr", &["EX2", "EX3"], "windows-server-2003", None);
        assert_eq!(field(p.clone()), "params.passive_nodes");
        let p = params("scc", &[], "windows-server-2003", None);
        assert_eq!(field(p), "params.passive_nodes");
        for (bad, expected) in [
            ("1234", "params.active_node"),
            ("THIS-NAME-IS-TOO-LONG", "params.active_node"),
            ("EX 1", "params.active_node"),
            ("", "params.active_node"),
        ] {
            let p = params("ccr", &["EX2"], "windows-server-2003", None)
                .with("active_node", ParamValue::One(bad.into()));
            assert_eq!(field(p), expected, "{bad:?}");
        }
        assert_eq!(
            field(params("ccr", &["ex1"], "windows-server-2003", None)),
            "params.passive_nodes[0]"
        );
        assert_eq!(
            field(params("scc", &["EX2", "ex2"], "windows-server-2003", None)),
            "params.passive_nodes[1]"
        );
        assert_eq!(
            field(params("mns", &["EX2"], "windows-server-2003", None)),
            "params.cluster_type"
        );
        assert_eq!(
            field(params("ccr", &["EX2"], "windows-server-2012", None)),
            "params.cluster_os"
        );
        assert_eq!(
            field(params(
                "ccr",
                &["EX2"],
                "windows-server-2008",
                Some("windows-server-2003")
            )),
            "params.target_os"
        );
        let unknown = params("ccr", &["EX2"], "windows-server-2003", None)
            .with("colour", ParamValue::One("red".into()));
        assert_eq!(field(unknown), "params.colour");
        let no_list = params("ccr", &["EX2"], "windows-server-2003", None)
            .with("passive_nodes", ParamValue::One("EX2".into()));
        assert_eq!(field(no_list), "params.passive_nodes");
        assert!(
            t.validate(
                &params("scc", &["EX-2", "ex3"], "windows-server-2008", None),
                Lang::En,
                &Limits::DEFAULT
            )
            .is_ok()
        );
        // Messages the template declares come in the run's language.
        let pt = t
            .validate(
                &params("ccr", &["EX2", "EX3"], "windows-server-2003", None),
                Lang::PtBr,
                &Limits::DEFAULT,
            )
            .unwrap_err();
        assert!(
            pt.message.contains("CCR") && pt.message.contains("passivo"),
            "{pt}"
        );
    }
}
