-- Migration number: 0012 	 2026-11-27
-- A form an official submitted after the session ended: kept for a short while, tied to the
-- account whose (expired) session sent it, and offered back after the next login. Text fields
-- only: chosen files are never kept (their bytes would outlive the session that chose them).

CREATE TABLE form_drafts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  path TEXT NOT NULL CHECK (path LIKE '/admin/%' AND length(path) <= 200),
  fields TEXT NOT NULL CHECK (json_valid(fields) AND length(fields) <= 1100000),
  dropped_files INTEGER NOT NULL DEFAULT 0 CHECK (dropped_files >= 0),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX form_drafts_account ON form_drafts(account_id, expires_at);
