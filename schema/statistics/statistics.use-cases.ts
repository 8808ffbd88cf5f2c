import { z } from '../core/zod.ts';
import { getPetitionStats, savePetitionStats as storePetitionStats } from './petition-stats.db.ts';
import { getProcedureReport, saveProcedureReport as storeProcedureReport } from './procedure-stats.db.ts';
import { ValidationError, VersionConflictError } from '../core/errors.ts';
import { PetitionStatsSchema } from './petition-stats.ts';
import { checkProcedureReport, type ProcedureReport } from './procedure-stats.ts';
import { petitionChanges } from './petition-stats.ts';
import { procedureTableChanges } from './procedure-diff.ts';
import { areaPages } from '../publishing/publish.ts';
import { replaceReasonProblem, ReplaceReasonSchema } from './statistics-history.ts';
import { parseInput } from '../core/validation.ts';
import { authorize } from '../accounts/roles.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * Writing statistics: the one-stop procedure table of a period (typed in the form, sent as JSON
 * or imported from CSV — the edges read those formats, this checks and stores) and petition
 * counts. A table that does not add up is refused whole, with the cells and the sum.
 */
export async function saveProcedureReport(ctx: WriteContext, raw: unknown, source = 'form'): Promise<Outcome<Pick<ProcedureReport, 'period' | 'rows'>>> {
  authorize(ctx.actor, 'statistics.save');
  const checked = checkProcedureReport(raw);
  if (!checked.ok) throw new ValidationError(checked.errors);
  const { version, reason } = parseInput(StatsVersionSchema, raw);
  const { period, rows } = checked.value;
  const stored = await getProcedureReport(ctx.db, period);
  if (stored && stored.version !== version) throw stale(stored.version, version);
  // The same figures again change nothing public: nothing to explain, nothing stored.
  if (stored && procedureTableChanges(stored.rows, rows).length === 0) return { value: checked.value, publish: null };
  if (stored) requireReason(reason);
  if (!(await storeProcedureReport(ctx.db, period, rows, version ?? null, stored ? reason : null, ctx.actor, ctx.now))) {
    throw stale((await getProcedureReport(ctx.db, period))?.version ?? 0, version);
  }
  return { value: checked.value, publish: { reason: `procedure statistics (${source})`, scope: areaPages('statistics') } };
}

export async function savePetitionStats(ctx: WriteContext, raw: unknown): Promise<Outcome<typeof stats>> {
  authorize(ctx.actor, 'statistics.save');
  const stats = parseInput(PetitionStatsSchema, raw);
  const { version, reason } = parseInput(StatsVersionSchema, raw);
  const stored = await getPetitionStats(ctx.db, stats.period);
  if (stored && stored.version !== version) throw stale(stored.version, version);
  if (stored && petitionChanges(stored, stats).length === 0) return { value: stats, publish: null };
  if (stored) requireReason(reason);
  if (!(await storePetitionStats(ctx.db, stats, version ?? null, stored ? reason : null, ctx.actor, ctx.now))) {
    throw stale((await getPetitionStats(ctx.db, stats.period))?.version ?? 0, version);
  }
  return { value: stats, publish: { reason: 'petition statistics', scope: areaPages('statistics') } };
}

/** Replacing published figures needs a reason citizens can read (schema/statistics/statistics-history.ts). */
function requireReason(reason: string): void {
  const problem = replaceReasonProblem(reason);
  if (problem) throw new ValidationError([{ field: 'reason', message: problem }]);
}

/**
 * The version of the stored figures the official edited; none when the period had none. A save
 * on another version is refused, never silently written over the figures someone else saved.
 */
const StatsVersionSchema = ReplaceReasonSchema.extend({
  version: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number({ error: 'Số phiên bản (version) phải là số.' }).int().min(1).optional()),
});

/**
 * Officials read this message on the admin form as well as API clients: it says what to do in
 * plain words; a program reads the stored version from the 409 answer's `currentVersion`.
 */
function stale(current: number, sent: number | undefined): VersionConflictError {
  return new VersionConflictError(
    current,
    sent === undefined
      ? `Kỳ này đã có số liệu (phiên bản ${current}); không có gì bị ghi đè. Hãy mở số liệu đang có của kỳ này (trang Thống kê, bấm vào tên kỳ), sửa trên đó rồi lưu lại.`
      : `Số liệu kỳ này vừa được người khác lưu (nay là phiên bản ${current}); không có gì bị ghi đè. Hãy tải bản mới nhất, so sánh rồi lưu lại.`,
  );
}
