-- Migration number: 0024 	 2026-12-07
-- Issue 22.1: one idempotency mechanism for every write, not only the API's. The key's owner was
-- an API token; it becomes a text owner so an official's form ("account:<id>"), an API token
-- ("token:<id>") and the citizen's opinion form ("opinion") share the table and its code
-- (schema/db/idempotency.ts). SQLite cannot change a primary key, so the table is rebuilt; the
-- keys already stored move over unchanged. `location` holds a redirect's target (a form's answer
-- is mostly a 303); `expires_at` bounds a form's or an opinion's key (NULL: an API key, kept as before).
CREATE TABLE idempotency_keys_new (
  owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 100),
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash TEXT NOT NULL,
  status INTEGER,
  location TEXT,
  body TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  PRIMARY KEY (owner, key)
);
INSERT INTO idempotency_keys_new (owner, key, request_hash, status, location, body, created_at, expires_at)
  SELECT 'token:' || token_id, key, request_hash, status, NULL, body, created_at, NULL FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at) WHERE expires_at IS NOT NULL;

-- Issue 22.2: a file chosen on a form that was refused is kept, private to the official who chose
-- it, until the form is saved (it is then attached) or replaced, removed or expired. The bytes
-- are in R2 under `object_key` (never served by /tep/).
CREATE TABLE pending_uploads (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  object_key TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX pending_uploads_account ON pending_uploads(account_id, expires_at);
