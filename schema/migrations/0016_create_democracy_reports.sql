-- The periodic report on grassroots democracy (like 78/BC-UBND), drafted from the portal's
-- records: one per period. The figures are computed while it is a draft and frozen into
-- `figures` when it is published (as a disclosure of type BC, `disclosure_id`), so the
-- published report never changes when the records behind it are edited later.
CREATE TABLE democracy_reports (
  id INTEGER PRIMARY KEY,
  period_kind TEXT NOT NULL CHECK (period_kind IN ('half', 'year')),
  period_year INTEGER NOT NULL CHECK (period_year BETWEEN 2000 AND 2100),
  period_number INTEGER NOT NULL CHECK (period_number BETWEEN 1 AND 2),
  data_from TEXT NOT NULL CHECK (data_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  data_to TEXT NOT NULL CHECK (data_to GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND data_to >= data_from),
  -- The official's text: the narrative parts and the recipients (JSON object of strings).
  sections TEXT NOT NULL CHECK (json_valid(sections)),
  document_number TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  disclosure_id INTEGER REFERENCES disclosures(id),
  figures TEXT CHECK (figures IS NULL OR json_valid(figures)),
  created_by INTEGER,
  updated_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (period_kind, period_year, period_number),
  CHECK (status = 'draft' OR (disclosure_id IS NOT NULL AND figures IS NOT NULL))
);
CREATE INDEX democracy_reports_by_disclosure ON democracy_reports(disclosure_id) WHERE disclosure_id IS NOT NULL;
