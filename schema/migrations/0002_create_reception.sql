-- Citizen reception: the standing rule(s), changes to single sessions, unscheduled and joint
-- sessions, and each year's public holidays as the official confirmed them. Sessions are
-- derived from these (schema/reception.ts), never stored.

CREATE TABLE reception_rules (
  id INTEGER PRIMARY KEY,
  frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
  weekdays TEXT NOT NULL CHECK (json_valid(weekdays) AND json_array_length(weekdays) > 0),
  weeks_of_month TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(weeks_of_month)),
  start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  end_time TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]' AND end_time > start_time),
  place TEXT NOT NULL CHECK (length(place) > 0),
  host_title TEXT NOT NULL CHECK (length(host_title) > 0),
  host_name TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
  holiday_policy TEXT NOT NULL CHECK (holiday_policy IN ('next_working_day', 'cancel')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE reception_changes (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES reception_rules(id),
  -- The date the rule gave the session, before any move.
  session_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'moved', 'host_changed')),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  new_date TEXT,
  new_start_time TEXT,
  new_end_time TEXT,
  new_place TEXT NOT NULL DEFAULT '',
  new_host_title TEXT NOT NULL DEFAULT '',
  new_host_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (rule_id, session_date),
  CHECK (kind <> 'moved' OR new_date IS NOT NULL),
  CHECK (kind <> 'host_changed' OR length(new_host_title) > 0)
);

CREATE TABLE reception_extra_sessions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('unscheduled', 'joint')),
  date TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL CHECK (end_time > start_time),
  place TEXT NOT NULL CHECK (length(place) > 0),
  host_title TEXT NOT NULL CHECK (length(host_title) > 0),
  host_name TEXT NOT NULL DEFAULT '',
  with_bodies TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX reception_extra_by_date ON reception_extra_sessions(date);

-- A year with rows here uses exactly these holidays; a year without uses computed defaults.
CREATE TABLE holidays (
  date TEXT PRIMARY KEY CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  name TEXT NOT NULL CHECK (length(name) > 0)
);
