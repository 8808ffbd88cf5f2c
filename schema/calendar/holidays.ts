import { z } from '../core/zod.ts';
import { addDays, dateField, formatDate, isoWeekday, parseDate, type IsoDate, type Weekday } from '../core/dates.ts';
import { lunarToSolar, tetDate } from './lunar.ts';
import { codeEnum, codesOf } from '../core/codes.ts';
import { normalizeText, optionalText, requiredText, textProblem } from '../core/text.ts';
import { OFFICIAL_DAYS_OFF } from './official-days-off.ts';

/**
 * Public holidays (Labour Code 2019, Điều 112). The Prime Minister fixes the exact Tết break
 * and swapped days each year, so these are only defaults: the official edits the year's list,
 * and the stored list is what the reception calendar uses.
 */

/**
 * What a day in the year's list is: a public holiday, a working day swapped off (nghỉ bù /
 * hoán đổi), or a rest day made a working day (làm bù, usually a Saturday).
 */
const HOLIDAY_KINDS = { holiday: 'ngày lễ', swapped_off: 'nghỉ bù', makeup_workday: 'làm bù' } as const;
const HOLIDAY_KIND_CODES = codesOf(HOLIDAY_KINDS);

export const HolidaySchema = z.object({
  date: dateField('Ngày nghỉ'),
  name: requiredText('Tên ngày nghỉ', 120),
  kind: codeEnum(HOLIDAY_KINDS, 'Loại ngày phải là "ngày lễ", "nghỉ bù" hoặc "làm bù".').default('holiday'),
  /** Where the day comes from: the Prime Minister's decision, the ministry's notice, … */
  source: optionalText('Căn cứ', 300),
});
export type Holiday = z.output<typeof HolidaySchema>;
export type HolidayInput = z.input<typeof HolidaySchema>;

/** Label of computed days off until an official confirms the year's list. */
export const PROVISIONAL_LABEL = 'dự kiến — chưa xác nhận';

/** The source of a computed default, shown beside it. */
const COMPUTED_SOURCE = 'Tính theo Bộ luật Lao động 2019, Điều 112 (dự kiến — chưa xác nhận)';

/** Days of the week the commune office is closed: Saturday and Sunday (ISO weekdays, see dates.ts). */
export const DEFAULT_REST_DAYS: Weekday[] = [6, 7];

