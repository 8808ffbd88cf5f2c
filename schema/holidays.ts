import { z } from 'zod';
import { addDays, dateField, formatDate, isoWeekday, parseDate, type IsoDate, type Weekday } from './dates.ts';
import { lunarToSolar, tetDate } from './lunar.ts';
import { normalizeText, requiredText, textProblem } from './text.ts';

/**
 * Public holidays (Labour Code 2019, Điều 112). The Prime Minister fixes the exact Tết break
 * and swapped days each year, so these are only defaults: the official edits the year's list,
 * and the stored list is what the reception calendar uses.
 */

export const HolidaySchema = z.object({
  date: dateField('Ngày nghỉ'),
  name: requiredText('Tên ngày nghỉ', 120),
});
export type Holiday = z.output<typeof HolidaySchema>;

/** Days of the week the commune office is closed: Saturday and Sunday (ISO weekdays, see dates.ts). */
export const DEFAULT_REST_DAYS: Weekday[] = [6, 7];

function fixed(year: number, month: number, day: number): IsoDate {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The computed default holidays of a year, sorted by date:
 * - 1/1; Tết: the last day of the lunar year and the first four of the new one (5 days);
 *   Giỗ Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; 2/9 and one adjacent day (1/9 when 2/9 is a
 *   Tuesday, so the break joins the weekend; otherwise 3/9);
 * - a holiday on a rest day gives a substitute day off: the next working day that is not
 *   itself a holiday (Điều 111–112).
 */
export function defaultHolidays(year: number, restDays: Weekday[] = DEFAULT_REST_DAYS): Holiday[] {
  const list: Holiday[] = [];
  const add = (date: IsoDate, name: string) => list.push({ date, name });
  add(fixed(year, 1, 1), 'Tết Dương lịch');
  const tet = tetDate(year);
  add(addDays(tet, -1), 'Tết Nguyên đán (ngày cuối năm Âm lịch)');
  add(tet, 'Tết Nguyên đán (mùng 1)');
  for (let i = 1; i <= 3; i++) add(addDays(tet, i), `Tết Nguyên đán (mùng ${i + 1})`);
  add(lunarToSolar(10, 3, year)!, 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
  add(fixed(year, 4, 30), 'Ngày Chiến thắng 30/4');
  add(fixed(year, 5, 1), 'Ngày Quốc tế Lao động 1/5');
  const national = fixed(year, 9, 2);
  add(national, 'Quốc khánh 2/9');
  const tuesday = isoWeekday(national) === 2;
  add(tuesday ? fixed(year, 9, 1) : fixed(year, 9, 3), 'Quốc khánh (ngày liền kề)');

  const taken = new Set(list.map((h) => h.date));
  const substitutes: Holiday[] = [];
  for (const h of [...list].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!restDays.includes(isoWeekday(h.date))) continue;
    let day = addDays(h.date, 1);
    while (restDays.includes(isoWeekday(day)) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    substitutes.push({ date: day, name: `Nghỉ bù ${h.name}` });
  }
  return [...list, ...substitutes].sort((a, b) => a.date.localeCompare(b.date));
}


/** One holiday a line, as the admin textarea shows it: "08/02/2024 Tết Nguyên Đán". */
export function formatHolidayList(list: Holiday[]): string {
  return list.map((h) => `${formatDate(h.date)} ${h.name}`).join('\n');
}

export type HolidayListResult = { ok: true; list: Holiday[] } | { ok: false; message: string };

/** Reads the admin textarea back; every line must be a real date of `year` and a name. */
export function parseHolidayList(text: string, year: number): HolidayListResult {
  const list: Holiday[] = [];
  const lines = text.normalize('NFC').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = normalizeText(raw);
    if (!line) continue;
    const match = /^(\S+)\s*[-–:]?\s*(.*)$/.exec(line)!;
    const date = parseDate(match[1]!);
    const where = `Dòng ${i + 1} ("${line}")`;
    if (!date) return { ok: false, message: `${where}: ngày không hợp lệ, hãy viết dạng 08/02/${year}.` };
    if (!date.startsWith(`${year}-`)) return { ok: false, message: `${where}: ngày không thuộc năm ${year}.` };
    if (!match[2]) return { ok: false, message: `${where}: thiếu tên ngày nghỉ sau ngày.` };
    const problem = textProblem('Tên ngày nghỉ', match[2]);
    if (problem) return { ok: false, message: `${where}: ${problem}` };
    if (list.some((h) => h.date === date)) return { ok: false, message: `${where}: ngày này đã có ở dòng trên.` };
    list.push({ date, name: match[2] });
  }
  return { ok: true, list: list.sort((a, b) => a.date.localeCompare(b.date)) };
}
