-- Issue 21: a session derived from a rule is a plan; what happened is recorded after the day,
-- and a published past session later shown wrong is corrected in the open, beside the original.

-- What happened at one session (keyed like reception_late_marks: "rule-<id>-<date>" or
-- "extra-<id>"): held or not, by whom when not as planned, and the number of citizens received
-- when the unit keeps it (NULL: not kept or unknown — never 0 for "unknown").
CREATE TABLE reception_session_records (
  session_key TEXT PRIMARY KEY CHECK (length(session_key) > 0),
  session_date TEXT NOT NULL CHECK (session_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  held INTEGER NOT NULL CHECK (held BETWEEN 0 AND 1),
  held_by_title TEXT NOT NULL DEFAULT '',
  held_by_name TEXT NOT NULL DEFAULT '',
  citizens_received INTEGER CHECK (citizens_received IS NULL OR citizens_received >= 0),
  note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- Nobody received citizens at a session that did not take place.
  CHECK (held = 1 OR (citizens_received IS NULL AND held_by_title = '' AND held_by_name = ''))
);
CREATE INDEX reception_session_records_by_date ON reception_session_records(session_date);

-- "Đính chính ngày dd/mm/yyyy: …": published beside the session as it was announced. Only
-- added, never edited or deleted: a wrong correction is corrected by a later one.
CREATE TABLE reception_corrections (
  id INTEGER PRIMARY KEY,
  session_key TEXT NOT NULL CHECK (length(session_key) > 0),
  session_date TEXT NOT NULL CHECK (session_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  corrected_on TEXT NOT NULL CHECK (corrected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  text TEXT NOT NULL CHECK (length(text) > 0),
  created_at TEXT NOT NULL
);
CREATE INDEX reception_corrections_by_key ON reception_corrections(session_key);
