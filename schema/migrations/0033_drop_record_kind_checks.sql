-- The record kinds a pending change or a change-history row may name are checked in code, by the
-- one registry of record kinds (schema/record-kinds.ts), not by a `CHECK (entity IN (…))`: SQLite
-- cannot change a CHECK in place, so each new kind cost a rebuild of these tables (issue 20).
-- tests/api/record-kinds.test.ts compares the kinds the rows and the code use with the registry.
-- Both tables are rebuilt once more, keeping every row, every other CHECK, the foreign keys and
-- the indexes; nothing references them, so no other table moves.

PRAGMA defer_foreign_keys = true;

CREATE TABLE pending_revisions_new (
  id INTEGER PRIMARY KEY,
  -- A kind of schema/record-kinds.ts with four eyes (REVISION_ENTITIES).
  entity TEXT NOT NULL DEFAULT 'disclosure' CHECK (length(entity) > 0),
  disclosure_id INTEGER REFERENCES disclosures(id),
  -- The record of the other tables (decisions, supervision_boards, supervision_activities, consultations).
  record_id INTEGER,
  -- The version the change was made on: approving it over a newer version is refused.
  base_version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('edit', 'attach', 'withdraw_attachment', 'draft_document', 'offline_counts', 'summary')),
  -- The proposed fields (JSON), for every kind but a disclosure's file added or withdrawn.
  fields TEXT CHECK (fields IS NULL OR json_valid(fields)),
  attachment_id INTEGER REFERENCES attachments(id),
  -- The public reason: shown in the item's history once approved.
  change_note TEXT NOT NULL CHECK (length(change_note) > 0),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  decision TEXT CHECK (decision IN ('approved', 'rejected')),
  decided_at TEXT,
  decided_by INTEGER REFERENCES accounts(id),
  rejection_reason TEXT,
  CHECK ((entity = 'disclosure') = (disclosure_id IS NOT NULL)),
  CHECK ((entity = 'disclosure') = (record_id IS NULL)),
  -- Only a disclosure has attachments; a file added or withdrawn carries the file, every other kind its fields.
  CHECK (entity = 'disclosure' OR attachment_id IS NULL),
  CHECK ((kind = 'attach' OR kind = 'withdraw_attachment') = (fields IS NULL)),
  CHECK ((kind = 'attach' OR kind = 'withdraw_attachment') = (attachment_id IS NOT NULL)),
  CHECK ((decision IS NULL) = (decided_at IS NULL)),
  CHECK (decision IS NOT 'rejected' OR length(rejection_reason) > 0)
);
INSERT INTO pending_revisions_new (id, entity, disclosure_id, record_id, base_version, kind, fields, attachment_id, change_note, created_at, created_by, decision, decided_at, decided_by, rejection_reason)
  SELECT id, entity, disclosure_id, record_id, base_version, kind, fields, attachment_id, change_note, created_at, created_by, decision, decided_at, decided_by, rejection_reason FROM pending_revisions;
DROP TABLE pending_revisions;
ALTER TABLE pending_revisions_new RENAME TO pending_revisions;
-- One open change per record: a second one waits until the first is decided.
CREATE UNIQUE INDEX pending_revisions_one_open ON pending_revisions(entity, coalesce(disclosure_id, record_id)) WHERE decision IS NULL;

CREATE TABLE community_revisions_new (
  -- A kind of schema/record-kinds.ts whose versions are kept as snapshots (decisions, supervision boards and activities).
  entity TEXT NOT NULL CHECK (length(entity) > 0),
  entity_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  change_note TEXT NOT NULL,
  snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
  PRIMARY KEY (entity, entity_id, version)
);
INSERT INTO community_revisions_new (entity, entity_id, version, changed_at, change_note, snapshot)
  SELECT entity, entity_id, version, changed_at, change_note, snapshot FROM community_revisions;
DROP TABLE community_revisions;
ALTER TABLE community_revisions_new RENAME TO community_revisions;

PRAGMA defer_foreign_keys = false;
