import { z } from '../core/zod.ts';
import { codeEnum, type CodeOf } from '../core/codes.ts';
import type { IsoDate } from '../core/dates.ts';

/**
 * A reporting period: month, quarter, half-year or year, as statistics are reported by the
 * one-stop desk (Biểu 06) and for petitions. Stored as kind + year + number.
 */
export const PERIOD_KINDS = { month: 'Tháng', quarter: 'Quý', half: '6 tháng', year: 'Năm' } as const;
type PeriodKind = CodeOf<typeof PERIOD_KINDS>;

const MAX_NUMBER: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };

export const PeriodSchema = z
  .object({
    kind: codeEnum(PERIOD_KINDS, 'Chọn loại kỳ báo cáo: tháng, quý, 6 tháng hoặc năm.'),
    year: z.coerce.number({ error: 'Chưa nhập năm.' }).int().min(2000, { error: 'Năm không hợp lệ.' }).max(2100, { error: 'Năm không hợp lệ.' }),
    number: z.coerce.number({ error: 'Chưa nhập số kỳ.' }).int().min(1, { error: 'Số kỳ bắt đầu từ 1.' }).default(1),
  })
  .superRefine((p, ctx) => {
    if (p.number > MAX_NUMBER[p.kind]) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: `${PERIOD_KINDS[p.kind]} chỉ có kỳ 1 đến ${MAX_NUMBER[p.kind]}.` });
    }
  });
export type Period = z.output<typeof PeriodSchema>;

/** "Tháng 3/2024", "Quý II/2024", "6 tháng đầu năm 2024", "Năm 2024". */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `Tháng ${p.number}/${p.year}`;
    case 'quarter':
      return `Quý ${['I', 'II', 'III', 'IV'][p.number - 1]}/${p.year}`;
    case 'half':
      return `6 tháng ${p.number === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
    case 'year':
      return `Năm ${p.year}`;
  }
}

/** Stable URL/file key: "2024-h1", "2024-q2", "2024-m03", "2024". */
export function periodKey(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${p.year}-m${String(p.number).padStart(2, '0')}`;
    case 'quarter':
      return `${p.year}-q${p.number}`;
    case 'half':
      return `${p.year}-h${p.number}`;
    case 'year':
      return String(p.year);
  }
}

const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

export function periodRange(p: Period): { start: IsoDate; end: IsoDate } {
  const months = MONTHS[p.kind];
  const firstMonth = (p.number - 1) * months + 1;
  const lastMonth = firstMonth + months - 1;
  const lastDay = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${p.year}-${pad(firstMonth)}-01`, end: `${p.year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** The period of the same kind just before: Quý I/2024 → Quý IV/2023. */
export function previousPeriod(p: Period): Period {
  if (p.number > 1) return { ...p, number: p.number - 1 };
  return { ...p, year: p.year - 1, number: MAX_NUMBER[p.kind] };
}

/** The period of the same kind just after: Quý IV/2023 → Quý I/2024. */
export function nextPeriod(p: Period): Period {
  return p.number < MAX_NUMBER[p.kind] ? { ...p, number: p.number + 1 } : { ...p, year: p.year + 1, number: 1 };
}

/** Sort order: by start date, then longer periods first. */
export function comparePeriods(a: Period, b: Period): number {
  const ra = periodRange(a);
  const rb = periodRange(b);
  return ra.start.localeCompare(rb.start) || rb.end.localeCompare(ra.end);
}

/**
 * The last day of a period that has not ended by `today` (a Vietnam date, todayInVietnam()):
 * figures for it can only be provisional. Null once the period is over.
 *
 * @example unfinishedUntil({ kind: 'quarter', year: 2026, number: 4 }, '2026-12-07') // '2026-12-31'
 */
export function unfinishedUntil(p: Period, today: IsoDate): IsoDate | null {
  const { end } = periodRange(p);
  return end > today ? end : null;
}

/** The period of a key periodKey() wrote ("2024-q2" → Quý II/2024); null for anything else. */
export function periodOfKey(key: string): Period | null {
  const m = /^(\d{4})(?:-(m|q|h)(\d{1,2}))?$/.exec(key);
  if (!m) return null;
  const kind = ({ m: 'month', q: 'quarter', h: 'half' } as const)[m[2] as 'm' | 'q' | 'h'] ?? 'year';
  const parsed = PeriodSchema.safeParse({ kind, year: m[1], number: m[3] ?? 1 });
  return parsed.success && periodKey(parsed.data) === key ? parsed.data : null;
}

/**
 * The days a period label names, when it names one the portal can read: "6 tháng đầu năm 2024",
 * "6 tháng cuối năm 2024", "Quý II/2024", "Tháng 3/2024", "Năm 2024", "2024"; null otherwise (a
 * label the portal cannot read places nothing). A record known only by such a label happened
 * somewhere in these days: it falls in a report period that holds them all.
 */
export function labelRange(label: string): { start: IsoDate; end: IsoDate } | null {
  const text = label.normalize('NFC').toLocaleLowerCase('vi').trim().replace(/\s+/g, ' ');
  let m = /^6 tháng (đầu|cuối) năm (\d{4})$/.exec(text);
  if (m) return periodRange({ kind: 'half', year: Number(m[2]), number: m[1] === 'đầu' ? 1 : 2 });
  m = /^quý (i{1,3}|iv|[1-4])\/(\d{4})$/.exec(text);
  if (m) return periodRange({ kind: 'quarter', year: Number(m[2]), number: { i: 1, ii: 2, iii: 3, iv: 4 }[m[1]!] ?? Number(m[1]) });
  m = /^tháng (\d{1,2})\/(\d{4})$/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return periodRange({ kind: 'month', year: Number(m[2]), number: Number(m[1]) });
  m = /^(?:năm )?(\d{4})$/.exec(text);
  if (m) return periodRange({ kind: 'year', year: Number(m[1]), number: 1 });
  return null;
}
