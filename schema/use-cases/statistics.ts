import { savePetitionStats as storePetitionStats } from '../db/petition-stats.ts';
import { saveProcedureReport as storeProcedureReport } from '../db/procedure-stats.ts';
import { ValidationError } from '../errors.ts';
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
  await storeProcedureReport(ctx.db, checked.value.period, checked.value.rows, ctx.actor, ctx.now);
  return { value: checked.value, publish: { reason: `procedure statistics (${source})`, scope: NO_DETAIL_PAGES } };
}

export async function savePetitionStats(ctx: WriteContext, raw: unknown): Promise<Outcome<typeof stats>> {
  authorize(ctx.actor, 'statistics.save');
  const stats = parseInput(PetitionStatsSchema, raw);
  await storePetitionStats(ctx.db, stats, ctx.actor, ctx.now);
  return { value: stats, publish: { reason: 'petition statistics', scope: NO_DETAIL_PAGES } };
}
