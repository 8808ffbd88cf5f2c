import { z } from '../core/zod.ts';
import { countField, unknownCount } from '../core/count.ts';
import { PeriodSchema, type Period } from './period.ts';
import type { ReplacedVersion } from './statistics-history.ts';

/**
 * Counts of petitions (đơn thư) and citizen reception per period. Counts only: the reception
 * register (names, ID numbers, case summaries) is personal data and is never published.
 */

export const PETITION_COLUMNS = {
  received: 'Tổng số đơn tiếp nhận',
  complaints: 'Khiếu nại',
  denunciations: 'Tố cáo',
  recommendations: 'Kiến nghị',
  reflections: 'Phản ánh',
  resolved: 'Đã giải quyết tại cấp xã',
  mediated: 'Trong đó: hòa giải thành',
  forwarded: 'Chuyển cấp trên',
  pending: 'Đang giải quyết',
} as const;
export type PetitionColumn = keyof typeof PETITION_COLUMNS;

/** The kinds of petition: unknown (null) unless reported, never 0 by default. */
export const PETITION_KINDS = ['complaints', 'denunciations', 'recommendations', 'reflections'] as const satisfies readonly PetitionColumn[];

/** A count every report gives (the outcomes must add up to the total). */
const given = (k: PetitionColumn) => countField(PETITION_COLUMNS[k], 1_000_000).default(0);
/** A count a report may not give: null, shown as "—", never 0. */
const maybe = (k: PetitionColumn) => unknownCount(PETITION_COLUMNS[k], 1_000_000);

export const PetitionStatsSchema = z
  .object({
    period: PeriodSchema,
    received: given('received'),
    complaints: maybe('complaints'),
    denunciations: maybe('denunciations'),
    recommendations: maybe('recommendations'),
    reflections: maybe('reflections'),
    resolved: given('resolved'),
    mediated: maybe('mediated'),
    forwarded: given('forwarded'),
    // Report 78/BC-UBND gives received, resolved and forwarded but no "đang giải quyết" count:
    // unknown unless reported, never derived by subtraction (issue 12).
    pending: maybe('pending'),
    /** Reception figures, when the commune reports them. */
    sessionsHeld: countField('Số buổi tiếp', 100_000).optional(),
    citizensReceived: countField('Số lượt công dân', 1_000_000).optional(),
  })
  .superRefine((s, ctx) => {
    // Kinds may be unknown one by one: the known ones never exceed the total, and when all four
    // are known they add up to it. An unknown kind is never counted as 0.
    const known = PETITION_KINDS.filter((k) => s[k] !== null);
    const kinds = known.reduce((acc, k) => acc + (s[k] ?? 0), 0);
    const shown = known.map((k) => `${PETITION_COLUMNS[k].toLowerCase()} ${s[k]}`).join(' + ');
    if (known.length === PETITION_KINDS.length ? kinds !== s.received : kinds > s.received) {
      ctx.addIssue({
        code: 'custom',
        path: ['complaints'],
        message: `Theo loại đơn: ${shown} = ${kinds}, ${known.length === PETITION_KINDS.length ? 'khác' : 'lớn hơn'} tổng số ${s.received}.`,
      });
    }
    // With the pending count known the outcomes add up to the total; unknown, the known ones never exceed it.
    const outcomes = s.resolved + s.forwarded + (s.pending ?? 0);
    if (s.pending === null ? outcomes > s.received : outcomes !== s.received) {
      const pending = s.pending === null ? '' : ` + đang giải quyết ${s.pending}`;
      ctx.addIssue({
        code: 'custom',
        path: ['resolved'],
        message: `Kết quả: đã giải quyết ${s.resolved} + chuyển cấp trên ${s.forwarded}${pending} = ${outcomes}, ${s.pending === null ? 'lớn hơn' : 'khác'} tổng số ${s.received}.`,
      });
    }
    if (s.mediated !== null && s.mediated > s.resolved) {
      ctx.addIssue({ code: 'custom', path: ['mediated'], message: `Hòa giải thành (${s.mediated}) không thể nhiều hơn số đã giải quyết (${s.resolved}).` });
    }
  });
export type PetitionStatsInput = z.input<typeof PetitionStatsSchema>;
/** The counts a period's figures consist of (what a replaced version keeps). */
export type PetitionCounts = Omit<z.output<typeof PetitionStatsSchema>, 'period'>;
export type PetitionStats = z.output<typeof PetitionStatsSchema> & {
  id: number;
  updatedAt: string;
  period: Period;
  version: number;
  /** Why this version replaced the one before (null: the period's first counts; migration 0021). */
  changeReason: string | null;
  /** The counts it replaced, newest first: they stay public. */
  history: ReplacedVersion<PetitionCounts>[];
};

/** The reception figures beside the petition counts, with their labels. */
const RECEPTION_COLUMNS = { sessionsHeld: 'Số buổi tiếp', citizensReceived: 'Số lượt công dân' } as const;

/**
 * What replacing a period's counts would change, in words an official checks before confirming
 * ("Đã giải quyết tại cấp xã: 12 → 13"); an unknown count reads "—".
 */
export function petitionChanges(before: PetitionCounts, after: PetitionCounts): string[] {
  const labels: Record<string, string> = { ...PETITION_COLUMNS, ...RECEPTION_COLUMNS };
  const shown = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  return (Object.keys(labels) as (keyof PetitionCounts)[])
    .filter((k) => shown(before[k] as number | null | undefined) !== shown(after[k] as number | null | undefined))
    .map((k) => `${labels[k]}: ${shown(before[k] as number | null | undefined)} → ${shown(after[k] as number | null | undefined)}.`);
}
