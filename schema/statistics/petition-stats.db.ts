import type { PetitionCounts, PetitionStats } from './petition-stats.ts';
import type { ReplacedVersion } from './statistics-history.ts';
import { auditIfChanged, type Actor } from '../accounts/audit.db.ts';
import { columnMap, int, json, nullable, optional, PERIOD, text, type Row } from '../core/columns.db.ts';

/** All SQL for petition and reception counts. */

const STATS = columnMap<Omit<PetitionStats, 'period' | 'history'>>({
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
  changeReason: nullable(text('change_reason')),
});
type Kept = 'id' | 'updatedAt' | 'version' | 'changeReason';
/** What a save writes from the input: everything but the generated id, the timestamps, the version and the reason. */
const SAVED = STATS.fields.filter((f): f is Exclude<typeof f, Kept> => !['id', 'updatedAt', 'version', 'changeReason'].includes(f));

/** Replaced counts (petition_stats_versions, migration 0021). */
const REPLACED = columnMap<ReplacedVersion<PetitionCounts>>({
  version: int('version'),
  savedAt: text('saved_at'),
  changeReason: nullable(text('change_reason')),
  replacedAt: text('replaced_at'),
  figures: json('counts'),
});

const toStats = (r: Row, history: ReplacedVersion<PetitionCounts>[]): PetitionStats => ({ ...STATS.read(r), period: PERIOD.read(r), history });

/** The counts as a period's figures: what a replaced version keeps. */
const countsOf = ({ id: _id, updatedAt: _u, version: _v, changeReason: _c, period: _p, history: _h, ...counts }: PetitionStats): PetitionCounts => counts;

export async function listPetitionStats(db: D1Database): Promise<PetitionStats[]> {
  const [stats, replaced] = await db.batch<Row>([
    db.prepare('SELECT * FROM petition_stats ORDER BY period_year, period_kind, period_number'),
    db.prepare('SELECT * FROM petition_stats_versions ORDER BY stats_id, version DESC'),
  ]);
  const history = new Map<number, ReplacedVersion<PetitionCounts>[]>();
  for (const r of replaced!.results) history.set(r.stats_id as number, [...(history.get(r.stats_id as number) ?? []), REPLACED.read(r)]);
  return stats!.results.map((r) => toStats(r, history.get(r.id as number) ?? []));
}

/**
 * Stores a period's counts on `version` (null: the period has none yet), replacing earlier
 * ones — kept in petition_stats_versions with their dates and reason — with the audit row, in
 * one batch. `reason` is why they are replaced (null for a new period). Returns false, having
 * written nothing, when the stored counts are not at `version` (someone saved first).
 */
export async function savePetitionStats(
  db: D1Database,
  s: Omit<PetitionStats, Kept | 'history'>,
  version: number | null,
  reason: string | null,
  actor: Actor,
  now: string,
): Promise<boolean> {
  const before = await getPetitionStats(db, s.period);
  // The copy kept below must be the counts being replaced: the guarded upsert then checks they still are.
  if (before && before.version !== version) return false;
  const period = PERIOD.write(s.period);
  const counts = STATS.write(s, SAVED);
  const kept = before && REPLACED.write({ version: before.version, savedAt: before.updatedAt, changeReason: before.changeReason, replacedAt: now, figures: countsOf(before) });
  const [saved] = await db.batch([
    db
      .prepare(
        `INSERT INTO petition_stats (${period.columns}, ${counts.columns}, created_at, updated_at, version)
         VALUES (${period.placeholders}, ${counts.placeholders}, ?, ?, 1)
         ON CONFLICT (${period.columns}) DO UPDATE SET ${STATS.setExcluded(SAVED)}, updated_at = excluded.updated_at, version = petition_stats.version + 1, change_reason = ?
         WHERE petition_stats.version = ?`,
      )
      .bind(...period.values, ...counts.values, now, now, reason, version),
    auditIfChanged(
      db,
      { actor, action: before ? 'replace' : 'create', entity: 'petition_stats', before, after: before ? { ...s, changeReason: reason } : s, at: now },
      `${s.period.kind}-${s.period.year}-${s.period.number}`,
    ),
    ...(before && kept
      ? [
          // Kept only when the upsert above changed the row (changes() here counts the audit insert, written on the same condition).
          db.prepare(`INSERT INTO petition_stats_versions (stats_id, ${kept.columns}) SELECT ?, ${kept.placeholders} WHERE changes() = 1`).bind(before.id, ...kept.values),
        ]
      : []),
  ]);
  return saved!.meta.changes === 1;
}

export async function getPetitionStats(db: D1Database, p: PetitionStats['period']): Promise<PetitionStats | null> {
  const row = await db
    .prepare('SELECT * FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?')
    .bind(...PERIOD.values(p))
    .first<Row>();
  if (!row) return null;
  const { results } = await db.prepare('SELECT * FROM petition_stats_versions WHERE stats_id = ? ORDER BY version DESC').bind(row.id).all<Row>();
  return toStats(row, results.map(REPLACED.read));
}
