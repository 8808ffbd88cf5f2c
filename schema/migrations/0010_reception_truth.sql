-- The reception calendar as a record (issue 11).
-- 1. A rule edit takes effect from a date: the versions in force before it are kept in
--    reception_rule_versions (each applies to dates before `until`), never rewritten.
-- 2. "Ít nhất N ngày mỗi tháng" beside weekly and weeks-of-month (days_per_month).
-- 3. Days off per year with their kind (holiday, swapped day off, make-up working day) and
--    source; a year with rows here is confirmed by an official.
-- 4. Marks of sessions an edit changed after they were announced: late or not, and why.
-- 5. The legal minimum of reception days a month the unit sets; the unit's earlier names.

PRAGMA defer_foreign_keys = true;

CREATE TABLE reception_rules_new (
  id INTEGER PRIMARY KEY,
  frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly', 'monthly_days')),
  weekdays TEXT NOT NULL CHECK (json_valid(weekdays) AND json_array_length(weekdays) > 0),
  weeks_of_month TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(weeks_of_month)),
  days_per_month INTEGER CHECK (days_per_month IS NULL OR (days_per_month BETWEEN 1 AND 23)),
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
  updated_at TEXT NOT NULL,
  CHECK (frequency <> 'monthly_days' OR days_per_month IS NOT NULL)
);
INSERT INTO reception_rules_new (id, frequency, weekdays, weeks_of_month, start_time, end_time, place, host_title, host_name, topics, valid_from, valid_to, holiday_policy, version, created_at, updated_at)
  SELECT id, frequency, weekdays, weeks_of_month, start_time, end_time, place, host_title, host_name, topics, valid_from, valid_to, holiday_policy, version, created_at, updated_at FROM reception_rules;
DROP TABLE reception_rules;
ALTER TABLE reception_rules_new RENAME TO reception_rules;

PRAGMA defer_foreign_keys = false;

-- An earlier version of a rule, as it was (JSON of its fields, version and updated_at): it
-- applies to the rule's dates before `until` and on or after the previous version's `until`.
CREATE TABLE reception_rule_versions (
  rule_id INTEGER NOT NULL REFERENCES reception_rules(id),
  until TEXT NOT NULL CHECK (until GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  rule TEXT NOT NULL CHECK (json_valid(rule)),
  PRIMARY KEY (rule_id, until)
);

ALTER TABLE holidays ADD COLUMN kind TEXT NOT NULL DEFAULT 'holiday' CHECK (kind IN ('holiday', 'swapped_off', 'makeup_workday'));
ALTER TABLE holidays ADD COLUMN source TEXT NOT NULL DEFAULT '';

-- Marks written before this migration were all late marks without a stored reason.
ALTER TABLE reception_late_marks ADD COLUMN late INTEGER NOT NULL DEFAULT 1 CHECK (late BETWEEN 0 AND 1);
ALTER TABLE reception_late_marks ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- The unit's own legal minimum of reception days a month (NULL: none set).
CREATE TABLE reception_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  min_days_per_month INTEGER CHECK (min_days_per_month IS NULL OR (min_days_per_month BETWEEN 1 AND 23)),
  updated_at TEXT NOT NULL
);

-- The unit's earlier names: each was in force for dates before `valid_until` (and on or after
-- the previous row's). The name in the unit row applies from the last `valid_until`.
CREATE TABLE unit_names (
  valid_until TEXT PRIMARY KEY CHECK (valid_until GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  kind TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) > 0)
);
