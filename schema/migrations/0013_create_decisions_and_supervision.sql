-- The people decide (Law 10/2022/QH15, Điều 15–24) and supervise (Điều 30–45): decisions by
-- the people, the supervision boards and teams, and their activities. Unknown numbers and
-- dates are NULL, never 0. The zod schemas (schema/decision.ts, schema/supervision.ts) hold
-- the same rules; tests/schema/sql-checks.test.ts compares the IN lists with their enums.

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  matter TEXT NOT NULL CHECK (matter IN ('cong_trinh_dong_gop', 'thu_chi_dong_gop', 'huong_uoc', 'truong_thon', 'thanh_vien_ban', 'khac')),
  scope TEXT CHECK (scope IN ('toan_xa', 'thon')),
  places TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(places)),
  form TEXT CHECK (form IN ('hoi_nghi', 'phat_phieu', 'truc_tuyen')),
  held_from TEXT,
  held_to TEXT CHECK (held_to IS NULL OR held_from IS NULL OR held_to >= held_from),
  voter_unit TEXT CHECK (voter_unit IN ('ho', 'cu_tri')),
  eligible INTEGER CHECK (eligible >= 0),
  participating INTEGER CHECK (participating >= 0 AND (eligible IS NULL OR participating <= eligible)),
  votes_for INTEGER CHECK (votes_for >= 0),
  votes_against INTEGER CHECK (votes_against >= 0),
  votes_blank INTEGER CHECK (votes_blank >= 0),
  passed INTEGER CHECK (passed IN (0, 1)),
  summary TEXT NOT NULL,
  recognised_by TEXT NOT NULL DEFAULT '',
  recognised_on TEXT,
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  -- The votes counted never exceed the participants (unknown counts count as none).
  CHECK (participating IS NULL OR coalesce(votes_for, 0) + coalesce(votes_against, 0) + coalesce(votes_blank, 0) <= participating)
);
CREATE INDEX decisions_public ON decisions(matter, published_at DESC) WHERE status = 'published';

CREATE TABLE supervision_boards (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('thanh_tra_nhan_dan', 'giam_sat_dau_tu', 'to_giam_sat')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  parent_id INTEGER REFERENCES supervision_boards(id),
  term_from TEXT,
  term_to TEXT CHECK (term_to IS NULL OR term_from IS NULL OR term_to >= term_from),
  founded_by TEXT NOT NULL DEFAULT '',
  founded_on TEXT,
  members TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(members)),
  summary TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  CHECK ((kind = 'to_giam_sat') = (parent_id IS NOT NULL))
);

CREATE TABLE supervision_activities (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  board_id INTEGER NOT NULL REFERENCES supervision_boards(id),
  kind TEXT NOT NULL CHECK (kind IN ('ke_hoach', 'phat_hien')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  held_on TEXT,
  period_label TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  recommendation TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  responded_on TEXT CHECK (responded_on IS NULL OR held_on IS NULL OR responded_on >= held_on),
  works TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(works)),
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  version INTEGER NOT NULL DEFAULT 1,
  published_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX supervision_activities_board ON supervision_activities(board_id);

-- The public history of these records: each edit of a published one, with its reason.
CREATE TABLE community_revisions (
  entity TEXT NOT NULL CHECK (entity IN ('decision', 'supervision_board', 'supervision_activity')),
  entity_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  change_note TEXT NOT NULL,
  snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
  PRIMARY KEY (entity, entity_id, version)
);
