-- One lifecycle for every record kind (issue 20): every kind can be withdrawn, and under four
-- eyes a withdrawal waits for a second approver like an edit does.
--
-- 1. pending_revisions.kind no longer lists its codes in a `CHECK (kind IN (…))`: the kinds of
--    change grow with the lifecycle (this migration adds 'withdraw'), and each new one cost a
--    rebuild. schema/revision.ts (REVISION_KINDS) is the check, and tests/api/sql-checks.test.ts
--    compares the codes the rows carry with it. Every row, every other CHECK and the index stay.
-- 2. consultations gain the withdrawn state the other kinds have (0017): its date and its
--    reason, shown on the public page. The table is rebuilt for its status CHECK, keeping every
--    row and column; consultation_opinions references it by id, which does not change.

PRAGMA defer_foreign_keys = true;

CREATE TABLE pending_revisions_new (
  id INTEGER PRIMARY KEY,
  -- A kind of schema/record-kinds.ts.
  entity TEXT NOT NULL DEFAULT 'disclosure' CHECK (length(entity) > 0),
  disclosure_id INTEGER REFERENCES disclosures(id),
  -- The record of the other tables (decisions, supervision_boards, supervision_activities, consultations).
  record_id INTEGER,
  -- The version the change was made on: approving it over a newer version is refused.
  base_version INTEGER NOT NULL,
  -- A kind of change of schema/revision.ts (REVISION_KINDS), checked in code.
  kind TEXT NOT NULL CHECK (length(kind) > 0),
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

CREATE TABLE consultations_new (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
  title TEXT NOT NULL CHECK (length(title) > 0),
  subject TEXT NOT NULL CHECK (subject IN ('socio_economic_plan', 'land_use_plan', 'compensation', 'boundary', 'construction_plan', 'draft_decision', 'democracy_regulation', 'projects', 'other')),
  summary TEXT NOT NULL CHECK (length(summary) > 0),
  -- Unknown dates stay NULL (the 2024 report gives none); opinions are taken on the portal
  -- only between both dates.
  opens_on TEXT,
  closes_on TEXT,
  channels TEXT NOT NULL CHECK (json_valid(channels)),
  -- The demo's open consultation is an illustration and says so on every page.
  illustration INTEGER NOT NULL DEFAULT 0 CHECK (illustration IN (0, 1)),
  -- The draft document put to the people (a file in R2, checked by its bytes like a
  -- disclosure's attachment): {"fileName", "contentType", "sizeBytes", "sha256", "objectKey"}.
  draft_document TEXT CHECK (draft_document IS NULL OR json_valid(draft_document)),
  -- Opinions received outside the portal: {"meeting": 12, "dialogue": null, …}; null = not known.
  offline_counts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(offline_counts)),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  -- The result, after closing: opinions grouped by theme, each taken up (tiếp thu) or
  -- explained (giải trình), and the final document that took them into account.
  themes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(themes)),
  result_note TEXT NOT NULL DEFAULT '',
  final_document_number TEXT NOT NULL DEFAULT '',
  summary_status TEXT NOT NULL DEFAULT 'none' CHECK (summary_status IN ('none', 'draft', 'published')),
  summary_published_at TEXT,
  -- Public reasons for each change made after publication: [{"at": "…", "note": "…"}].
  change_notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(change_notes)),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  period_label TEXT NOT NULL DEFAULT '',
  withdrawn_at TEXT,
  withdrawal_reason TEXT,
  CHECK (opens_on IS NULL OR closes_on IS NULL OR closes_on >= opens_on),
  -- A withdrawn consultation always says when and why.
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND length(withdrawal_reason) > 0))
);
INSERT INTO consultations_new (id, slug, title, subject, summary, opens_on, closes_on, channels, illustration, draft_document, offline_counts, status, themes, result_note,
    final_document_number, summary_status, summary_published_at, change_notes, version, created_at, updated_at, published_at, created_by, updated_by, period_label)
  SELECT id, slug, title, subject, summary, opens_on, closes_on, channels, illustration, draft_document, offline_counts, status, themes, result_note,
    final_document_number, summary_status, summary_published_at, change_notes, version, created_at, updated_at, published_at, created_by, updated_by, period_label FROM consultations;
DROP TABLE consultations;
ALTER TABLE consultations_new RENAME TO consultations;
CREATE INDEX consultations_public ON consultations (status, published_at DESC);

PRAGMA defer_foreign_keys = false;
