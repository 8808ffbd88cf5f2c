import type { Unit } from '../unit.ts';

/** SQL for the single row of unit configuration. */

export async function getUnit(db: D1Database): Promise<Unit | null> {
  const r = await db.prepare('SELECT * FROM unit WHERE id = 1').first<Record<string, string>>();
  if (!r) return null;
  return {
    kind: r.kind as Unit['kind'],
    name: r.name!,
    parent: r.parent!,
    province: r.province!,
    address: r.address!,
    phone: r.phone!,
    email: r.email!,
    placeName: r.place_name!,
    publicBaseUrl: r.public_base_url!,
    embedOrigins: JSON.parse(r.embed_origins ?? '[]') as string[],
    fourEyes: Number(r.four_eyes) === 1,
  };
}

export function saveUnit(db: D1Database, unit: Unit, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO unit (id, kind, name, parent, province, address, phone, email, place_name, public_base_url, embed_origins, four_eyes, updated_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent = excluded.parent,
         province = excluded.province, address = excluded.address, phone = excluded.phone, email = excluded.email,
         place_name = excluded.place_name, public_base_url = excluded.public_base_url, embed_origins = excluded.embed_origins, four_eyes = excluded.four_eyes,
         updated_at = excluded.updated_at`,
    )
    .bind(unit.kind, unit.name, unit.parent, unit.province, unit.address, unit.phone, unit.email, unit.placeName, unit.publicBaseUrl, JSON.stringify(unit.embedOrigins), unit.fourEyes ? 1 : 0, now);
}
