import type { IsoDate } from './dates.ts';
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

/** The name and kind in force on `date`; `earlier` sorted or not. */
export function identityOn(current: UnitIdentity, earlier: EarlierName[], date: IsoDate): UnitIdentity {
  const match = [...earlier].sort((a, b) => a.validUntil.localeCompare(b.validUntil)).find((n) => date < n.validUntil);
  return match ? { kind: match.kind, name: match.name } : { kind: current.kind, name: current.name };
}

/** The first name the unit had: what stable identifiers (calendar UIDs) are built from, once and for all. */
export function foundingIdentity(current: UnitIdentity, earlier: EarlierName[]): UnitIdentity {
  const first = [...earlier].sort((a, b) => a.validUntil.localeCompare(b.validUntil))[0];
  return first ? { kind: first.kind, name: first.name } : { kind: current.kind, name: current.name };
}

/**
 * The earlier names after a rename that applies from `from`: the old identity is kept for the
 * dates before it. Nothing changes when kind and name stay the same.
 */
export function namesAfterRename(before: UnitIdentity | null, after: UnitIdentity, earlier: EarlierName[], from: IsoDate): EarlierName[] {
  if (!before || (before.kind === after.kind && before.name === after.name)) return earlier;
  return [...earlier.filter((n) => n.validUntil < from), { kind: before.kind, name: before.name, validUntil: from }];
}
