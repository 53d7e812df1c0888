-- Checklist runs, their steps' state, and an append-only audit log: the same
-- records as the SQLite schema (migrations/sqlite, versions 1 to 3), in
-- PostgreSQL types.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    template    TEXT NOT NULL,
    lang        TEXT NOT NULL,
    params      TEXT NOT NULL,          -- JSON, as validated
    created_at  TEXT NOT NULL,          -- RFC 3339, UTC
    -- Incremented by every step change (live events carry it, gaps show).
    revision    BIGINT NOT NULL DEFAULT 0,
    -- Insertion order, to list runs created in the same instant newest first.
    ordinal     BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX runs_newest ON runs (created_at DESC, ordinal DESC);

CREATE TABLE steps (
    run_id      TEXT NOT NULL REFERENCES runs(id),
    step_id     TEXT NOT NULL,
    position    INTEGER NOT NULL,
    done        BOOLEAN NOT NULL DEFAULT FALSE,
    done_at     TEXT,
    done_by     TEXT,
    skipped     BOOLEAN NOT NULL DEFAULT FALSE,
    skip_reason TEXT,
    note        TEXT,
    updated_at  TEXT,
    skipped_at  TEXT,
    skipped_by  TEXT,
    note_at     TEXT,
    note_by     TEXT,
    PRIMARY KEY (run_id, step_id)
);

CREATE TABLE events (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id      TEXT NOT NULL REFERENCES runs(id),
    step_id     TEXT,
    at          TEXT NOT NULL,
    actor       TEXT,
    change      TEXT NOT NULL           -- JSON of what was set
);

CREATE INDEX events_by_run ON events (run_id, seq);
