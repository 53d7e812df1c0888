-- Each run keeps the template it was created from: every distinct template
-- text is stored once, and each run names the version it follows, so a
-- template edited and reloaded never changes or orphans a run in progress.
-- Runs stored before this version take their template's version at the
-- next start (adopt_template).
CREATE TABLE template_versions (
    version     TEXT PRIMARY KEY,       -- hash of the template id and text
    template    TEXT NOT NULL,          -- template id
    source      TEXT NOT NULL,          -- the template file's text
    stored_at   TEXT NOT NULL           -- RFC 3339, UTC
);

ALTER TABLE runs ADD COLUMN template_version TEXT REFERENCES template_versions(version);
