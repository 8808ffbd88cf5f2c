-- A published statistics table is replaced only with a reason, shown to citizens, and the table it
-- replaced stays readable: the past never changes (issue 15, item 4).

-- The reason the current version was saved with; NULL for a period's first table.
ALTER TABLE procedure_reports ADD COLUMN change_reason TEXT CHECK (change_reason IS NULL OR length(change_reason) > 0);
ALTER TABLE petition_stats ADD COLUMN change_reason TEXT CHECK (change_reason IS NULL OR length(change_reason) > 0);

-- Each replaced version of a period's procedure table, as it was public: its rows (JSON, the
-- field names of schema/procedure-stats.ts), when it was saved and why, and when it was replaced.
CREATE TABLE procedure_report_versions (
  report_id INTEGER NOT NULL REFERENCES procedure_reports(id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  rows TEXT NOT NULL CHECK (json_valid(rows) AND json_type(rows) = 'array'),
  saved_at TEXT NOT NULL,
  change_reason TEXT,
  replaced_at TEXT NOT NULL,
  PRIMARY KEY (report_id, version)
);

-- The same for petition counts: the replaced counts as JSON (schema/petition-stats.ts names).
CREATE TABLE petition_stats_versions (
  stats_id INTEGER NOT NULL REFERENCES petition_stats(id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  counts TEXT NOT NULL CHECK (json_valid(counts) AND json_type(counts) = 'object'),
  saved_at TEXT NOT NULL,
  change_reason TEXT,
  replaced_at TEXT NOT NULL,
  PRIMARY KEY (stats_id, version)
);
