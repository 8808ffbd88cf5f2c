import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDate,
  formatDateLong,
  formatDateTime,
  isoWeekday,
  parseDate,
  todayInVietnam,
  vietnamDateTime,
  WEEKDAY_NAMES,
  weekdayName,
} from '../../schema/core/dates.ts';
import { postingLabel, postingState } from '../../schema/disclosure/disclosure.ts';

describe('parseDate', () => {
  it.each([
    ['2024-06-24', '2024-06-24'], // ISO from <input type="date">
    ['24/06/2024', '2024-06-24'], // as Vietnamese write it
    ['24/6/2024', '2024-06-24'],
    ['5.2.2024', '2024-02-05'],
    ['29/02/2024', '2024-02-29'], // 2024 is a leap year
    ['29/02/2023', null], // 2023 is not
    ['31/04/2024', null], // April has 30 days
    ['2024-13-01', null],
    ['24/06/24', null], // two-digit years are ambiguous
    ['01/01/1900', null], // absurd for a commune document
    ['mai', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });
});

describe('Vietnamese date formatting', () => {
  it.each([
    // Decree 30/2020: days under 10 and months 1–2 take a leading zero.
    ['2024-06-24', 'ngày 24 tháng 6 năm 2024'], // the date line of 78/BC-UBND
    ['2024-02-05', 'ngày 05 tháng 02 năm 2024'], // law-brief §8 example
    ['2024-03-13', 'ngày 13 tháng 3 năm 2024'],
    ['2024-12-01', 'ngày 01 tháng 12 năm 2024'],
  ])('formatDateLong(%s) = %s', (date, expected) => {
    expect(formatDateLong(date)).toBe(expected);
  });

  it('formats short dates as dd/mm/yyyy', () => {
    expect(formatDate('2024-03-08')).toBe('08/03/2024');
  });

  it.each([
    ['2024-06-20', 'Thứ Năm'], // a reception Thursday in the report's half-year
    ['2026-02-17', 'Thứ Ba'], // Tết Bính Ngọ
    ['2024-06-23', 'Chủ nhật'],
  ])('weekdayName(%s) = %s', (date, expected) => {
    expect(weekdayName(date)).toBe(expected);
  });

  it.each([
    ['2024-06-17', 1], // Monday: ISO 1, "Thứ Hai"
    ['2024-06-20', 4], // the demo rule's `weekdays: [4]` is this Thursday
    ['2024-06-22', 6], // Saturday
    ['2024-06-23', 7], // Sunday is 7, not JavaScript's 0
    ['2000-02-29', 2], // a leap day (a Tuesday)
  ])('isoWeekday(%s) = %i, named by WEEKDAY_NAMES', (date, expected) => {
    expect(isoWeekday(date)).toBe(expected);
    expect(WEEKDAY_NAMES[isoWeekday(date)]).toBe(weekdayName(date));
  });

  it('writes Vietnamese wall-clock times with the +07:00 offset', () => {
    expect(vietnamDateTime('2024-06-20', '07:30')).toBe('2024-06-20T07:30+07:00');
    // The same instant as UTC: 00:30Z.
    expect(new Date(vietnamDateTime('2024-06-20', '07:30')).toISOString()).toBe('2024-06-20T00:30:00.000Z');
  });

  it('shows instants in Vietnam time (UTC+7)', () => {
    expect(formatDateTime('2024-06-24T17:30:00.000Z')).toBe('00:30, 25/06/2024');
  });

  it('takes today from Vietnam, not UTC', () => {
    // 18:00 UTC on 31 Dec is already 1 Jan in Vietnam.
    expect(todayInVietnam(new Date('2024-12-31T18:00:00Z'))).toBe('2025-01-01');
    expect(todayInVietnam(new Date('2024-12-31T16:59:00Z'))).toBe('2024-12-31');
  });

  it('counts days across months and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2024-06-24', 29)).toBe('2024-07-23');
  });
});

describe('postingState', () => {
  const period = { permanent: false, postingStart: '2024-06-01', postingEnd: '2024-06-30' };
  it.each([
    ['2024-05-30', 'Sắp niêm yết, từ ngày 01/06/2024'],
    // By dates, never "còn 12 ngày": the page is the same every day of the posting (issue 23).
    ['2024-06-01', 'Đang niêm yết đến hết ngày 30/06/2024'],
    ['2024-06-18', 'Đang niêm yết đến hết ngày 30/06/2024'],
    ['2024-06-30', 'Đang niêm yết đến hết ngày 30/06/2024'],
    ['2024-07-01', 'Hết thời hạn niêm yết'],
  ])('on %s: %s', (today, label) => {
    expect(postingLabel(postingState(period, today))).toBe(label);
  });

  it('a permanent posting never ends', () => {
    expect(postingLabel(postingState({ permanent: true, postingStart: '2020-01-01', postingEnd: undefined }, '2030-01-01'))).toBe('Công khai thường xuyên');
  });
});
