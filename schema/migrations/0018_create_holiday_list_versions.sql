-- Days off are versioned like rules (issue 11, item 2): saving a year's list keeps the list it
-- replaces (stored or computed) in force for the session dates before the save, so no session
-- already held is moved, cancelled or restored by a later list. `provisional` records that the
-- replaced list was the computed defaults ("dự kiến — chưa xác nhận"), as the sessions showed.
CREATE TABLE holiday_list_versions (
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  until TEXT NOT NULL CHECK (until GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  list TEXT NOT NULL CHECK (json_valid(list) AND json_type(list) = 'array'),
  provisional INTEGER NOT NULL CHECK (provisional BETWEEN 0 AND 1),
  saved_at TEXT NOT NULL,
  PRIMARY KEY (year, until)
);
