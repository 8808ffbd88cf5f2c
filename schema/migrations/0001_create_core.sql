-- The core of the portal: the unit, disclosure categories, disclosures and their history,
-- attachments metadata, officials' accounts, sessions, API tokens and the audit log.
-- Dates are 'YYYY-MM-DD' in Vietnam's time zone; instants are UTC ISO-8601 strings.

CREATE TABLE unit (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kind TEXT NOT NULL CHECK (kind IN ('xa', 'phuong', 'dac_khu', 'thi_tran')),
  name TEXT NOT NULL CHECK (length(name) > 0),
  parent TEXT NOT NULL DEFAULT '',
  province TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  place_name TEXT NOT NULL CHECK (length(place_name) > 0),
  public_base_url TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

CREATE TABLE categories (
  slug TEXT PRIMARY KEY CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
  label TEXT NOT NULL CHECK (length(label) > 0),
  legal_ref TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0
);

-- Law 10/2022/QH15, Điều 11. Items marked in law-brief.md as unconfirmed wording are
-- phrased generally; the commune may relabel them.
INSERT INTO categories (slug, label, legal_ref, sort_order) VALUES
  ('ke-hoach-kinh-te-xa-hoi', 'Kế hoạch phát triển kinh tế - xã hội và kết quả thực hiện', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 10),
  ('ngan-sach', 'Dự toán, quyết toán và tình hình thực hiện ngân sách', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 20),
  ('du-an-dau-tu', 'Dự án, công trình đầu tư và tiến độ thực hiện', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 30),
  ('dat-dai-boi-thuong', 'Thu hồi đất, bồi thường, hỗ trợ và tái định cư', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 40),
  ('quy-hoach', 'Quy hoạch, kế hoạch sử dụng đất và quy hoạch xây dựng', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 50),
  ('thu-tuc-hanh-chinh', 'Thủ tục hành chính và kết quả giải quyết', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 60),
  ('quy-dong-gop', 'Quản lý, sử dụng các loại quỹ, khoản đóng góp của Nhân dân', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 70),
  ('ho-ngheo-tin-dung', 'Chính sách giảm nghèo, vay vốn và danh sách hộ nghèo, cận nghèo', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 80),
  ('dia-gioi-hanh-chinh', 'Đề án thành lập, nhập, chia, điều chỉnh địa giới hành chính', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 90),
  ('thanh-tra-phong-chong-tham-nhung', 'Kết quả thanh tra, kiểm tra và xử lý vụ việc tham nhũng', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 100),
  ('lay-phieu-tin-nhiem', 'Kết quả lấy phiếu tín nhiệm', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 110),
  ('lay-y-kien-nhan-dan', 'Nội dung lấy ý kiến Nhân dân và kết quả tiếp thu', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 120),
  ('phi-le-phi', 'Các khoản phí, lệ phí và nghĩa vụ tài chính', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 130),
  ('thong-tin-khac', 'Thông tin khác theo quy định của pháp luật', 'Điều 11 Luật Thực hiện dân chủ ở cơ sở', 140);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('editor', 'approver')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);

-- Session and API tokens are stored as SHA-256 hashes: a copy of the database does not
-- let anyone log in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  scopes TEXT NOT NULL DEFAULT '["disclosures:read", "disclosures:write", "reception:read", "reception:write", "statistics:read", "statistics:write"]' CHECK (json_valid(scopes)),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE disclosures (
  id INTEGER PRIMARY KEY,
  -- Set once at creation; the public URL never changes afterwards.
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  category TEXT NOT NULL REFERENCES categories(slug),
  document_number TEXT NOT NULL DEFAULT '',
  document_type TEXT NOT NULL DEFAULT '',
  issued_on TEXT NOT NULL CHECK (issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  issuer TEXT NOT NULL CHECK (length(issuer) > 0),
  summary TEXT NOT NULL CHECK (length(summary) > 0),
  body TEXT NOT NULL DEFAULT '',
  channels TEXT NOT NULL CHECK (json_valid(channels) AND json_array_length(channels) > 0),
  posting_start TEXT NOT NULL CHECK (posting_start GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  posting_end TEXT CHECK (posting_end IS NULL OR posting_end GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  permanent INTEGER NOT NULL DEFAULT 0 CHECK (permanent IN (0, 1)),
  short_posting_reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  withdrawn_at TEXT,
  withdrawal_reason TEXT,
  created_by INTEGER REFERENCES accounts(id),
  CHECK ((permanent = 1 AND posting_end IS NULL) OR (permanent = 0 AND posting_end IS NOT NULL AND posting_end >= posting_start)),
  CHECK (status = 'draft' OR published_at IS NOT NULL),
  CHECK (status <> 'withdrawn' OR (withdrawn_at IS NOT NULL AND length(withdrawal_reason) > 0))
);
-- Public lists: newest first, whole list and per category.
CREATE INDEX disclosures_by_status ON disclosures(status, published_at DESC, id DESC);
CREATE INDEX disclosures_by_category ON disclosures(category, status, published_at DESC, id DESC);

-- What citizens see of a published item's history: each saved version after publication,
-- with the official's reason for the change.
CREATE TABLE disclosure_revisions (
  id INTEGER PRIMARY KEY,
  disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
  version INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  change_note TEXT NOT NULL,
  snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
  UNIQUE (disclosure_id, version)
);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  object_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX attachments_by_disclosure ON attachments(disclosure_id);

-- Every accepted change, written in the same batch as the change itself.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_account_id INTEGER REFERENCES accounts(id),
  actor_token_id INTEGER REFERENCES api_tokens(id),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
);
CREATE INDEX audit_by_entity ON audit_log(entity, entity_id, id);
