import { z } from 'zod';
import { getPetitionStats, savePetitionStats as storePetitionStats } from '../db/petition-stats.ts';
import { getProcedureReport, saveProcedureReport as storeProcedureReport } from '../db/procedure-stats.ts';
import { ValidationError, VersionConflictError } from '../errors.ts';
import { PetitionStatsSchema } from '../petition-stats.ts';
import { checkProcedureReport, type ProcedureReport } from '../procedure-stats.ts';
import { NO_DETAIL_PAGES } from '../publish.ts';
import { parseInput } from '../validation.ts';
import { authorize } from '../roles.ts';
import type { Outcome, WriteContext } from './context.ts';

/**
 * Writing statistics: the one-stop procedure table of a period (typed in the form, sent as JSON
 * or imported from CSV — the edges read those formats, this checks and stores) and petition
 * counts. A table that does not add up is refused whole, with the cells and the sum.
 */
export async function saveProcedureReport(ctx: WriteContext, raw: unknown, source = 'form'): Promise<Outcome<Pick<ProcedureReport, 'period' | 'rows'>>> {
  authorize(ctx.actor, 'statistics.save');
  const checked = checkProcedureReport(raw);
  if (!checked.ok) throw new ValidationError(checked.errors);
  const { version } = parseInput(StatsVersionSchema, raw);
  const { period, rows } = checked.value;
  if (!(await storeProcedureReport(ctx.db, period, rows, version ?? null, ctx.actor, ctx.now))) {
    throw stale((await getProcedureReport(ctx.db, period))?.version ?? 0, version);
  }
  return { value: checked.value, publish: { reason: `procedure statistics (${source})`, scope: NO_DETAIL_PAGES } };
}

export async function savePetitionStats(ctx: WriteContext, raw: unknown): Promise<Outcome<typeof stats>> {
  authorize(ctx.actor, 'statistics.save');
  const stats = parseInput(PetitionStatsSchema, raw);
  const { version } = parseInput(StatsVersionSchema, raw);
  if (!(await storePetitionStats(ctx.db, stats, version ?? null, ctx.actor, ctx.now))) {
    throw stale((await getPetitionStats(ctx.db, stats.period))?.version ?? 0, version);
  }
  return { value: stats, publish: { reason: 'petition statistics', scope: NO_DETAIL_PAGES } };
}

/**
 * The version of the stored figures the official edited; none when the period had none. A save
 * on another version is refused, never silently written over the figures someone else saved.
 */
const StatsVersionSchema = z.object({
  version: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number({ error: 'Số phiên bản (version) phải là số.' }).int().min(1).optional()),
});

function stale(current: number, sent: number | undefined): VersionConflictError {
  return new VersionConflictError(
    current,
    sent === undefined
      ? `Kỳ này đã có số liệu (phiên bản ${current}); không có gì bị ghi đè. Hãy mở số liệu của kỳ này rồi sửa, hoặc gửi kèm "version": ${current} để thay.`
      : `Số liệu kỳ này vừa được người khác lưu (nay là phiên bản ${current}); không có gì bị ghi đè. Hãy tải bản mới nhất, so sánh rồi lưu lại.`,
  );
}
