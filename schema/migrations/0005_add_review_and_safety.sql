-- Review: who last edited an item (the "four eyes" rule needs a second person to publish it),
-- whether the unit requires that rule, login throttling and API idempotency keys.
ALTER TABLE disclosures ADD COLUMN updated_by INTEGER REFERENCES accounts(id);
ALTER TABLE unit ADD COLUMN four_eyes INTEGER NOT NULL DEFAULT 0 CHECK (four_eyes IN (0, 1));

-- One row per throttled key ("account:<email>" or "address:<ip>"): failures in the current window.
CREATE TABLE login_attempts (
  key TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL CHECK (failures >= 0)
);

-- A retried API write with the same Idempotency-Key gets the first answer again.
CREATE TABLE idempotency_keys (
  token_id INTEGER NOT NULL REFERENCES api_tokens(id),
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash TEXT NOT NULL,
  status INTEGER,
  body TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (token_id, key)
);

ALTER TABLE attachments ADD COLUMN withdrawn_at TEXT;
