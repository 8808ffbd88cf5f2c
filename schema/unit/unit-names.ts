import { addDays, type IsoDate } from '../core/dates.ts';
import type { Unit } from './unit.ts';

/**
 * The unit's identity over time: a commune is renamed or changes kind (xã → phường) from a
 * date. Every page, notice and calendar event shows the name in force on its own date, and
 * nothing that identifies a record (calendar UIDs) depends on the name.
 */

export type UnitIdentity = Pick<Unit, 'kind' | 'name'>;

/** An earlier name: in force for dates before `validUntil` (and on or after the previous one's). */
export interface EarlierName extends UnitIdentity {
  validUntil: IsoDate;
}

const byDate = (names: EarlierName[]) => [...names].sort((a, b) => a.validUntil.localeCompare(b.validUntil));
const same = (a: UnitIdentity, b: UnitIdentity) => a.kind === b.kind && a.name === b.name;

/** The name and kind in force on `date`; `earlier` sorted or not. */
export function identityOn(current: UnitIdentity, earlier: EarlierName[], date: IsoDate): UnitIdentity {
  const match = byDate(earlier).find((n) => date < n.validUntil);
  return match ? { kind: match.kind, name: match.name } : { kind: current.kind, name: current.name };
}

/** The unit as configured, with the name and kind in force on `date` (what a page or notice of that date shows). */
export function unitOn<U extends UnitIdentity>(unit: U, earlier: EarlierName[], date: IsoDate): U {
  return { ...unit, ...identityOn(unit, earlier, date) };
}

/** The first name the unit had: what stable identifiers (calendar UIDs) are built from, once and for all. */
export function foundingIdentity(current: UnitIdentity, earlier: EarlierName[]): UnitIdentity {
  const first = byDate(earlier)[0];
  return first ? { kind: first.kind, name: first.name } : { kind: current.kind, name: current.name };
}

/**
 * The earlier names after a rename that applies from `from`: the identity in force the day
 * before is kept for the dates before it (a rename planned for later than `from` never took
 * effect and goes); the new identity applies from `from`. Nothing changes when kind and name
 * stay the same, so saving other settings never moves a planned rename.
 */
export function namesAfterRename(before: UnitIdentity | null, after: UnitIdentity, earlier: EarlierName[], from: IsoDate): EarlierName[] {
  if (!before || same(before, after)) return earlier;
  const sorted = byDate(earlier);
  const kept = sorted.filter((n) => n.validUntil <= from);
  const timeline = kept.at(-1)?.validUntil === from ? kept : [...kept, { ...identityOn(before, sorted, addDays(from, -1)), validUntil: from }];
  // A name followed by the same name is one span: keep only its end.
  return timeline.filter((n, i) => !same(n, timeline[i + 1] ?? after));
}
