-- A reception rule's hours and place may be unknown (issue 12): report 78/BC-UBND gives the
-- weekly day ("thứ 5 hằng tuần") but neither hours nor place, and nothing may be invented.
-- NULL is "chưa có thông tin"; hours are known as a pair or not at all. SQLite cannot drop a
-- NOT NULL in place: the table is rebuilt with every row, id and version kept, so the rule
-- versions (reception_rule_versions) and session changes that refer to it stay intact.

PRAGMA defer_foreign_keys = true;

CREATE TABLE reception_rules_new (
  id INTEGER PRIMARY KEY,
  frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'monthly', 'monthly_days')),
  weekdays TEXT NOT NULL CHECK (json_valid(weekdays) AND json_array_length(weekdays) > 0),
  weeks_of_month TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(weeks_of_month)),
  days_per_month INTEGER CHECK (days_per_month IS NULL OR (days_per_month BETWEEN 1 AND 23)),
  start_time TEXT CHECK (start_time IS NULL OR start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  end_time TEXT CHECK (end_time IS NULL OR (end_time GLOB '[0-2][0-9]:[0-5][0-9]' AND end_time > start_time)),
  place TEXT CHECK (place IS NULL OR length(place) > 0),
  host_title TEXT NOT NULL CHECK (length(host_title) > 0),
  host_name TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
  holiday_policy TEXT NOT NULL CHECK (holiday_policy IN ('next_working_day', 'cancel')),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (frequency <> 'monthly_days' OR days_per_month IS NOT NULL),
  CHECK ((start_time IS NULL) = (end_time IS NULL))
);
INSERT INTO reception_rules_new (id, frequency, weekdays, weeks_of_month, days_per_month, start_time, end_time, place, host_title, host_name, topics, valid_from, valid_to, holiday_policy, version, created_at, updated_at)
  SELECT id, frequency, weekdays, weeks_of_month, days_per_month, start_time, end_time, place, host_title, host_name, topics, valid_from, valid_to, holiday_policy, version, created_at, updated_at FROM reception_rules;
DROP TABLE reception_rules;
ALTER TABLE reception_rules_new RENAME TO reception_rules;

PRAGMA defer_foreign_keys = false;
