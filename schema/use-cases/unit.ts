import { auditById } from '../db/audit.ts';
import { getUnit, saveUnit as storeUnit } from '../db/unit.ts';
import { authorize } from '../roles.ts';
import { EVERYTHING } from '../publish.ts';
import { UnitSchema, type Unit } from '../unit.ts';
import { parseInput } from '../validation.ts';
import type { Outcome, WriteContext } from './context.ts';

/**
 * The unit's settings: its name and kind (on every page and printed notice), the base URL of
 * QR codes and links, the sites allowed to embed the widgets and the four-eyes rule. Only an
 * approver changes them — an editor could otherwise switch four eyes off. Every page shows
 * the unit, so the whole site is republished.
 */
export async function saveUnit(ctx: WriteContext, raw: unknown): Promise<Outcome<Unit>> {
  authorize(ctx.actor, 'unit.edit');
  const unit = parseInput(UnitSchema, raw);
  const before = await getUnit(ctx.db);
  await ctx.db.batch([
    storeUnit(ctx.db, unit, ctx.now),
    auditById(ctx.db, { actor: ctx.actor, action: 'update', entity: 'unit', before, after: unit, at: ctx.now }, 1),
  ]);
  return { value: unit, publish: { reason: 'unit configuration', scope: EVERYTHING } };
}
