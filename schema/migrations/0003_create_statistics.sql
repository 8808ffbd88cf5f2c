-- Plans and reports are disclosures (their kind comes from the document number); they also
-- carry the period they cover, a plan's progress and the numbers of documents they cite.
ALTER TABLE disclosures ADD COLUMN period_label TEXT NOT NULL DEFAULT '';
ALTER TABLE disclosures ADD COLUMN plan_status TEXT NOT NULL DEFAULT '' CHECK (plan_status IN ('', 'in_progress', 'completed'));
ALTER TABLE disclosures ADD COLUMN cites TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cites));
CREATE INDEX disclosures_by_type ON disclosures(document_type, status, published_at DESC, id DESC);

-- Results of administrative procedures (Biểu 06/VPCP/KSTT): one report per period, one row
-- per field. The sums the form checks are also CHECK constraints: no table that does not add
-- up can be stored, whatever writes it.
CREATE TABLE procedure_reports (
  id INTEGER PRIMARY KEY,
  period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'half', 'year')),
  period_year INTEGER NOT NULL,
  period_number INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (period_kind, period_year, period_number)
);

CREATE TABLE procedure_rows (
  report_id INTEGER NOT NULL REFERENCES procedure_reports(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  field TEXT NOT NULL CHECK (length(field) > 0),
  received_total INTEGER NOT NULL CHECK (received_total >= 0),
  received_online INTEGER NOT NULL CHECK (received_online >= 0),
  received_direct INTEGER NOT NULL CHECK (received_direct >= 0),
  carried_over INTEGER NOT NULL CHECK (carried_over >= 0),
  resolved_total INTEGER NOT NULL CHECK (resolved_total >= 0),
  resolved_early INTEGER NOT NULL CHECK (resolved_early >= 0),
  resolved_on_time INTEGER NOT NULL CHECK (resolved_on_time >= 0),
  resolved_late INTEGER NOT NULL CHECK (resolved_late >= 0),
  pending_total INTEGER NOT NULL CHECK (pending_total >= 0),
  pending_within INTEGER NOT NULL CHECK (pending_within >= 0),
  pending_overdue INTEGER NOT NULL CHECK (pending_overdue >= 0),
  PRIMARY KEY (report_id, position),
  CHECK (received_total = received_online + received_direct + carried_over),
  CHECK (resolved_total = resolved_early + resolved_on_time + resolved_late),
  CHECK (pending_total = pending_within + pending_overdue),
  CHECK (received_total = resolved_total + pending_total)
);

-- Petitions and reception, counts only: the reception register itself is personal data.
CREATE TABLE petition_stats (
  id INTEGER PRIMARY KEY,
  period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'half', 'year')),
  period_year INTEGER NOT NULL,
  period_number INTEGER NOT NULL,
  received INTEGER NOT NULL CHECK (received >= 0),
  complaints INTEGER NOT NULL DEFAULT 0 CHECK (complaints >= 0),
  denunciations INTEGER NOT NULL DEFAULT 0 CHECK (denunciations >= 0),
  recommendations INTEGER NOT NULL DEFAULT 0 CHECK (recommendations >= 0),
  reflections INTEGER NOT NULL DEFAULT 0 CHECK (reflections >= 0),
  resolved INTEGER NOT NULL CHECK (resolved >= 0),
  mediated INTEGER NOT NULL DEFAULT 0 CHECK (mediated >= 0 AND mediated <= resolved),
  forwarded INTEGER NOT NULL CHECK (forwarded >= 0),
  pending INTEGER NOT NULL CHECK (pending >= 0),
  sessions_held INTEGER CHECK (sessions_held IS NULL OR sessions_held >= 0),
  citizens_received INTEGER CHECK (citizens_received IS NULL OR citizens_received >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (period_kind, period_year, period_number),
  CHECK (received = resolved + forwarded + pending),
  CHECK (complaints + denunciations + recommendations + reflections IN (0, received))
);
