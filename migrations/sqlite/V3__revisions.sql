-- A per-run revision, incremented by every step change: live events carry
-- it, so a window that missed one (a dropped connection, a restarted
-- server) sees the gap and reloads the run.
ALTER TABLE runs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
