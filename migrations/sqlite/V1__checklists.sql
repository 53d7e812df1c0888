-- Checklist runs, their steps' state, and an append-only audit log.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    template    TEXT NOT NULL,
    lang        TEXT NOT NULL,
    params      TEXT NOT NULL,          -- JSON, as validated
    created_at  TEXT NOT NULL           -- RFC 3339, UTC
);

CREATE TABLE steps (
    run_id      TEXT NOT NULL REFERENCES runs(id),
    step_id     TEXT NOT NULL,
    position    INTEGER NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0,
    done_at     TEXT,
    done_by     TEXT,
    skipped     INTEGER NOT NULL DEFAULT 0,
    skip_reason TEXT,
    note        TEXT,
    updated_at  TEXT,
    PRIMARY KEY (run_id, step_id)
);

CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      TEXT NOT NULL REFERENCES runs(id),
    step_id     TEXT,
    at          TEXT NOT NULL,
    actor       TEXT,
    change      TEXT NOT NULL           -- JSON of what was set
);

CREATE INDEX events_by_run ON events(run_id, seq);
