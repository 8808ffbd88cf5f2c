import { z } from './zod.ts';

/**
 * Calendar dates are plain `YYYY-MM-DD` strings: a disclosure is issued or posted on a day,
 * not at an instant, and the day is the one in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no DST).
 */
export type IsoDate = string;

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Vietnam's offset from UTC in hours: +7 all year, no daylight saving since 1975. */
export const VIETNAM_UTC_OFFSET_HOURS = 7;

/** The same offset as ISO 8601 writes it: "+07:00". */
export const VIETNAM_UTC_OFFSET = `+${String(VIETNAM_UTC_OFFSET_HOURS).padStart(2, '0')}:00`;

/** A wall-clock time in Vietnam as an ISO 8601 value for `<time datetime>`: "2024-06-27T07:30+07:00". */
export function vietnamDateTime(date: IsoDate, time: string): string {
  return `${date}T${time}${VIETNAM_UTC_OFFSET}`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const VIETNAMESE = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;

/** True when y-m-d is a real day of the Gregorian calendar. */
function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= last;
}

/**
 * Reads a date as an official types it: ISO from `<input type="date">`, or the way
 * Vietnamese write it ("24/6/2024", "24-06-2024", "24.06.2024") where that input is a
 * plain text box (old browsers). Returns `YYYY-MM-DD`, or null when it is not a real day.
 */
export function parseDate(input: string): IsoDate | null {
  const text = input.normalize('NFC').trim();
  let y: number, m: number, d: number;
  const iso = ISO.exec(text);
  const vn = VIETNAMESE.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else return null;
  if (y < 1945 || y > 2100 || !isRealDate(y, m, d)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A date field. Stored and answered as `YYYY-MM-DD`; typed input in the Vietnamese order is
 * accepted too. Messages name the field and show the expected shape.
 */
export function dateField(label: string) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `Chưa nhập ${label.toLowerCase()}.`
          : `${label} phải là ngày, dạng 24/06/2024.`,
    })
    .overwrite((v) => parseDate(v) ?? v.trim())
    .refine((v) => ISO.test(v) && parseDate(v) === v, {
      error: `${label} không hợp lệ: hãy nhập một ngày có thật, dạng 24/06/2024.`,
    })
    .meta({ format: 'date', examples: ['2024-06-24'] });
}

/** Today's date in Vietnam. */
export function todayInVietnam(now: Date = new Date()): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now);
}

function toUtcDay(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toUtcDay(b) - toUtcDay(a);
}

/** `date` plus `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date((toUtcDay(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Days of the week are numbered one way everywhere: ISO 8601, 1 = Monday … 7 = Sunday.
 * Stored reception rules and the API already use it (`weekdays: [4]` is Thursday), weeks in
 * Vietnamese calendars start on Monday as in ISO, and the Vietnamese names are ISO + 1
 * ("Thứ Hai" is day 1) except Sunday, which has its own name. JavaScript's getUTCDay()
 * (0 = Sunday) is converted here and nowhere else.
 */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: 'Thứ Hai',
  2: 'Thứ Ba',
  3: 'Thứ Tư',
  4: 'Thứ Năm',
  5: 'Thứ Sáu',
  6: 'Thứ Bảy',
  7: 'Chủ nhật',
};

/** The abbreviations printed calendars use in their column heads: "T2" … "T7", "CN". */
export const WEEKDAY_ABBREVIATIONS: Record<Weekday, string> = { 1: 'T2', 2: 'T3', 3: 'T4', 4: 'T5', 5: 'T6', 6: 'T7', 7: 'CN' };

/** ISO weekday of a date (1 = Monday … 7 = Sunday). */
export function isoWeekday(date: IsoDate): Weekday {
  return (new Date(toUtcDay(date) * 86_400_000).getUTCDay() || 7) as Weekday;
}

/** Vietnamese weekday name of a date: "Thứ Năm". */
export function weekdayName(date: IsoDate): string {
  return WEEKDAY_NAMES[isoWeekday(date)];
}

/** Short numeric form used in lists and tables: "24/06/2024". */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The long form of an administrative date line (Decree 30/2020/NĐ-CP): days under 10 and
 * months 1–2 take a leading zero: "ngày 05 tháng 02 năm 2024", "ngày 24 tháng 6 năm 2024".
 */
export function formatDateLong(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = String(d).padStart(2, '0');
  const month = m! <= 2 ? String(m).padStart(2, '0') : String(m);
  return `ngày ${day} tháng ${month} năm ${y}`;
}

/** A timestamp (UTC ISO string) shown as Vietnamese wall-clock time: "14:05, 24/06/2024". */
export function formatDateTime(instant: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')}, ${get('day')}/${get('month')}/${get('year')}`;
}
