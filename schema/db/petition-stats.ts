import type { PetitionStats } from '../petition-stats.ts';
import { auditIfChanged, type Actor } from './audit.ts';
import { columnMap, int, nullable, optional, PERIOD, text, type Row } from './columns.ts';

/** All SQL for petition and reception counts. */

const STATS = columnMap<Omit<PetitionStats, 'period'>>({
  id: int('id'),
  // Each count's column has the count's own name (received, complaints, …); an unknown one is NULL.
  received: int('received'),
  complaints: nullable(int('complaints')),
  denunciations: nullable(int('denunciations')),
  recommendations: nullable(int('recommendations')),
  reflections: nullable(int('reflections')),
  resolved: int('resolved'),
  mediated: nullable(int('mediated')),
  forwarded: int('forwarded'),
  pending: nullable(int('pending')),
  sessionsHeld: optional(int('sessions_held')),
  citizensReceived: optional(int('citizens_received')),
  updatedAt: text('updated_at'),
  version: int('version'),
});
/** What a save writes: everything but the generated id, the timestamps and the version. */
const SAVED = STATS.fields.filter((f): f is Exclude<typeof f, 'id' | 'updatedAt' | 'version'> => f !== 'id' && f !== 'updatedAt' && f !== 'version');

const toStats = (r: Row): PetitionStats => ({ ...STATS.read(r), period: PERIOD.read(r) });

export async function listPetitionStats(db: D1Database): Promise<PetitionStats[]> {
  const { results } = await db.prepare('SELECT * FROM petition_stats ORDER BY period_year, period_kind, period_number').all<Row>();
  return results.map(toStats);
}

/**
 * Stores a period's counts on `version` (null: the period has none yet), replacing earlier
 * ones, with the audit row, in one batch. Returns false, having written nothing, when the
 * stored counts are not at `version` (someone saved first).
 */
export async function savePetitionStats(
  db: D1Database,
  s: Omit<PetitionStats, 'id' | 'updatedAt' | 'version'>,
  version: number | null,
  actor: Actor,
  now: string,
): Promise<boolean> {
  const before = await db
    .prepare('SELECT * FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?')
    .bind(...PERIOD.values(s.period))
    .first<Row>();
  const period = PERIOD.write(s.period);
  const counts = STATS.write(s, SAVED);
  const [saved] = await db.batch([
    db
      .prepare(
        `INSERT INTO petition_stats (${period.columns}, ${counts.columns}, created_at, updated_at, version)
         VALUES (${period.placeholders}, ${counts.placeholders}, ?, ?, 1)
         ON CONFLICT (${period.columns}) DO UPDATE SET ${STATS.setExcluded(SAVED)}, updated_at = excluded.updated_at, version = petition_stats.version + 1
         WHERE petition_stats.version = ?`,
      )
      .bind(...period.values, ...counts.values, now, now, version),
    auditIfChanged(db, { actor, action: before ? 'replace' : 'create', entity: 'petition_stats', before: before ? toStats(before) : null, after: s, at: now }, `${s.period.kind}-${s.period.year}-${s.period.number}`),
  ]);
  return saved!.meta.changes === 1;
}

export async function getPetitionStats(db: D1Database, p: PetitionStats['period']): Promise<PetitionStats | null> {
  const row = await db
    .prepare('SELECT * FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?')
    .bind(...PERIOD.values(p))
    .first<Row>();
  return row ? toStats(row) : null;
}
