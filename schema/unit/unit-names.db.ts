import type { IsoDate } from '../core/dates.ts';
import { unitOn, type EarlierName } from './unit-names.ts';
import type { Unit } from './unit.ts';
import { columnMap, text, type Row } from '../core/columns.db.ts';
import { getUnit } from './unit.db.ts';

/** SQL for the unit's earlier names (unit_names). */

const NAME = columnMap<EarlierName>({ validUntil: text('valid_until'), kind: text('kind'), name: text('name') });

export async function listEarlierNames(db: D1Database): Promise<EarlierName[]> {
  const { results } = await db.prepare('SELECT * FROM unit_names ORDER BY valid_until').all<Row>();
  return results.map((r) => NAME.read(r));
}

/** The unit with the name and kind in force on `date`: what a notice or record of that date prints. */
export async function getUnitOn(db: D1Database, date: IsoDate): Promise<Unit | null> {
  const [unit, earlier] = await Promise.all([getUnit(db), listEarlierNames(db)]);
  return unit && unitOn(unit, earlier, date);
}

/** Replaces the list of earlier names: statements to batch with the unit's save. */
export function saveEarlierNames(db: D1Database, names: EarlierName[]): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM unit_names'),
    ...names.map((n) => {
      const { columns, placeholders, values } = NAME.write(n);
      return db.prepare(`INSERT INTO unit_names (${columns}) VALUES (${placeholders})`).bind(...values);
    }),
  ];
}
