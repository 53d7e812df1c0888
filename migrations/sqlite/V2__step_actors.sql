-- Who skipped a step and who wrote its note, and when, so the run page and
-- the change record say who did what for every action, not only ticks.
ALTER TABLE steps ADD COLUMN skipped_at TEXT;
ALTER TABLE steps ADD COLUMN skipped_by TEXT;
ALTER TABLE steps ADD COLUMN note_at TEXT;
ALTER TABLE steps ADD COLUMN note_by TEXT;
