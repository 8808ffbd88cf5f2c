import { z } from 'zod';
import { countField } from './count.ts';
import { PeriodSchema, type Period } from './period.ts';

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

const count = (label: string) => countField(label, 1_000_000).default(0);

export const PetitionStatsSchema = z
  .object({
    period: PeriodSchema,
    ...(Object.fromEntries(Object.entries(PETITION_COLUMNS).map(([k, label]) => [k, count(label)])) as Record<PetitionColumn, ReturnType<typeof count>>),
    /** Reception figures, when the commune reports them. */
    sessionsHeld: countField('Số buổi tiếp', 100_000).optional(),
    citizensReceived: countField('Số lượt công dân', 1_000_000).optional(),
  })
  .superRefine((s, ctx) => {
    const kinds = s.complaints + s.denunciations + s.recommendations + s.reflections;
    // Kinds are optional (all zero when not known), but when given they must cover every petition.
    if (kinds !== 0 && kinds !== s.received) {
      ctx.addIssue({
        code: 'custom',
        path: ['complaints'],
        message: `Theo loại đơn: khiếu nại ${s.complaints} + tố cáo ${s.denunciations} + kiến nghị ${s.recommendations} + phản ánh ${s.reflections} = ${kinds}, khác tổng số ${s.received}.`,
      });
    }
    const outcomes = s.resolved + s.forwarded + s.pending;
    if (outcomes !== s.received) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolved'],
        message: `Kết quả: đã giải quyết ${s.resolved} + chuyển cấp trên ${s.forwarded} + đang giải quyết ${s.pending} = ${outcomes}, khác tổng số ${s.received}.`,
      });
    }
    if (s.mediated > s.resolved) {
      ctx.addIssue({ code: 'custom', path: ['mediated'], message: `Hòa giải thành (${s.mediated}) không thể nhiều hơn số đã giải quyết (${s.resolved}).` });
    }
  });
export type PetitionStatsInput = z.input<typeof PetitionStatsSchema>;
export type PetitionStats = z.output<typeof PetitionStatsSchema> & { id: number; updatedAt: string; period: Period; version: number };
