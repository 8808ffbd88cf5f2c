-- Issue 12: what report 78/BC-UBND does not state is NULL, never invented or derived.

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

-- Petitions: the "đang giải quyết" count may be unknown too (issue 12). Report 78/BC-UBND gives
-- 11 received, 9 mediated and answered, 2 forwarded, but no pending count: it is not derived by
-- subtraction. Known, the outcomes add up to the total; unknown, the known ones never exceed it.
-- Rebuilt like 0011 (nothing references the table); every row and its version are kept.
CREATE TABLE petition_stats_new (
  id INTEGER PRIMARY KEY,
  period_kind TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'half', 'year')),
  period_year INTEGER NOT NULL,
  period_number INTEGER NOT NULL,
  received INTEGER NOT NULL CHECK (received >= 0),
  complaints INTEGER CHECK (complaints IS NULL OR complaints >= 0),
  denunciations INTEGER CHECK (denunciations IS NULL OR denunciations >= 0),
  recommendations INTEGER CHECK (recommendations IS NULL OR recommendations >= 0),
  reflections INTEGER CHECK (reflections IS NULL OR reflections >= 0),
  resolved INTEGER NOT NULL CHECK (resolved >= 0),
  mediated INTEGER CHECK (mediated IS NULL OR (mediated >= 0 AND mediated <= resolved)),
  forwarded INTEGER NOT NULL CHECK (forwarded >= 0),
  pending INTEGER CHECK (pending IS NULL OR pending >= 0),
  sessions_held INTEGER CHECK (sessions_held IS NULL OR sessions_held >= 0),
  citizens_received INTEGER CHECK (citizens_received IS NULL OR citizens_received >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  UNIQUE (period_kind, period_year, period_number),
  CHECK (CASE WHEN pending IS NULL THEN resolved + forwarded <= received ELSE received = resolved + forwarded + pending END),
  CHECK (coalesce(complaints, 0) + coalesce(denunciations, 0) + coalesce(recommendations, 0) + coalesce(reflections, 0) <= received),
  CHECK (complaints IS NULL OR denunciations IS NULL OR recommendations IS NULL OR reflections IS NULL
         OR complaints + denunciations + recommendations + reflections = received)
);
INSERT INTO petition_stats_new (id, period_kind, period_year, period_number, received, complaints, denunciations, recommendations, reflections, resolved, mediated, forwarded, pending, sessions_held, citizens_received, created_at, updated_at, version)
  SELECT id, period_kind, period_year, period_number, received, complaints, denunciations, recommendations, reflections, resolved, mediated, forwarded, pending, sessions_held, citizens_received, created_at, updated_at, version
  FROM petition_stats;
DROP TABLE petition_stats;
ALTER TABLE petition_stats_new RENAME TO petition_stats;

-- Categories: the clauses (khoản) of Điều 11 Luật 10/2022/QH15 that could be confirmed against
-- the law text. Source: the text of Điều 11 as published at
--   http://hethongphapluat.vn/luat-thuc-hien-dan-chu-o-co-so-2022/chuong-2/muc-1
--   (same wording: https://luatminhkhue.vn/nhung-noi-dung-chinh-quyen-dia-phuong-cap-xa-phai-cong-khai.aspx)
-- khoản 1 "Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm
--   của cấp xã và kết quả thực hiện";
-- khoản 2 "Số liệu, báo cáo thuyết minh dự toán ngân sách nhà nước … quyết toán ngân sách nhà
--   nước … kết quả thực hiện các kiến nghị của Kiểm toán nhà nước (nếu có)";
-- khoản 3 "Dự án, công trình đầu tư trên địa bàn cấp xã và tiến độ thực hiện; kế hoạch thu hồi
--   đất, bồi thường, hỗ trợ, tái định cư …; kế hoạch quản lý, sử dụng quỹ đất do cấp xã quản lý
--   …; quy hoạch xây dựng …": one clause that the seeded list splits into three categories.
-- Khoản 4–14 could not be read in any source found (the search tool returned only the start of
-- the article), so those categories stay NULL until an approver checks them. An approver's
-- own entry is never overwritten.
UPDATE categories SET law_clause = 1 WHERE slug = 'ke-hoach-kinh-te-xa-hoi' AND law_clause IS NULL;
UPDATE categories SET law_clause = 2 WHERE slug = 'ngan-sach' AND law_clause IS NULL;
UPDATE categories SET law_clause = 3 WHERE slug IN ('du-an-dau-tu', 'dat-dai-boi-thuong', 'quy-hoach') AND law_clause IS NULL;
