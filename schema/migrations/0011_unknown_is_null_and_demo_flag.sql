-- Issue 12: nothing invented, unknown is never zero.
-- 1. The unit says whether its data is an illustration (the demo): every citizen page, embed
--    and printout then carries a banner. Production defaults to off.
ALTER TABLE unit ADD COLUMN demo_data INTEGER NOT NULL DEFAULT 0 CHECK (demo_data IN (0, 1));

-- 2. A count nobody reported is NULL, never 0. SQLite cannot drop NOT NULL from a column, so
--    the two tables are rebuilt (nothing references them).
-- Petitions: the four kinds are unknown unless reported; when all four are known they add up
-- to the total; known ones never exceed it.
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
  pending INTEGER NOT NULL CHECK (pending >= 0),
  sessions_held INTEGER CHECK (sessions_held IS NULL OR sessions_held >= 0),
  citizens_received INTEGER CHECK (citizens_received IS NULL OR citizens_received >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (period_kind, period_year, period_number),
  CHECK (received = resolved + forwarded + pending),
  CHECK (coalesce(complaints, 0) + coalesce(denunciations, 0) + coalesce(recommendations, 0) + coalesce(reflections, 0) <= received),
  CHECK (complaints IS NULL OR denunciations IS NULL OR recommendations IS NULL OR reflections IS NULL
         OR complaints + denunciations + recommendations + reflections = received)
);
-- Before this migration "all four kinds 0" meant "not reported" (schema/petition-stats.ts).
INSERT INTO petition_stats_new
  SELECT id, period_kind, period_year, period_number, received,
    CASE WHEN complaints + denunciations + recommendations + reflections = 0 AND received > 0 THEN NULL ELSE complaints END,
    CASE WHEN complaints + denunciations + recommendations + reflections = 0 AND received > 0 THEN NULL ELSE denunciations END,
    CASE WHEN complaints + denunciations + recommendations + reflections = 0 AND received > 0 THEN NULL ELSE recommendations END,
    CASE WHEN complaints + denunciations + recommendations + reflections = 0 AND received > 0 THEN NULL ELSE reflections END,
    resolved, mediated, forwarded, pending, sessions_held, citizens_received, created_at, updated_at
  FROM petition_stats;
DROP TABLE petition_stats;
ALTER TABLE petition_stats_new RENAME TO petition_stats;

