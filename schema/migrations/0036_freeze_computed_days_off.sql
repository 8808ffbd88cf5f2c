-- The past never changes (issue 21, item 3). Until migration 0028 shipped the Government's days
-- off for 2024–2026 (schema/official-days-off.ts), a deployment that never saved its own list
-- published its sessions on the computed defaults; with no holiday_list_versions row, the
-- shipped lists would silently move those past sessions (Fri 02/05/2025, Fri 02/01/2026 …).
-- This freezes, for each of those years that already had sessions, the list then in force:
-- the computed defaults exactly as the code before 0028 gave them (`git show df25cf2^:schema/
-- holidays.ts`, defaultHolidays), "dự kiến — chưa xác nhận". It is in force for session dates
-- before the day 0028 was applied (Vietnam time): that is when the shipped lists took effect.
-- The shipped list in force now then flags every past session it makes a day off for the
-- official to correct in the open (sessionsToCorrect, schema/db/reception.ts).
-- Not frozen: a year with the unit's own saved list (holidays rows: it already took precedence),
-- and any year of a deployment with no rule yet (a fresh one publishes on the shipped lists).
WITH computed (year, date, kind, name) AS (
  VALUES
    (2024, '2024-01-01', 'holiday', 'Tết Dương lịch'),
    (2024, '2024-02-09', 'holiday', 'Tết Nguyên đán (ngày cuối năm Âm lịch)'),
    (2024, '2024-02-10', 'holiday', 'Tết Nguyên đán (mùng 1)'),
    (2024, '2024-02-11', 'holiday', 'Tết Nguyên đán (mùng 2)'),
    (2024, '2024-02-12', 'holiday', 'Tết Nguyên đán (mùng 3)'),
    (2024, '2024-02-13', 'holiday', 'Tết Nguyên đán (mùng 4)'),
    (2024, '2024-02-14', 'swapped_off', 'Nghỉ bù Tết Nguyên đán (mùng 1)'),
    (2024, '2024-02-15', 'swapped_off', 'Nghỉ bù Tết Nguyên đán (mùng 2)'),
    (2024, '2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
    (2024, '2024-04-30', 'holiday', 'Ngày Chiến thắng 30/4'),
    (2024, '2024-05-01', 'holiday', 'Ngày Quốc tế Lao động 1/5'),
    (2024, '2024-09-02', 'holiday', 'Quốc khánh 2/9'),
    (2024, '2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề)'),
    (2025, '2025-01-01', 'holiday', 'Tết Dương lịch'),
    (2025, '2025-01-28', 'holiday', 'Tết Nguyên đán (ngày cuối năm Âm lịch)'),
    (2025, '2025-01-29', 'holiday', 'Tết Nguyên đán (mùng 1)'),
    (2025, '2025-01-30', 'holiday', 'Tết Nguyên đán (mùng 2)'),
    (2025, '2025-01-31', 'holiday', 'Tết Nguyên đán (mùng 3)'),
    (2025, '2025-02-01', 'holiday', 'Tết Nguyên đán (mùng 4)'),
    (2025, '2025-02-03', 'swapped_off', 'Nghỉ bù Tết Nguyên đán (mùng 4)'),
    (2025, '2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
    (2025, '2025-04-30', 'holiday', 'Ngày Chiến thắng 30/4'),
    (2025, '2025-05-01', 'holiday', 'Ngày Quốc tế Lao động 1/5'),
    (2025, '2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)'),
    (2025, '2025-09-02', 'holiday', 'Quốc khánh 2/9'),
    (2026, '2026-01-01', 'holiday', 'Tết Dương lịch'),
    (2026, '2026-02-16', 'holiday', 'Tết Nguyên đán (ngày cuối năm Âm lịch)'),
    (2026, '2026-02-17', 'holiday', 'Tết Nguyên đán (mùng 1)'),
    (2026, '2026-02-18', 'holiday', 'Tết Nguyên đán (mùng 2)'),
    (2026, '2026-02-19', 'holiday', 'Tết Nguyên đán (mùng 3)'),
    (2026, '2026-02-20', 'holiday', 'Tết Nguyên đán (mùng 4)'),
    (2026, '2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
    (2026, '2026-04-27', 'swapped_off', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
    (2026, '2026-04-30', 'holiday', 'Ngày Chiến thắng 30/4'),
    (2026, '2026-05-01', 'holiday', 'Ngày Quốc tế Lao động 1/5'),
    (2026, '2026-09-02', 'holiday', 'Quốc khánh 2/9'),
    (2026, '2026-09-03', 'holiday', 'Quốc khánh (ngày liền kề)')
),
-- The day the shipped lists took effect in this database; "now" if 0028 is in the same run.
cut (until) AS (
  SELECT coalesce(
    (SELECT date(applied_at, '+7 hours') FROM d1_migrations WHERE name LIKE '0028%'),
    date('now', '+7 hours')
  )
)
INSERT INTO holiday_list_versions (year, until, list, provisional, saved_at)
SELECT
  computed.year,
  cut.until,
  json_group_array(json_object(
    'date', computed.date,
    'name', computed.name,
    'kind', computed.kind,
    'source', 'Tính theo Bộ luật Lao động 2019, Điều 112 (dự kiến — chưa xác nhận)'
  )),
  1,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM computed, cut
WHERE computed.year || '-01-01' < cut.until
  AND NOT EXISTS (SELECT 1 FROM holidays WHERE date BETWEEN computed.year || '-01-01' AND computed.year || '-12-31')
  AND EXISTS (
    SELECT 1 FROM reception_rules
    WHERE valid_from < cut.until
      AND valid_from <= computed.year || '-12-31'
      AND (valid_to IS NULL OR valid_to >= computed.year || '-01-01')
  )
GROUP BY computed.year, cut.until
ON CONFLICT (year, until) DO NOTHING;
