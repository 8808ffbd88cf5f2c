/**
 * One day of a shipped list, in the shape of holidays.ts `Holiday`; declared here so that this
 * data file imports nothing from the module that reads it (no import circle).
 */
interface OfficialDay {
  date: string;
  kind: 'holiday' | 'swapped_off' | 'makeup_workday';
  name: string;
  source: string;
}

/**
 * The civil service's days off as the Government decided them, year by year (Labour Code 2019,
 * Điều 112: the Prime Minister fixes the Tết break and any swapped days). A year listed here is
 * decided: its computed defaults (holidays.ts) no longer apply and its sessions are not
 * "dự kiến". A unit's own saved list still takes precedence (schema/reception/reception.db.ts).
 *
 * Where each document was confirmed (issue 21; the press quoting the Government's letters):
 * - 2024 Tết 08/02–14/02 and 2/9 31/08–03/09: the Ministry of Labour's notice as reported by
 *   sucsongtre.vn and btv.org.vn (the notice number could not be read in any source found);
 *   30/4–1/5 with Mon 29/04 swapped for Sat 04/05: Công văn 2450/VPCP-KGVX, 12/04/2024
 *   (baophapluat.vn, "Thủ tướng Chính phủ đồng ý nghỉ 5 ngày liên tiếp dịp 30/4 và 1/5").
 * - 2025 Tết 27/01–31/01 (break 25/01–02/02, back on Mon 03/02) and the year's other breaks:
 *   Công văn 8726/VPCP-KGVX, 26/11/2024 (pld.net.vn; vtv9.vtv.vn gives the five days); Fri
 *   02/05 swapped for Sat 26/04 and 2/9 with Mon 01/09: law-brief.md (press reports), the
 *   letter's number for these two could not be confirmed.
 * - 2026 Fri 02/01 swapped for Sat 10/01: Công văn 12729/VPCP-KGVX, 25/12/2025 (law-brief.md,
 *   as reported by the press); Tết 16/02–20/02 (break 14/02–22/02): vietnammedia.vnanet.vn,
 *   17/10/2025, and congan.com.vn. Giỗ Tổ (Sun 26/04) gives Mon 27/04 by Điều 112 khoản 3. The
 *   day next to 2/9/2026 was not found in any source: the computed default (Thu 03/09) stays,
 *   its source says so.
 */

const LABOUR_CODE = 'Bộ luật Lao động 2019, Điều 112';
const day = (date: string, kind: OfficialDay['kind'], name: string, source: string): OfficialDay => ({ date, kind, name, source });

const MOLISA_2024 = 'Thông báo của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2024';
const VPCP_2450 = 'Công văn 2450/VPCP-KGVX ngày 12/04/2024 của Văn phòng Chính phủ';
const VPCP_8726 = 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ';
const VPCP_12729 = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ';
const TET_2026 = 'Lịch nghỉ Tết Nguyên đán năm 2026 do Thủ tướng quyết định (thông báo tháng 10/2025)';

export const OFFICIAL_DAYS_OFF: Readonly<Record<number, readonly OfficialDay[]>> = {
  2024: [
    day('2024-01-01', 'holiday', 'Tết Dương lịch', LABOUR_CODE),
    day('2024-02-08', 'holiday', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', MOLISA_2024),
    day('2024-02-09', 'holiday', 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)', MOLISA_2024),
    day('2024-02-12', 'holiday', 'Tết Nguyên đán Giáp Thìn (mùng 3)', MOLISA_2024),
    day('2024-02-13', 'swapped_off', 'Nghỉ bù Tết Nguyên đán (mùng 1 trùng thứ Bảy)', MOLISA_2024),
    day('2024-02-14', 'swapped_off', 'Nghỉ bù Tết Nguyên đán (mùng 2 trùng Chủ nhật)', MOLISA_2024),
    day('2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)', LABOUR_CODE),
    day('2024-04-29', 'swapped_off', 'Nghỉ hoán đổi dịp 30/4 – 1/5', VPCP_2450),
    day('2024-04-30', 'holiday', 'Ngày Chiến thắng 30/4', LABOUR_CODE),
    day('2024-05-01', 'holiday', 'Ngày Quốc tế Lao động 1/5', LABOUR_CODE),
    day('2024-05-04', 'makeup_workday', 'Làm bù cho ngày nghỉ hoán đổi 29/04', VPCP_2450),
    day('2024-09-02', 'holiday', 'Quốc khánh 2/9', MOLISA_2024),
    day('2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', MOLISA_2024),
  ],
  2025: [
    day('2025-01-01', 'holiday', 'Tết Dương lịch', LABOUR_CODE),
    day('2025-01-27', 'holiday', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', VPCP_8726),
    day('2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', VPCP_8726),
    day('2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 1)', VPCP_8726),
    day('2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 2)', VPCP_8726),
    day('2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 3)', VPCP_8726),
    day('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)', LABOUR_CODE),
    day('2025-04-26', 'makeup_workday', 'Làm bù cho ngày nghỉ hoán đổi 02/05', 'Hoán đổi ngày làm việc dịp 30/4 – 1/5/2025 (báo chí đưa tin; chưa đối chiếu được số văn bản)'),
    day('2025-04-30', 'holiday', 'Ngày Chiến thắng 30/4', LABOUR_CODE),
    day('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động 1/5', LABOUR_CODE),
    day('2025-05-02', 'swapped_off', 'Nghỉ hoán đổi dịp 30/4 – 1/5', 'Hoán đổi ngày làm việc dịp 30/4 – 1/5/2025 (báo chí đưa tin; chưa đối chiếu được số văn bản)'),
    day('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', VPCP_8726),
    day('2025-09-02', 'holiday', 'Quốc khánh 2/9', LABOUR_CODE),
  ],
  2026: [
    day('2026-01-01', 'holiday', 'Tết Dương lịch', LABOUR_CODE),
    day('2026-01-02', 'swapped_off', 'Nghỉ hoán đổi dịp Tết Dương lịch', VPCP_12729),
    day('2026-01-10', 'makeup_workday', 'Làm bù cho ngày nghỉ hoán đổi 02/01', VPCP_12729),
    day('2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', TET_2026),
    day('2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 1)', TET_2026),
    day('2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 2)', TET_2026),
    day('2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 3)', TET_2026),
    day('2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 4)', TET_2026),
    day('2026-04-27', 'swapped_off', 'Nghỉ bù Giỗ Tổ Hùng Vương (26/04 trùng Chủ nhật)', `${LABOUR_CODE}, khoản 3`),
    day('2026-04-30', 'holiday', 'Ngày Chiến thắng 30/4', LABOUR_CODE),
    day('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động 1/5', LABOUR_CODE),
    day('2026-09-02', 'holiday', 'Quốc khánh 2/9', LABOUR_CODE),
    day('2026-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', `${LABOUR_CODE} — ngày liền kề chưa đối chiếu được văn bản, theo cách tính mặc định`),
  ],
};
