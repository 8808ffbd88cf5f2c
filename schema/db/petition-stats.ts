import type { Period } from '../period.ts';
import type { PetitionStats } from '../petition-stats.ts';
import { auditById, type Actor } from './audit.ts';

/** All SQL for petition and reception counts. */

type Row = Record<string, unknown>;

function toStats(r: Row): PetitionStats {
  return {
    id: r.id as number,
    period: { kind: r.period_kind as Period['kind'], year: r.period_year as number, number: r.period_number as number },
    received: r.received as number,
    complaints: r.complaints as number,
    denunciations: r.denunciations as number,
    recommendations: r.recommendations as number,
    reflections: r.reflections as number,
    resolved: r.resolved as number,
    mediated: r.mediated as number,
    forwarded: r.forwarded as number,
    pending: r.pending as number,
    sessionsHeld: (r.sessions_held as number | null) ?? undefined,
    citizensReceived: (r.citizens_received as number | null) ?? undefined,
    updatedAt: r.updated_at as string,
  };
}

export async function listPetitionStats(db: D1Database): Promise<PetitionStats[]> {
  const { results } = await db.prepare('SELECT * FROM petition_stats ORDER BY period_year, period_kind, period_number').all<Row>();
  return results.map(toStats);
}

/** Stores (or replaces) a period's counts with the audit row, in one batch. */
export async function savePetitionStats(db: D1Database, s: Omit<PetitionStats, 'id' | 'updatedAt'>, actor: Actor, now: string): Promise<void> {
  const before = await db
    .prepare('SELECT * FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?')
    .bind(s.period.kind, s.period.year, s.period.number)
    .first<Row>();
  await db.batch([
    db
      .prepare(
        `INSERT INTO petition_stats (period_kind, period_year, period_number, received, complaints, denunciations, recommendations,
           reflections, resolved, mediated, forwarded, pending, sessions_held, citizens_received, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (period_kind, period_year, period_number) DO UPDATE SET received = excluded.received,
           complaints = excluded.complaints, denunciations = excluded.denunciations, recommendations = excluded.recommendations,
           reflections = excluded.reflections, resolved = excluded.resolved, mediated = excluded.mediated,
           forwarded = excluded.forwarded, pending = excluded.pending, sessions_held = excluded.sessions_held,
           citizens_received = excluded.citizens_received, updated_at = excluded.updated_at`,
      )
      .bind(
        s.period.kind, s.period.year, s.period.number, s.received, s.complaints, s.denunciations, s.recommendations, s.reflections,
        s.resolved, s.mediated, s.forwarded, s.pending, s.sessionsHeld ?? null, s.citizensReceived ?? null, now, now,
      ),
    auditById(db, { actor, action: before ? 'replace' : 'create', entity: 'petition_stats', before: before ? toStats(before) : null, after: s, at: now }, `${s.period.kind}-${s.period.year}-${s.period.number}`),
  ]);
}
