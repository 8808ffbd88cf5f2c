import { z } from '../core/zod.ts';
import { dateField, formatDate, todayInVietnam } from '../core/dates.ts';
import { ValidationError } from '../core/errors.ts';
import { auditById } from '../accounts/audit.db.ts';
import { listEarlierNames, saveEarlierNames } from './unit-names.db.ts';
import { namesAfterRename } from './unit-names.ts';
import { getUnit, saveUnit as storeUnit } from './unit.db.ts';
import { authorize } from '../accounts/roles.ts';
import { EVERYTHING } from '../publishing/publish.ts';
import { UnitSchema, type Unit } from './unit.ts';
import { parseInput } from '../core/validation.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * The unit's settings: its name and kind (on every page and printed notice), the base URL of
 * QR codes and links, the sites allowed to embed the widgets and the four-eyes rule. Only an
 * approver changes them — an editor could otherwise switch four eyes off. Every page shows
 * the unit, so the whole site is republished.
 */
/** From when a new name or kind applies (optional; today by default, never earlier). */
const RenameSchema = z.object({ nameFrom: dateField('Tên mới áp dụng từ ngày').optional() });

export async function saveUnit(ctx: WriteContext, raw: unknown): Promise<Outcome<Unit>> {
  authorize(ctx.actor, 'unit.edit');
  const unit = parseInput(UnitSchema, raw);
  const { nameFrom } = parseInput(RenameSchema, raw);
  const today = todayInVietnam(new Date(ctx.now));
  const before = await getUnit(ctx.db);
  const renamed = before !== null && (before.kind !== unit.kind || before.name !== unit.name);
  // Notices, records and sessions already published keep the name they carried: a rename applies from today or later.
  if (renamed && nameFrom !== undefined && nameFrom < today) {
    throw new ValidationError([
      { field: 'nameFrom', message: `Ngày áp dụng tên mới không được trước hôm nay (${formatDate(today)}): văn bản, biên bản và buổi tiếp đã công bố giữ tên cũ.` },
    ]);
  }
  // A new name or kind applies from a date (today unless given): earlier dates keep the old one.
  const earlier = await listEarlierNames(ctx.db);
  const names = namesAfterRename(before, unit, earlier, nameFrom ?? today);
  const namesChanged = JSON.stringify(names) !== JSON.stringify(earlier);
  await ctx.db.batch([
    storeUnit(ctx.db, unit, ctx.now),
    ...(namesChanged
      ? [...saveEarlierNames(ctx.db, names), auditById(ctx.db, { actor: ctx.actor, action: 'update', entity: 'unit_names', before: earlier, after: names, at: ctx.now }, 1)]
      : []),
    auditById(ctx.db, { actor: ctx.actor, action: 'update', entity: 'unit', before, after: unit, at: ctx.now }, 1),
  ]);
  return { value: unit, publish: { reason: 'unit configuration', scope: EVERYTHING } };
}
