import { describe, expect, it } from 'vitest';
import { computedHolidays, defaultHolidays, isDecidedYear } from '../../schema/calendar/holidays.ts';
import { lunarToSolar, tetDate } from '../../schema/calendar/lunar.ts';

describe('tetDate (Vietnamese lunar calendar, UTC+7)', () => {
  it.each([
    [1985, '1985-01-21'], // Vietnam celebrated a month before China (20 Feb) that year
    [2007, '2007-02-17'], // one day before China's 18 Feb: the UTC+7 / UTC+8 difference
    [2024, '2024-02-10'], // issue #3; Tết Giáp Thìn
    [2025, '2025-01-29'], // issue #3; Tết Ất Tỵ
    [2026, '2026-02-17'], // issue #3 and law-brief §6; Tết Bính Ngọ
  ])('Tết %i is %s', (year, expected) => {
    expect(tetDate(year)).toBe(expected);
  });
});

describe('lunarToSolar', () => {
  it.each([
    [10, 3, 2024, false, '2024-04-18'], // Giỗ Tổ Hùng Vương 2024 (issue #3)
    [10, 3, 2025, false, '2025-04-07'], // Giỗ Tổ 2025, a public holiday on Monday 7/4/2025
    [1, 2, 2023, true, '2023-03-22'], // 2023 had a leap 2nd month (tháng 2 nhuận)
    [1, 6, 2025, true, '2025-07-25'], // 2025 had a leap 6th month
    [1, 3, 2025, true, null], // …and no leap 3rd month
  ])('%i/%i/%i (leap %s) is %s', (d, m, y, leap, expected) => {
    expect(lunarToSolar(d, m, y, leap)).toBe(expected);
  });
});

describe('defaultHolidays', () => {
  it('holds the Labour Code holidays of 2024 with Tết from the lunar calendar', () => {
    const days = computedHolidays(2024).map((h) => h.date);
    expect(days).toEqual(
      expect.arrayContaining(['2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-04-18', '2024-04-30', '2024-05-01', '2024-09-02']),
    );
  });

  // The computed Tết break: five working days from the first working day on or after Tết − 2.
  it.each([
    [2023, ['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26']], // Fri 20/01–Thu 26/01/2023 (Phó Thủ tướng's approval, press)
    [2024, ['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']], // Thu 08/02–Wed 14/02/2024 (law-brief.md)
    [2025, ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']], // Mon 27/01–Fri 31/01/2025, back Mon 03/02 (Công văn 8726/VPCP-KGVX)
    [2026, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']], // Mon 16/02–Fri 20/02/2026 (law-brief.md)
  ])('computes the Tết %i break on the days the Government set: %j', (year, days) => {
    const tet = computedHolidays(year).filter((h) => h.name.startsWith('Tết Nguyên đán')).map((h) => h.date);
    expect(tet).toEqual(days);
  });

  it('gives no "nghỉ bù" on Monday 03/02/2025: the office reopened that day', () => {
    expect(computedHolidays(2025).map((h) => h.date)).not.toContain('2025-02-03');
    expect(defaultHolidays(2025).map((h) => h.date)).not.toContain('2025-02-03');
  });

  it("uses the Government's lists for 2024–2026 and computes only the years not yet decided", () => {
    expect([2023, 2024, 2025, 2026, 2027].map(isDecidedYear)).toEqual([false, true, true, true, false]);
    const y2026 = new Map(defaultHolidays(2026).map((h) => [h.date, h]));
    expect(y2026.get('2026-01-02')).toMatchObject({ kind: 'swapped_off', source: expect.stringContaining('12729/VPCP-KGVX') });
    expect(y2026.get('2026-01-10')?.kind).toBe('makeup_workday');
    expect(new Map(defaultHolidays(2025).map((h) => [h.date, h.kind])).get('2025-05-02')).toBe('swapped_off');
    expect(defaultHolidays(2027)).toEqual(computedHolidays(2027));
    // Giỗ Tổ 2026 (10/3 lunar) is Sunday 26/04: Monday 27/04 is its substitute.
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
  });

  it('gives a substitute day for a holiday on a weekend (Điều 112)', () => {
    // 30/4/2022 was a Saturday and 1/5/2022 a Sunday: substitutes Monday 2/5 and Tuesday 3/5.
    const names = new Map(computedHolidays(2022).map((h) => [h.date, h.name]));
    expect(names.get('2022-05-02')).toContain('Nghỉ bù');
    expect(names.get('2022-05-03')).toContain('Nghỉ bù');
  });

  it('takes 1/9 as the day next to 2/9 when 2/9 is a Tuesday, to join the weekend', () => {
    // 2/9/2025 was a Tuesday; the 2025 break was 1–2 September.
    expect(defaultHolidays(2025).map((h) => h.date)).toContain('2025-09-01');
  });
});
