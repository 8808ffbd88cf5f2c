-- The publish state the admin shows: the last hook call that worked, the last that failed and
-- why, when the next try is due (with what is still to publish), and the rows the last build
-- had to leave out. One row: there is one site.
CREATE TABLE publish_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_success_at TEXT,
  last_failure_at TEXT,
  last_failure_reason TEXT,
  -- Failed tries since the last success; the backoff grows with it.
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_try_at TEXT,
  -- What is still to publish ({"all":true} or {"disclosures":[…]}); NULL when nothing is owed.
  pending_scope TEXT CHECK (pending_scope IS NULL OR json_valid(pending_scope)),
  -- The rows the last build left out, [{id, slug, reason}], and when that build read D1.
  unpublishable TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(unpublishable)),
  unpublishable_at TEXT
);
INSERT INTO publish_state (id) VALUES (1);

-- Statistics saves are guarded by a version like every other edit: a stale save is refused.
ALTER TABLE procedure_reports ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE petition_stats ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
