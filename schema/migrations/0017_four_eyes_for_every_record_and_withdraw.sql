-- Four eyes for every record citizens read, and withdrawal for the people's pillars (issues 16.1, 13).
-- 1. pending_revisions holds the waiting changes of every record type, not only disclosures:
--    `entity` names the table; a disclosure's change keeps `disclosure_id`, any other record's
--    uses `record_id`. Consultations add the kinds of change they have: a new draft document,
--    offline counts and the published summary (each carries the proposed fields).
-- 2. Decisions, supervision boards and supervision activities can be withdrawn (thu hồi) like
--    disclosures: the record stays public, marked with the date and the reason.
-- SQLite cannot change a CHECK in place, so the four tables are rebuilt with their rows.

PRAGMA defer_foreign_keys = true;

CREATE TABLE pending_revisions_new (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL DEFAULT 'disclosure' CHECK (entity IN ('disclosure', 'decision', 'supervision_board', 'supervision_activity', 'consultation')),
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
  SELECT id, 'disclosure', disclosure_id, NULL, base_version, kind, fields, attachment_id, change_note, created_at, created_by, decision, decided_at, decided_by, rejection_reason FROM pending_revisions;
DROP TABLE pending_revisions;
ALTER TABLE pending_revisions_new RENAME TO pending_revisions;
-- One open change per record: a second one waits until the first is decided.
CREATE UNIQUE INDEX pending_revisions_one_open ON pending_revisions(entity, coalesce(disclosure_id, record_id)) WHERE decision IS NULL;

CREATE TABLE decisions_new (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  matter TEXT NOT NULL CHECK (matter IN ('cong_trinh_dong_gop', 'thu_chi_dong_gop', 'huong_uoc', 'truong_thon', 'thanh_vien_ban', 'khac')),
  scope TEXT CHECK (scope IN ('toan_xa', 'thon')),
  places TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(places)),
  form TEXT CHECK (form IN ('hoi_nghi', 'phat_phieu', 'truc_tuyen')),
  held_from TEXT,
  held_to TEXT CHECK (held_to IS NULL OR held_from IS NULL OR held_to >= held_from),
  voter_unit TEXT CHECK (voter_unit IN ('ho', 'cu_tri')),
  eligible INTEGER CHECK (eligible >= 0),
  participating INTEGER CHECK (participating >= 0 AND (eligible IS NULL OR participating <= eligible)),
  votes_for INTEGER CHECK (votes_for >= 0),
  votes_against INTEGER CHECK (votes_against >= 0),
  votes_blank INTEGER CHECK (votes_blank >= 0),
  passed INTEGER CHECK (passed IN (0, 1)),
  summary TEXT NOT NULL,
  recognised_by TEXT NOT NULL DEFAULT '',
  recognised_on TEXT,
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  withdrawn_at TEXT,
  withdrawal_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  CHECK (participating IS NULL OR coalesce(votes_for, 0) + coalesce(votes_against, 0) + coalesce(votes_blank, 0) <= participating),
  -- A withdrawn record always says when and why.
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND length(withdrawal_reason) > 0))
);
INSERT INTO decisions_new (id, slug, title, matter, scope, places, form, held_from, held_to, voter_unit, eligible, participating, votes_for, votes_against, votes_blank, passed, summary, recognised_by, recognised_on, source, status, version, published_at, created_at, updated_at, created_by, updated_by)
  SELECT id, slug, title, matter, scope, places, form, held_from, held_to, voter_unit, eligible, participating, votes_for, votes_against, votes_blank, passed, summary, recognised_by, recognised_on, source, status, version, published_at, created_at, updated_at, created_by, updated_by FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_new RENAME TO decisions;
CREATE INDEX decisions_public ON decisions(matter, published_at DESC) WHERE status <> 'draft';

CREATE TABLE supervision_boards_new (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('thanh_tra_nhan_dan', 'giam_sat_dau_tu', 'to_giam_sat')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  parent_id INTEGER REFERENCES supervision_boards(id),
  term_from TEXT,
  term_to TEXT CHECK (term_to IS NULL OR term_from IS NULL OR term_to >= term_from),
  founded_by TEXT NOT NULL DEFAULT '',
  founded_on TEXT,
  members TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(members)),
  summary TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  withdrawn_at TEXT,
  withdrawal_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  CHECK ((kind = 'to_giam_sat') = (parent_id IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND length(withdrawal_reason) > 0))
);
INSERT INTO supervision_boards_new (id, slug, kind, name, parent_id, term_from, term_to, founded_by, founded_on, members, summary, source, status, version, published_at, created_at, updated_at, created_by, updated_by)
  SELECT id, slug, kind, name, parent_id, term_from, term_to, founded_by, founded_on, members, summary, source, status, version, published_at, created_at, updated_at, created_by, updated_by FROM supervision_boards;
DROP TABLE supervision_boards;
ALTER TABLE supervision_boards_new RENAME TO supervision_boards;

CREATE TABLE supervision_activities_new (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  board_id INTEGER NOT NULL REFERENCES supervision_boards(id),
  kind TEXT NOT NULL CHECK (kind IN ('ke_hoach', 'phat_hien')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  held_on TEXT,
  period_label TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  recommendation TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  responded_on TEXT CHECK (responded_on IS NULL OR held_on IS NULL OR responded_on >= held_on),
  works TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(works)),
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  withdrawn_at TEXT,
  withdrawal_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND length(withdrawal_reason) > 0))
);
INSERT INTO supervision_activities_new (id, slug, board_id, kind, title, held_on, period_label, body, recommendation, response, responded_on, works, source, status, version, published_at, created_at, updated_at, created_by, updated_by)
  SELECT id, slug, board_id, kind, title, held_on, period_label, body, recommendation, response, responded_on, works, source, status, version, published_at, created_at, updated_at, created_by, updated_by FROM supervision_activities;
DROP TABLE supervision_activities;
ALTER TABLE supervision_activities_new RENAME TO supervision_activities;
CREATE INDEX supervision_activities_board ON supervision_activities(board_id);

PRAGMA defer_foreign_keys = false;
