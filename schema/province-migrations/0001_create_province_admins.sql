-- The province's own database (binding PROVINCE_DB, issue 24): the province administrators, a
-- role above the communes. Not in a commune's database: a commune's tables hold its own officials
-- only (role editor or approver), so a commune's backup, export or deletion never carries the
-- province's accounts, and no commune host can log a province administrator in (it reads its own
-- database). The tables have the commune's names and columns so that the same queries
-- (schema/db/accounts.ts, audit.ts) and the same login rules (hashed passwords, lockout, audit)
-- serve both; only the role differs.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role = 'province-admin'),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);

-- Session tokens are stored as SHA-256 hashes, as in a commune's database.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE login_attempts (
  key TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL CHECK (failures >= 0)
);

-- No API tokens in the province's database: actor_token_id stays NULL (a province
-- administrator has no token, so none can be tried on a commune's API).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_account_id INTEGER REFERENCES accounts(id),
  actor_token_id INTEGER CHECK (actor_token_id IS NULL),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
);
CREATE INDEX audit_by_entity ON audit_log(entity, entity_id, id);