-- Procedures: the split between online and in-person receipt may be unknown (report 78/BC-UBND
-- lost one of the two columns). The sum is checked when both are known, and known parts never
-- exceed the total.
CREATE TABLE procedure_rows_new (
  report_id INTEGER NOT NULL REFERENCES procedure_reports(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  field TEXT NOT NULL CHECK (length(field) > 0),
  received_total INTEGER NOT NULL CHECK (received_total >= 0),
  received_online INTEGER CHECK (received_online IS NULL OR received_online >= 0),
  received_direct INTEGER CHECK (received_direct IS NULL OR received_direct >= 0),
  carried_over INTEGER NOT NULL CHECK (carried_over >= 0),
  resolved_total INTEGER NOT NULL CHECK (resolved_total >= 0),
  resolved_early INTEGER NOT NULL CHECK (resolved_early >= 0),
  resolved_on_time INTEGER NOT NULL CHECK (resolved_on_time >= 0),
  resolved_late INTEGER NOT NULL CHECK (resolved_late >= 0),
  pending_total INTEGER NOT NULL CHECK (pending_total >= 0),
  pending_within INTEGER NOT NULL CHECK (pending_within >= 0),
  pending_overdue INTEGER NOT NULL CHECK (pending_overdue >= 0),
  PRIMARY KEY (report_id, position),
  CHECK (received_online IS NULL OR received_direct IS NULL OR received_total = received_online + received_direct + carried_over),
  CHECK (received_total >= coalesce(received_online, 0) + coalesce(received_direct, 0) + carried_over),
  CHECK (resolved_total = resolved_early + resolved_on_time + resolved_late),
  CHECK (pending_total = pending_within + pending_overdue),
  CHECK (received_total = resolved_total + pending_total)
);
INSERT INTO procedure_rows_new SELECT * FROM procedure_rows;
DROP TABLE procedure_rows;
ALTER TABLE procedure_rows_new RENAME TO procedure_rows;

-- 3. A plan's status carries the day it was recorded ("Đang thực hiện (cập nhật 09/05/2024)").
ALTER TABLE disclosures ADD COLUMN plan_status_on TEXT CHECK (plan_status_on IS NULL OR plan_status_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');

-- 4. Categories are law data: each item of Điều 11 Luật 10/2022/QH15 carries its clause (khoản)
--    when confirmed against the law text, and a short description; approvers edit them and add
--    the commune's own (law_clause NULL). The clause numbers could not be confirmed against the
--    official text here, so they stay NULL until an approver checks and enters them.
ALTER TABLE categories ADD COLUMN law_clause INTEGER CHECK (law_clause IS NULL OR law_clause BETWEEN 1 AND 14);
ALTER TABLE categories ADD COLUMN description TEXT NOT NULL DEFAULT '';
UPDATE categories SET legal_ref = 'Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15' WHERE legal_ref = 'Điều 11 Luật Thực hiện dân chủ ở cơ sở';
UPDATE categories SET description = CASE slug
  WHEN 'ke-hoach-kinh-te-xa-hoi' THEN 'Kế hoạch phát triển kinh tế - xã hội của cấp xã và kết quả thực hiện.'
  WHEN 'ngan-sach' THEN 'Dự toán ngân sách, dự toán được giao, báo cáo tình hình thực hiện quý, 6 tháng, năm, quyết toán và việc thực hiện kiến nghị của Kiểm toán nhà nước.'
  WHEN 'du-an-dau-tu' THEN 'Dự án, công trình đầu tư trên địa bàn và tiến độ thực hiện.'
  WHEN 'dat-dai-boi-thuong' THEN 'Thu hồi đất, phương án bồi thường, hỗ trợ và tái định cư.'
  WHEN 'quy-hoach' THEN 'Quy hoạch, kế hoạch sử dụng đất và quy hoạch xây dựng trên địa bàn.'
  WHEN 'thu-tuc-hanh-chinh' THEN 'Thủ tục hành chính do cấp xã giải quyết và kết quả giải quyết.'
  WHEN 'quy-dong-gop' THEN 'Quản lý, sử dụng các loại quỹ, khoản tài trợ và các khoản huy động Nhân dân đóng góp.'
  WHEN 'ho-ngheo-tin-dung' THEN 'Cho vay vốn phát triển sản xuất, giảm nghèo; danh sách hộ nghèo, cận nghèo và việc bình xét.'
  WHEN 'dia-gioi-hanh-chinh' THEN 'Đề án thành lập, nhập, chia, điều chỉnh địa giới đơn vị hành chính.'
  WHEN 'thanh-tra-phong-chong-tham-nhung' THEN 'Kết quả thanh tra, kiểm tra và giải quyết vụ việc tiêu cực, tham nhũng.'
  WHEN 'lay-phieu-tin-nhiem' THEN 'Kết quả lấy phiếu tín nhiệm.'
  WHEN 'lay-y-kien-nhan-dan' THEN 'Nội dung đưa ra lấy ý kiến Nhân dân và kết quả tiếp thu.'
  WHEN 'phi-le-phi' THEN 'Đối tượng, mức thu các loại phí, lệ phí và nghĩa vụ tài chính khác do cấp xã thu.'
  WHEN 'thong-tin-khac' THEN 'Các nội dung khác theo quy định của pháp luật.'
  ELSE description END;

-- 5. Channels with dates: each channel used records its own days (and places for boards); a
--    category may require a minimum per channel (the loudspeaker: three consecutive days, per
--    law-brief.md; which categories exactly is the commune's to confirm); a short posting names
--    its legal ground from a list.
ALTER TABLE disclosures ADD COLUMN channel_details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(channel_details));
ALTER TABLE disclosures ADD COLUMN short_posting_ground TEXT NOT NULL DEFAULT '' CHECK (short_posting_ground IN ('', 'specific_law', 'superior_deadline', 'event_date', 'other'));
ALTER TABLE categories ADD COLUMN channel_minimums TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(channel_minimums));
UPDATE categories SET channel_minimums = '{"loudspeaker":3}';
