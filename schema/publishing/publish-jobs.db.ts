import type { PublishScope } from './publish.ts';
import type { FailedPath, PublishJob } from './publish-jobs.ts';
import { columnMap, int, json, nullable, text } from '../core/columns.db.ts';

/** SQL for publish_jobs (migration 0031): one row per publish a write or the daily run asked for. */

const JOB = columnMap<PublishJob>({
  id: int('id'),
  reason: text('reason'),
  scope: json<PublishScope>('scope'),
  requestedAt: text('requested_at'),
  pagesTotal: nullable(int('pages_total')),
  pagesDone: int('pages_done'),
  finishedAt: nullable(text('finished_at')),
  failure: nullable(text('failure')),
});

export async function insertPublishJob(db: D1Database, reason: string, scope: PublishScope, at: string): Promise<number> {
  const row = await db
    .prepare('INSERT INTO publish_jobs (reason, scope, requested_at) VALUES (?, ?, ?) RETURNING id')
    .bind(reason, JSON.stringify(scope), at)
    .first<{ id: number }>();
  return row!.id;
}

export async function getPublishJob(db: D1Database, id: number): Promise<PublishJob | null> {
  const row = await db.prepare('SELECT * FROM publish_jobs WHERE id = ?').bind(id).first();
  return row ? JOB.read(row) : null;
}

/** The newest jobs first: what the admin home shows. */
export async function listPublishJobs(db: D1Database, limit = 5): Promise<PublishJob[]> {
  const { results } = await db.prepare('SELECT * FROM publish_jobs ORDER BY id DESC LIMIT ?').bind(limit).all();
  return results.map((r) => JOB.read(r));
}

/**
 * The consumer listed the job's paths: how many pages, in how many messages. Written again, the
 * same, if the queue delivers the job's first message twice.
 */
export async function setJobPlan(db: D1Database, id: number, pages: number, chunks: number, at: string): Promise<void> {
  await db
    .prepare('UPDATE publish_jobs SET pages_total = ?1, chunks_total = ?2, finished_at = CASE WHEN ?2 = 0 THEN coalesce(finished_at, ?3) ELSE finished_at END WHERE id = ?4')
    .bind(pages, chunks, at, id)
    .run();
}

/**
 * One message of the job is done: `pages` pages accounted for, of which `failed` could not be
 * rendered (chunk -1: the rows the site left out). Idempotent: a message delivered again
 * replaces its own row. The job is finished when every message (chunk ≥ 0) has one.
 */
export async function recordChunk(db: D1Database, id: number, chunk: number, pages: number, failed: FailedPath[], at: string): Promise<void> {
  await db.batch([
    ...failed.map((f) => db.prepare('INSERT OR REPLACE INTO publish_failures (job_id, path, reason) VALUES (?, ?, ?)').bind(id, f.path, f.reason)),
    db.prepare('INSERT OR REPLACE INTO publish_chunks (job_id, chunk, pages) VALUES (?, ?, ?)').bind(id, chunk, pages),
    db
      .prepare(
        `UPDATE publish_jobs SET
           pages_done = (SELECT coalesce(sum(pages), 0) FROM publish_chunks WHERE job_id = ?1),
           finished_at = CASE WHEN chunks_total IS NOT NULL
             AND (SELECT count(*) FROM publish_chunks WHERE job_id = ?1 AND chunk >= 0) >= chunks_total
             THEN coalesce(finished_at, ?2) ELSE finished_at END
         WHERE id = ?1`,
      )
      .bind(id, at),
  ]);
}

/** The pages of a job that could not be rendered. */
export async function listFailedPaths(db: D1Database, id: number): Promise<FailedPath[]> {
  const { results } = await db.prepare('SELECT path, reason FROM publish_failures WHERE job_id = ? ORDER BY path').bind(id).all<FailedPath>();
  return results;
}

/** The queue gave up on a message of the job (its dead-letter queue). */
export async function recordJobFailure(db: D1Database, id: number, failure: string, at: string): Promise<void> {
  await db.prepare('UPDATE publish_jobs SET failure = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?').bind(failure, at, id).run();
}

/**
 * Records `version` as the templates of the stored pages; true when it was not already, i.e.
 * this caller must ask for a full publish. One statement, so two isolates cannot both win.
 */
export async function claimTemplateVersion(db: D1Database, version: string, at: string): Promise<boolean> {
  const result = await db
    .prepare('INSERT INTO site_template (id, version, requested_at) VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET version = ?1, requested_at = ?2 WHERE version <> ?1')
    .bind(version, at)
    .run();
  return result.meta.changes > 0;
}

/** Jobs not yet finished (nor given up), and when the last one finished: the health answer. */
export async function publishBacklog(db: D1Database): Promise<{ pending: number; lastFinishedAt: string | null }> {
  const row = await db
    .prepare('SELECT (SELECT count(*) FROM publish_jobs WHERE finished_at IS NULL AND failure IS NULL) AS pending, (SELECT max(finished_at) FROM publish_jobs) AS last')
    .first<{ pending: number; last: string | null }>();
  return { pending: row?.pending ?? 0, lastFinishedAt: row?.last ?? null };
}

/** Whether a job asked for between `since` and `before` failed or never finished: the daily publish then renders everything. */
export async function publishOwed(db: D1Database, since: string, before: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS owed FROM publish_jobs WHERE requested_at >= ? AND requested_at < ? AND (failure IS NOT NULL OR finished_at IS NULL) LIMIT 1')
    .bind(since, before)
    .first<{ owed: number }>();
  return row !== null;
}

/** A commune's publishing at a glance, for the province administrator's home (functions/routes/province-admin.tsx). */
export interface PublishState {
  /** When the last job finished (every page stored), or null if none ever did. */
  lastFinishedAt: string | null;
  /** Jobs asked for and neither finished nor given up. */
  pending: number;
  /** Jobs the queue gave up on since the last finished one: what citizens may not see yet. */
  failedSinceLastFinished: number;
  /** The newest failure's reason and time, if any job ever failed. */
  lastFailure: { at: string; reason: string } | null;
}

export async function publishState(db: D1Database): Promise<PublishState> {
  const row = await db
    .prepare(
      // A job the queue gave up on has finished_at too (recordJobFailure): "finished" is without a failure.
      `SELECT (SELECT max(finished_at) FROM publish_jobs WHERE failure IS NULL) AS last,
              (SELECT count(*) FROM publish_jobs WHERE finished_at IS NULL AND failure IS NULL) AS pending,
              (SELECT count(*) FROM publish_jobs WHERE failure IS NOT NULL
                 AND requested_at > coalesce((SELECT max(finished_at) FROM publish_jobs WHERE failure IS NULL), '')) AS failed,
              (SELECT requested_at FROM publish_jobs WHERE failure IS NOT NULL ORDER BY id DESC LIMIT 1) AS failed_at,
              (SELECT failure FROM publish_jobs WHERE failure IS NOT NULL ORDER BY id DESC LIMIT 1) AS failure`,
    )
    .first<{ last: string | null; pending: number; failed: number; failed_at: string | null; failure: string | null }>();
  return {
    lastFinishedAt: row?.last ?? null,
    pending: row?.pending ?? 0,
    failedSinceLastFinished: row?.failed ?? 0,
    lastFailure: row?.failed_at && row.failure ? { at: row.failed_at, reason: row.failure } : null,
  };
}
