import { describe, expect, it } from 'vitest';
import { defaultHolidays } from '../../schema/holidays.ts';
import { lunarToSolar, tetDate } from '../../schema/lunar.ts';

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
    const days = defaultHolidays(2024).map((h) => h.date);
    expect(days).toEqual(
      expect.arrayContaining(['2024-01-01', '2024-02-09', '2024-02-10', '2024-02-13', '2024-04-18', '2024-04-30', '2024-05-01', '2024-09-02']),
    );
  });

  it('gives a substitute day for a holiday on a weekend (Điều 112)', () => {
    // 30/4/2022 was a Saturday and 1/5/2022 a Sunday: substitutes Monday 2/5 and Tuesday 3/5.
    const names = new Map(defaultHolidays(2022).map((h) => [h.date, h.name]));
    expect(names.get('2022-05-02')).toContain('Nghỉ bù');
    expect(names.get('2022-05-03')).toContain('Nghỉ bù');
  });

  it('takes 1/9 as the day next to 2/9 when 2/9 is a Tuesday, to join the weekend', () => {
    // 2/9/2025 was a Tuesday; the 2025 break was 1–2 September.
    expect(defaultHolidays(2025).map((h) => h.date)).toContain('2025-09-01');
  });
});
