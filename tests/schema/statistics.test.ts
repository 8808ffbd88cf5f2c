import { describe, expect, it } from 'vitest';
import {
  periodKey,
  periodLabel,
  periodOfKey,
  periodRange,
  previousPeriod,
  unfinishedUntil,
  type Period,
} from '../../schema/statistics/period.ts';
import { PetitionStatsSchema } from '../../schema/statistics/petition-stats.ts';
import { headerKey, parseProcedureCsv, procedureCsv } from '../../schema/statistics/procedure-csv.ts';
import {
  checkProcedureReport,
  checkProcedureRows,
  formatPercent,
  onTimeRate,
  ProcedureRowSchema,
  totalRow,
} from '../../schema/statistics/procedure-stats.ts';

// The first-half-2024 table of report 78/BC-UBND (seed-report-facts.md).
const REPORT_78 = [
  { field: 'Bảo trợ xã hội', receivedTotal: 72, receivedDirect: 72, resolvedTotal: 72, resolvedEarly: 72 },
  { field: 'Các cơ sở giáo dục khác', receivedTotal: 2, receivedDirect: 2, resolvedTotal: 2, resolvedEarly: 2 },
  { field: 'Chứng thực', receivedTotal: 602, receivedDirect: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 },
  { field: 'Hộ tịch', receivedTotal: 288, receivedDirect: 288, resolvedTotal: 288, resolvedEarly: 288 },
  { field: 'Thi đua - khen thưởng', receivedTotal: 2, receivedDirect: 2, resolvedTotal: 2, resolvedEarly: 2 },
].map((r) => ProcedureRowSchema.parse(r));