function fixed(year: number, month: number, day: number): IsoDate {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A year's days off: the Government's decided list where it is shipped (official-days-off.ts),
 * otherwise the computed defaults (`computedHolidays`), which stay "dự kiến — chưa xác nhận".
 */
export function defaultHolidays(year: number, restDays: Weekday[] = DEFAULT_REST_DAYS): Holiday[] {
  const official = OFFICIAL_DAYS_OFF[year];
  return official ? official.map((h) => ({ ...h })) : computedHolidays(year, restDays);
}

/** Whether the Government's list of `year` is shipped: its days off are decided, not computed. */
export const isDecidedYear = (year: number) => year in OFFICIAL_DAYS_OFF;

/**
 * The computed default holidays of a year, sorted by date:
 * - 1/1; Tết: five working days, from the first working day on or after the 28th/29th of the
 *   last lunar month (Tết − 2). That is how every recent break was set: 2023 Fri 20/01–Thu 26/01,
 *   2024 Thu 08/02–Wed 14/02, 2025 Mon 27/01–Fri 31/01 (the office reopened Mon 03/02: no
 *   "nghỉ bù" that day), 2026 Mon 16/02–Fri 20/02 (official-days-off.ts gives the sources);
 * - Giỗ Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; 2/9 and one adjacent day, the one that joins
 *   the break to a weekend: 1/9 when 2/9 is a Tuesday, Friday or Saturday (2025: Mon 1/9;
 *   2022: Thu 1–Fri 2/9; 2023: Fri 1/9 with Saturday 2/9 given back on Monday 4/9), 3/9
 *   otherwise. The Government chooses each year: this is only the default;
 * - a holiday on a rest day gives a substitute day off: the next working day that is not
 *   itself a holiday (Điều 111–112).
 */
export function computedHolidays(year: number, restDays: Weekday[] = DEFAULT_REST_DAYS): Holiday[] {
  const list: Holiday[] = [];
  const add = (date: IsoDate, name: string) => list.push({ date, name, kind: 'holiday', source: COMPUTED_SOURCE });
  add(fixed(year, 1, 1), 'Tết Dương lịch');
  const tet = tetDate(year);
  let day = addDays(tet, -2);
  for (let n = 0; n < 5; day = addDays(day, 1)) {
    if (restDays.includes(isoWeekday(day))) continue;
    const offset = (Date.parse(day) - Date.parse(tet)) / 86_400_000;
    add(day, offset < 0 ? 'Tết Nguyên đán (cuối năm Âm lịch)' : `Tết Nguyên đán (mùng ${offset + 1})`);
    n++;
  }
  add(lunarToSolar(10, 3, year)!, 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
  add(fixed(year, 4, 30), 'Ngày Chiến thắng 30/4');
  add(fixed(year, 5, 1), 'Ngày Quốc tế Lao động 1/5');
  const national = fixed(year, 9, 2);
  add(national, 'Quốc khánh 2/9');
  const before = [2, 5, 6].includes(isoWeekday(national));
  add(before ? fixed(year, 9, 1) : fixed(year, 9, 3), 'Quốc khánh (ngày liền kề)');

  const taken = new Set(list.map((h) => h.date));
  const substitutes: Holiday[] = [];
  for (const h of [...list].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!restDays.includes(isoWeekday(h.date))) continue;
    let next = addDays(h.date, 1);
    while (restDays.includes(isoWeekday(next)) || taken.has(next)) next = addDays(next, 1);
    taken.add(next);
    substitutes.push({ date: next, name: `Nghỉ bù ${h.name}`, kind: 'swapped_off', source: COMPUTED_SOURCE });
  }
  return [...list, ...substitutes].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * One day a line, as the admin textarea shows it: "date | kind | name | source", e.g.
 * "02/01/2026 | nghỉ bù | Nghỉ hoán đổi dịp Tết Dương lịch | Công văn 12729/VPCP-KGVX".
 */
export function formatHolidayList(list: Holiday[]): string {
  return list.map((h) => [formatDate(h.date), HOLIDAY_KINDS[h.kind], h.name, h.source].join(' | ').replace(/ \| $/, '')).join('\n');
}

const KIND_BY_LABEL = new Map(HOLIDAY_KIND_CODES.map((code) => [HOLIDAY_KINDS[code] as string, code]));

export type HolidayListResult = { ok: true; list: Holiday[] } | { ok: false; message: string };

/**
 * Reads the admin textarea back; every line must be a real date of `year` and a name. A line
 * is "date | kind | name | source" (kind and source may be empty), or simply "date name" for
 * a public holiday.
 */
export function parseHolidayList(text: string, year: number): HolidayListResult {
  const list: Holiday[] = [];
  const lines = text.normalize('NFC').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = normalizeText(raw);
    if (!line) continue;
    const where = `Dòng ${i + 1} ("${line}")`;
    let [first, kindText, name, source] = line.split('|').map((part) => part.trim());
    if (kindText === undefined) {
      const match = /^(\S+)\s*[-–:]?\s*(.*)$/.exec(line)!;
      [first, kindText, name, source] = [match[1]!, '', match[2]!, ''];
    }
    const date = parseDate(first!);
    if (!date) return { ok: false, message: `${where}: ngày không hợp lệ, hãy viết dạng 08/02/${year}.` };
    if (!date.startsWith(`${year}-`)) return { ok: false, message: `${where}: ngày không thuộc năm ${year}.` };
    const kind = kindText ? KIND_BY_LABEL.get(kindText.toLowerCase()) : 'holiday';
    if (!kind) return { ok: false, message: `${where}: loại ngày phải là "ngày lễ", "nghỉ bù" hoặc "làm bù".` };
    if (!name) return { ok: false, message: `${where}: thiếu tên ngày nghỉ sau ngày.` };
    const problem = textProblem('Tên ngày nghỉ', name) ?? (source ? textProblem('Căn cứ', source) : null);
    if (problem) return { ok: false, message: `${where}: ${problem}` };
    if (list.some((h) => h.date === date)) return { ok: false, message: `${where}: ngày này đã có ở dòng trên.` };
    list.push({ date, name, kind, source: source ?? '' });
  }
  return { ok: true, list: list.sort((a, b) => a.date.localeCompare(b.date)) };
}
