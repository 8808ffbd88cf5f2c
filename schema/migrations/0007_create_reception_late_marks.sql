-- Sessions that a rule or holiday-list edit changed less than five working days before they
-- take place. Sessions are derived from rules, so the "late change" mark that citizens must
-- see (page, embed, ICS, JSON) is stored here, keyed by the session's stable key
-- ("rule-<id>-<YYYY-MM-DD>"), at the moment of the edit.
CREATE TABLE reception_late_marks (
  -- D1 refuses GLOB patterns over 50 bytes: the shape is checked with substr and GLOB pieces.
  session_key TEXT PRIMARY KEY CHECK (session_key GLOB 'rule-[0-9]*-*' AND substr(session_key, -10) GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  marked_at TEXT NOT NULL,
  -- A session the edit removed, as it was announced (JSON): it stays listed, cancelled.
  removed_session TEXT CHECK (removed_session IS NULL OR json_valid(removed_session))
);