describe('procedure results arithmetic', () => {
  it('the report 78/BC-UBND table adds up to its total row (966 received, 964 early, 2 late)', () => {
    expect(checkProcedureRows(REPORT_78)).toEqual([]);
    expect(totalRow(REPORT_78)).toMatchObject({ receivedTotal: 966, resolvedTotal: 966, resolvedEarly: 964, resolvedOnTime: 0, resolvedLate: 2 });
    expect(formatPercent(onTimeRate(totalRow(REPORT_78)))).toBe('99,79%');
  });

  // Files still pending are not late yet: the rate's base is the files resolved. Every row of
  // 78/BC-UBND has received = resolved, so these rows keep some files pending to tell the two apart.
  it.each([
    // [what the row shows, the row, the rate]
    ['10 received, 8 resolved (6 early, 1 on time, 1 late), 2 pending', { receivedTotal: 10, receivedDirect: 10, resolvedTotal: 8, resolvedEarly: 6, resolvedOnTime: 1, resolvedLate: 1, pendingTotal: 2, pendingWithin: 2 }, '87,50%'],
    ['40 received, 10 resolved all on time, 30 pending', { receivedTotal: 40, receivedDirect: 40, resolvedTotal: 10, resolvedOnTime: 10, pendingTotal: 30, pendingWithin: 30 }, '100%'],
    ['5 received, none resolved yet', { receivedTotal: 5, receivedDirect: 5, pendingTotal: 5, pendingWithin: 5 }, '—'],
  ])('the on-time rate of %s is counted over the files resolved', (_what, row, rate) => {
    const parsed = ProcedureRowSchema.parse({ field: 'Hộ tịch', ...row });
    expect(checkProcedureRows([parsed])).toEqual([]);
    expect(formatPercent(onTimeRate(parsed))).toBe(rate);
  });

  it.each([
    // [what is wrong, row changes, the message shown]
    ['received ≠ online + direct + carried over', { receivedOnline: 0, receivedDirect: 600 }, 'Tổng số tiếp nhận là 602, nhưng tiếp nhận trực tuyến 0 + tiếp nhận trực tiếp, bưu chính 600 + từ kỳ trước chuyển sang 0 = 600.'],
    ['resolved ≠ early + on time + late', { resolvedLate: 3 }, 'Đã giải quyết là 602, nhưng trước hạn 600 + đúng hạn 0 + quá hạn 3 = 603.'],
    ['received ≠ resolved + pending', { pendingTotal: 1, pendingWithin: 1 }, 'Tổng số tiếp nhận là 602, nhưng đã giải quyết 602 + đang giải quyết 1 = 603.'],
  ])('refuses a row where %s, showing the cells and the sum', (_what, change, message) => {
    const rows = REPORT_78.map((r) => (r.field === 'Chứng thực' ? { ...r, ...change } : r));
    const errors = checkProcedureRows(rows);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 2, message: `Dòng 3 (Chứng thực): ${message}` });
  });

  it('keeps an unreadable online/in-person split unknown: blank or missing is null, and the total row is unknown there', () => {
    const rows = [
      ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 288, receivedOnline: '', resolvedTotal: 288, resolvedEarly: 288 }),
      ProcedureRowSchema.parse({ field: 'Chứng thực', receivedTotal: 602, receivedDirect: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 }),
    ];
    expect(rows[0]).toMatchObject({ receivedOnline: null, receivedDirect: null, carriedOver: 0 });
    expect(checkProcedureRows(rows)).toEqual([]);
    expect(totalRow(rows)).toMatchObject({ receivedTotal: 890, receivedOnline: null, receivedDirect: null, resolvedEarly: 888 });
  });

  it('checks the known cells of a row with an unknown one: they may not exceed the total', () => {
    const rows = [ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 10, receivedDirect: 12, resolvedTotal: 10, resolvedEarly: 10 })];
    expect(checkProcedureRows(rows).map((e) => e.message)).toEqual([
      'Dòng 1 (Hộ tịch): Tổng số tiếp nhận là 10, nhưng tiếp nhận trực tiếp, bưu chính 12 + từ kỳ trước chuyển sang 0 = 12 (chưa kể ô chưa có số liệu).',
    ]);
  });

  it('names the cell for the API and the form', () => {
    const result = checkProcedureReport({ period: { kind: 'half', year: 2024, number: 1 }, rows: [{ ...REPORT_78[0], receivedTotal: 73 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toContain('rows.0.receivedTotal');
  });

  it('refuses negative and non-numeric cells in Vietnamese', () => {
    const result = checkProcedureReport({ period: { kind: 'half', year: 2024, number: 1 }, rows: [{ field: 'Hộ tịch', receivedTotal: -1, receivedDirect: 'mười' }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.message)).toEqual(expect.arrayContaining(['Dòng 1: Tổng số tiếp nhận: không được âm.', 'Dòng 1: Tiếp nhận trực tiếp, bưu chính: phải là số.']));
  });
});

describe('periods', () => {
  it.each([
    [{ kind: 'half', year: 2024, number: 1 }, '6 tháng đầu năm 2024', '2024-h1', '2024-01-01', '2024-06-30'],
    [{ kind: 'quarter', year: 2024, number: 2 }, 'Quý II/2024', '2024-q2', '2024-04-01', '2024-06-30'],
    [{ kind: 'month', year: 2024, number: 2 }, 'Tháng 2/2024', '2024-m02', '2024-02-01', '2024-02-29'],
    [{ kind: 'year', year: 2023, number: 1 }, 'Năm 2023', '2023', '2023-01-01', '2023-12-31'],
  ] as [Period, string, string, string, string][])('%j is "%s"', (period, label, key, start, end) => {
    expect(periodLabel(period)).toBe(label);
    expect(periodKey(period)).toBe(key);
    expect(periodRange(period)).toEqual({ start, end });
  });

  it('the period before Quý I/2024 is Quý IV/2023', () => {
    expect(previousPeriod({ kind: 'quarter', year: 2024, number: 1 })).toEqual({ kind: 'quarter', year: 2023, number: 4 });
  });
});

describe('parseProcedureCsv', () => {
  const good = 'Lĩnh vực,Tổng số,Trực tuyến,Trực tiếp,Tồn kỳ trước,Đã giải quyết,Sớm hạn,Đúng hạn,Trễ hạn\nHộ tịch,288,0,288,0,288,288,0,0\nChứng thực,602,0,602,0,602,600,0,2\n';

  it('reads the report\'s own column names', () => {
    const result = parseProcedureCsv(good);
    expect(result).toMatchObject({ ok: true, rows: [{ field: 'Hộ tịch', receivedTotal: 288 }, { field: 'Chứng thực', resolvedLate: 2 }] });
  });

  it('reads a file saved by Excel: BOM, CRLF, ";" separator, thousands with "."', () => {
    const excel = '\uFEFFSTT;Lĩnh vực;Tổng số;Trực tiếp;Đã giải quyết;Sớm hạn\r\n1;Chứng thực;1.602;1.602;1.602;1.602\r\n';
    expect(parseProcedureCsv(excel)).toMatchObject({ ok: true, rows: [{ field: 'Chứng thực', receivedTotal: 1602, resolvedEarly: 1602 }] });
  });

  it('reads headers typed without diacritics', () => {
    const plain = 'linh vuc,tong so,truc tiep,da giai quyet,som han\nHo tich,5,5,5,5\n';
    expect(parseProcedureCsv(plain)).toMatchObject({ ok: true, rows: [{ field: 'Ho tich', receivedTotal: 5 }] });
    expect(headerKey('Tiếp nhận trực tiếp, bưu chính')).toBe('tiep nhan truc tiep buu chinh');
  });

  it('checks a typed total row against the rows', () => {
    expect(parseProcedureCsv(`${good}Tổng số,890,0,890,0,890,888,0,2\n`).ok).toBe(true);
    const result = parseProcedureCsv(`${good}Tổng số,891,0,890,0,890,888,0,2\n`);
    expect(result).toEqual({ ok: false, errors: ['Dòng "Tổng số": Tổng số tiếp nhận ghi 891, nhưng cộng các dòng được 890.'] });
  });

  it('names an unknown column and a bad cell with its line', () => {
    expect(parseProcedureCsv('Lĩnh vực,Số hồ sơ lạ\nHộ tịch,1\n')).toMatchObject({ ok: false, errors: [expect.stringContaining('Không hiểu cột "Số hồ sơ lạ"')] });
    expect(parseProcedureCsv('Lĩnh vực,Tổng số\nHộ tịch,abc\n')).toMatchObject({ ok: false, errors: ['Dòng 2: Tổng số tiếp nhận: phải là số.'] });
  });

  it('skips title rows above the header and blank columns Excel kept', () => {
    const sheet = 'BIỂU 06;;;;\r\nKỳ báo cáo: 6 tháng đầu năm 2024;;;;\r\n;;;;\r\nSTT;Lĩnh vực;;Tổng số;Trực tiếp\r\n1;Hộ tịch;;288;288\r\n';
    expect(parseProcedureCsv(sheet)).toMatchObject({ ok: true, rows: [{ field: 'Hộ tịch', receivedTotal: 288, receivedDirect: 288 }] });
    expect(parseProcedureCsv('BIỂU 06;;\nLĩnh vực;;Tổng số\nHộ tịch;;abc\n')).toMatchObject({ ok: false, errors: ['Dòng 3: Tổng số tiếp nhận: phải là số.'] });
  });

  it('says in one line what to fix when no header row is found', () => {
    const result = parseProcedureCsv('BIỂU 06,,,\n,,,\nHộ tịch,288,288,288\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain('Không thấy dòng tên cột');
    }
  });

  it('reads the merged three-row header of Biểu 06, skips its column-number row and the signature block below', () => {
    const sheet = [
      'BIỂU 06;;;;;;;;;;;;',
      'STT;Lĩnh vực giải quyết;Số hồ sơ nhận giải quyết;;;;Kết quả giải quyết;;;;;;',
      ';;Tổng số;Trong kỳ;;Từ kỳ trước;Số hồ sơ đã giải quyết;;;;Số hồ sơ đang giải quyết;;',
      ';;;Trực tuyến;Trực tiếp, bưu chính;;Tổng số;Trả trước hạn;Trả đúng hạn;Trả quá hạn;Tổng số;Chưa đến hạn;Quá hạn',
      '(1);(2);(3);(4);(5);(6);(7);(8);(9);(10);(11);(12);(13)',
      '1;Hộ tịch;120;15;100;5;118;100;15;3;2;1;1',
      ';;;;;;;;;;;;',
      ';Người lập biểu;;;;;;;Bình Dương, ngày 05 tháng 4 năm 2025;;;;',
    ].join('\r\n');
    expect(parseProcedureCsv(sheet)).toEqual({
      ok: true,
      rows: [ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 120, receivedOnline: 15, receivedDirect: 100, carriedOver: 5, resolvedTotal: 118, resolvedEarly: 100, resolvedOnTime: 15, resolvedLate: 3, pendingTotal: 2, pendingWithin: 1, pendingOverdue: 1 })],
    });
  });

  it('reads back the CSV the site offers for download', () => {
    const csv = procedureCsv(REPORT_78);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(parseProcedureCsv(csv)).toEqual({ ok: true, rows: REPORT_78 });
  });
});

describe('PetitionStatsSchema', () => {
  const period = { kind: 'half', year: 2024, number: 1 };
  it('accepts the report\'s figures: 11 received, 9 mediated and answered, 2 forwarded', () => {
    expect(PetitionStatsSchema.safeParse({ period, received: 11, resolved: 9, mediated: 9, forwarded: 2 }).success).toBe(true);
  });

  it('keeps the kinds of petition the report does not give as unknown (null), never 0, whether missing, null or blank', () => {
    const parsed = PetitionStatsSchema.parse({ period, received: 11, resolved: 9, mediated: 9, forwarded: 2, denunciations: null, recommendations: '' });
    expect(parsed).toMatchObject({ complaints: null, denunciations: null, recommendations: null, reflections: null, mediated: 9 });
  });

  it('keeps a pending count the report does not give as null, not 11 − 9 − 2 = 0', () => {
    // Report 78/BC-UBND: 11 received, 9 mediated and answered, 2 forwarded; no "đang giải quyết".
    expect(PetitionStatsSchema.parse({ period, received: 11, resolved: 9, mediated: 9, forwarded: 2 }).pending).toBeNull();
  });

  it('accepts kinds known in part when they do not exceed the total', () => {
    expect(PetitionStatsSchema.parse({ period, received: 11, resolved: 9, forwarded: 2, recommendations: 7, reflections: 4 })).toMatchObject({ complaints: null, recommendations: 7 });
  });

  it.each([
    [{ received: 11, resolved: 9, forwarded: 1, pending: 0 }, 'Kết quả: đã giải quyết 9 + chuyển cấp trên 1 + đang giải quyết 0 = 10, khác tổng số 11.'],
    // Pending unknown: the known outcomes still may not exceed the total.
    [{ received: 11, resolved: 10, forwarded: 2 }, 'Kết quả: đã giải quyết 10 + chuyển cấp trên 2 = 12, lớn hơn tổng số 11.'],
    [{ received: 11, resolved: 9, forwarded: 2, complaints: 3, denunciations: 0, recommendations: 5, reflections: 0 }, 'Theo loại đơn: khiếu nại 3 + tố cáo 0 + kiến nghị 5 + phản ánh 0 = 8, khác tổng số 11.'],
    [{ received: 11, resolved: 9, forwarded: 2, complaints: 7, recommendations: 5 }, 'Theo loại đơn: khiếu nại 7 + kiến nghị 5 = 12, lớn hơn tổng số 11.'],
    [{ received: 11, resolved: 9, forwarded: 2, mediated: 10 }, 'Hòa giải thành (10) không thể nhiều hơn số đã giải quyết (9).'],
  ])('refuses %j', (counts, message) => {
    const parsed = PetitionStatsSchema.safeParse({ period, ...counts });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.message)).toContain(message);
  });
});

describe('unfinishedUntil', () => {
  // Each expected day is the period's last day (periodRange); "unfinished" is its end after today.
  it.each([
    [{ kind: 'quarter', year: 2026, number: 4 } as Period, '2026-12-07', '2026-12-31'],
    [{ kind: 'quarter', year: 2026, number: 3 } as Period, '2026-12-07', null],
    // On its last day a period is treated as over: the brief says "its end after today".
    [{ kind: 'month', year: 2026, number: 12 } as Period, '2026-12-31', null],
    [{ kind: 'half', year: 2027, number: 1 } as Period, '2026-12-07', '2027-06-30'],
  ])('%o on %s → %s', (period, today, expected) => {
    expect(unfinishedUntil(period, today)).toBe(expected);
  });
});

describe('periodOfKey', () => {
  it.each(['2024-m03', '2024-q2', '2024-h1', '2024'])('reads back %s as periodKey wrote it', (key) => {
    expect(periodKey(periodOfKey(key)!)).toBe(key);
  });
  it.each(['2024-q5', '2024-m3', '24-q1', 'x'])('refuses %s', (key) => {
    expect(periodOfKey(key)).toBeNull();
  });
});
