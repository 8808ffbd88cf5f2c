import type { Unit } from './unit.ts';
import { bool, columnMap, json, text } from '../core/columns.db.ts';

/** SQL for the single row of unit configuration. */

const UNIT = columnMap<Unit>({
  kind: text('kind'),
  name: text('name'),
  parent: text('parent'),
  province: text('province'),
  address: text('address'),
  phone: text('phone'),
  email: text('email'),
  placeName: text('place_name'),
  publicBaseUrl: text('public_base_url'),
  embedOrigins: json('embed_origins'),
  fourEyes: bool('four_eyes'),
  demoData: bool('demo_data'),
  signPrefix: text('sign_prefix'),
  signerTitle: text('signer_title'),
  signerName: text('signer_name'),
});

export async function getUnit(db: D1Database): Promise<Unit | null> {
  const r = await db.prepare('SELECT * FROM unit WHERE id = 1').first();
  return r ? UNIT.read(r) : null;
}

export function saveUnit(db: D1Database, unit: Unit, now: string): D1PreparedStatement {
  const { columns, placeholders, values } = UNIT.write(unit);
  return db
    .prepare(
      `INSERT INTO unit (id, ${columns}, updated_at) VALUES (1, ${placeholders}, ?)
       ON CONFLICT (id) DO UPDATE SET ${UNIT.setExcluded()}, updated_at = excluded.updated_at`,
    )
    .bind(...values, now);
}
