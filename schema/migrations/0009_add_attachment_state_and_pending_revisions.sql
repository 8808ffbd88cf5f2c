-- Attachments get a life cycle like the item they belong to (issues 15.1, 15.2, 16.1):
--   pending   added to a published item under "four eyes", waiting for a second approver;
--   attached  listed on the item's page (public once the item is);
--   withdrawn no longer served, its name and the reason stay in the item's public history;
--   rejected  a pending file the second approver refused (never public).
ALTER TABLE attachments ADD COLUMN state TEXT NOT NULL DEFAULT 'attached' CHECK (state IN ('pending', 'attached', 'withdrawn', 'rejected'));
ALTER TABLE attachments ADD COLUMN withdrawn_at TEXT;
ALTER TABLE attachments ADD COLUMN withdrawal_reason TEXT;
-- A withdrawn file always says when and why (CHECK on the new columns only: SQLite cannot add a
-- table CHECK with ALTER, so the rule is a trigger pair).
CREATE TRIGGER attachments_withdrawn_has_reason_insert BEFORE INSERT ON attachments
  WHEN NEW.state = 'withdrawn' AND (NEW.withdrawn_at IS NULL OR coalesce(length(NEW.withdrawal_reason), 0) = 0)
  BEGIN SELECT RAISE(ABORT, 'a withdrawn attachment needs withdrawn_at and withdrawal_reason'); END;
CREATE TRIGGER attachments_withdrawn_has_reason_update BEFORE UPDATE ON attachments
  WHEN NEW.state = 'withdrawn' AND (NEW.withdrawn_at IS NULL OR coalesce(length(NEW.withdrawal_reason), 0) = 0)
  BEGIN SELECT RAISE(ABORT, 'a withdrawn attachment needs withdrawn_at and withdrawal_reason'); END;

-- A change to a published item that waits for a second approver ("four eyes"): an edit of its
-- fields, a file added, or a file withdrawn. Citizens keep seeing the published version until
-- an approver other than the author approves it; a rejection keeps its reason.
CREATE TABLE pending_revisions (
  id INTEGER PRIMARY KEY,
  disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
  -- The version the change was made on: approving it over a newer version is refused.
  base_version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('edit', 'attach', 'withdraw_attachment')),
  -- edit: the proposed fields (JSON of the editable fields).
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
  CHECK ((kind = 'edit') = (fields IS NOT NULL)),
  CHECK ((kind = 'edit') = (attachment_id IS NULL)),
  CHECK ((decision IS NULL) = (decided_at IS NULL)),
  CHECK (decision IS NOT 'rejected' OR length(rejection_reason) > 0)
);
-- One open change per item: a second one waits until the first is decided.
CREATE UNIQUE INDEX pending_revisions_one_open ON pending_revisions(disclosure_id) WHERE decision IS NULL;
