-- The province's rollup of its communes (issue 24): what the province's pages show of each
-- commune, written by the publish consumer at the end of each of the commune's publish jobs
-- (functions/publish.ts, schema/db/province-rollups.ts), from what that job published. The
-- province's pages read these two tables (one batch) instead of every commune's database: no
-- query per commune, so no ceiling from D1's 1,000 queries per Worker invocation. A commune with
-- no row here has never rolled up: the province shows it unknown, never as zeros.

-- One row per commune: everything but its disclosures, as JSON (schema/province-view.ts
-- CommuneData without `disclosures`). `changed_at` moves only when the summary or the
-- disclosures differ from the previous rollup: the province re-renders only what changed.
CREATE TABLE commune_rollups (
  commune TEXT PRIMARY KEY,
  summary TEXT NOT NULL CHECK (json_valid(summary)),
  disclosures_digest TEXT NOT NULL,
  rolled_up_at TEXT NOT NULL,
  changed_at TEXT NOT NULL
);

-- The disclosures the commune's own publish includes (published and withdrawn; a row its pages
-- leave out is not here), one JSON row each (schema/province-view.ts CommuneDisclosure). An
-- unchanged row is not written again: a rollup writes the rows that changed, not all.
CREATE TABLE commune_rollup_disclosures (
  commune TEXT NOT NULL,
  id INTEGER NOT NULL,
  published_at TEXT,
  row TEXT NOT NULL CHECK (json_valid(row)),
  PRIMARY KEY (commune, id)
) WITHOUT ROWID;

-- The province's last render: when its rollups were read and what else its pages depend on (the
-- day, the years of the duty board, the registry): a render whose stamp differs renders every
-- page, else only the pages of communes changed since.
CREATE TABLE province_publish_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  read_from TEXT NOT NULL,
  stamp TEXT NOT NULL
);
