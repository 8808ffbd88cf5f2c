import { auditById } from '../accounts/audit.db.ts';
import { getDemocracyRules, saveDemocracyRules as storeRules } from './democracy-rules.db.ts';
import { DemocracyRulesSchema, type DemocracyRules } from './democracy-rules.ts';
import { EVERYTHING } from '../publishing/publish.ts';
import { authorize } from '../accounts/roles.ts';
import { parseInput } from '../core/validation.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * The unit's thresholds (quorum, passing share, consultation period and result due date, board
 * minimums): approvers only, as the unit's other settings — an editor could otherwise lower the
 * share a vote needs. Audited in the same batch; decision and consultation pages show them, so
 * the whole site is republished.
 */
export async function saveDemocracyRules(ctx: WriteContext, raw: unknown): Promise<Outcome<DemocracyRules>> {
  authorize(ctx.actor, 'unit.edit');
  const rules = parseInput(DemocracyRulesSchema, raw);
  const before = await getDemocracyRules(ctx.db);
  await ctx.db.batch([storeRules(ctx.db, rules, ctx.now), auditById(ctx.db, { actor: ctx.actor, action: 'update', entity: 'democracy_rules', before, after: rules, at: ctx.now }, 1)]);
  return { value: rules, publish: { reason: 'democracy rules', scope: EVERYTHING } };
}
