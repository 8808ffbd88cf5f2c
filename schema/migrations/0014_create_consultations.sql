-- Consultations (Law 10/2022/QH15, Điều 25–29): what the people are asked about before the
-- authorities decide, the opinions citizens give on the portal, and the published summary of
-- how they were taken up. Dates are 'YYYY-MM-DD' in Vietnam; instants are UTC ISO-8601.

CREATE TABLE consultations (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
  title TEXT NOT NULL CHECK (length(title) > 0),
  subject TEXT NOT NULL CHECK (subject IN ('socio_economic_plan', 'land_use_plan', 'compensation', 'boundary', 'construction_plan', 'draft_decision', 'democracy_regulation', 'projects', 'other')),
  summary TEXT NOT NULL CHECK (length(summary) > 0),
  -- Unknown dates stay NULL (the 2024 report gives none); opinions are taken on the portal
  -- only between both dates.
  opens_on TEXT,
  closes_on TEXT,
  channels TEXT NOT NULL CHECK (json_valid(channels)),
  -- The demo's open consultation is an illustration and says so on every page.
  illustration INTEGER NOT NULL DEFAULT 0 CHECK (illustration IN (0, 1)),
  -- The draft document put to the people (a file in R2, checked by its bytes like a
  -- disclosure's attachment): {"fileName", "contentType", "sizeBytes", "sha256", "objectKey"}.
  draft_document TEXT CHECK (draft_document IS NULL OR json_valid(draft_document)),
  -- Opinions received outside the portal: {"meeting": 12, "dialogue": null, …}; null = not known.
  offline_counts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(offline_counts)),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  -- The result, after closing: opinions grouped by theme, each taken up (tiếp thu) or
  -- explained (giải trình), and the final document that took them into account.
  themes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(themes)),
  result_note TEXT NOT NULL DEFAULT '',
  final_document_number TEXT NOT NULL DEFAULT '',
  summary_status TEXT NOT NULL DEFAULT 'none' CHECK (summary_status IN ('none', 'draft', 'published')),
  summary_published_at TEXT,
  -- Public reasons for each change made after publication: [{"at": "…", "note": "…"}].
  change_notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(change_notes)),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  created_by INTEGER REFERENCES accounts(id),
  updated_by INTEGER REFERENCES accounts(id),
  CHECK (opens_on IS NULL OR closes_on IS NULL OR closes_on >= opens_on)
);
CREATE INDEX consultations_public ON consultations (status, published_at DESC);

-- One opinion given on the portal. `contact` is personal data under Nghị định 13/2023: only
-- the moderating officials see it; no page, feed or data set reads this column.
-- `address_hash` is the SHA-256 of the sender's network address with this installation's
-- secret salt (below): enough to count, not enough to recover the address.
CREATE TABLE consultation_opinions (
  id INTEGER PRIMARY KEY,
  consultation_id INTEGER NOT NULL REFERENCES consultations(id),
  receipt TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL CHECK (length(body) > 0),
  author_name TEXT NOT NULL DEFAULT '',
  author_place TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  address_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'hidden')),
  -- What citizens read: the opinion with personal data taken out by the moderator.
  published_body TEXT NOT NULL DEFAULT '',
  show_name INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1)),
  hide_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  moderated_at TEXT,
  moderated_by INTEGER REFERENCES accounts(id),
  CHECK (status <> 'published' OR length(published_body) > 0),
  CHECK (status <> 'hidden' OR length(hide_reason) > 0)
);
CREATE INDEX consultation_opinions_by_consultation ON consultation_opinions (consultation_id, status, id);
-- The rate limits count recent opinions per address and per consultation.
CREATE INDEX consultation_opinions_by_address ON consultation_opinions (address_hash, created_at);
CREATE INDEX consultation_opinions_recent ON consultation_opinions (consultation_id, created_at);

-- A random salt made once per database, so that no configuration is needed locally or on
-- Cloudflare and a copy of the table alone does not reveal addresses.
CREATE TABLE consultation_salt (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  salt TEXT NOT NULL
);
INSERT INTO consultation_salt (id, salt) VALUES (1, lower(hex(randomblob(32))));
