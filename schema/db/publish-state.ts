import type { PublishScope } from '../publish.ts';
import { nextTryAfter, type PublishState } from '../publish-state.ts';
import { columnMap, int, json, nullable, text } from './columns.ts';

/**
 * SQL for the one row of publish state (migration 0015). Its columns `unpublishable` and
 * `unpublishable_at` are no longer written or read: the rows a build leaves out travel in that
 * build's stamp (schema/publish-state.ts SiteStamp), so a build never writes D1.
 */

const STATE = columnMap<PublishState>({
  lastSuccessAt: nullable(text('last_success_at')),
  lastFailureAt: nullable(text('last_failure_at')),
  lastFailureReason: nullable(text('last_failure_reason')),
  attempts: int('attempts'),
  nextTryAt: nullable(text('next_try_at')),
  pendingScope: nullable(json<PublishScope>('pending_scope')),
});

export async function getPublishState(db: D1Database): Promise<PublishState> {
  const row = await db.prepare('SELECT * FROM publish_state WHERE id = 1').first();
  // The migration inserts the row; a database restored from an older backup may lack it.
  return row
    ? STATE.read(row)
    : { lastSuccessAt: null, lastFailureAt: null, lastFailureReason: null, attempts: 0, nextTryAt: null, pendingScope: null };
}

const ENSURE_ROW = 'INSERT INTO publish_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING';

/** The hook took everything owed: nothing is pending any more. */
export async function recordPublishSuccess(db: D1Database, at: string): Promise<void> {
  await db.batch([
    db.prepare(ENSURE_ROW),
    db.prepare('UPDATE publish_state SET last_success_at = ?, attempts = 0, next_try_at = NULL, pending_scope = NULL WHERE id = 1').bind(at),
  ]);
}

/**
 * The hook call failed: `scope` (what was owed, merged with what this call asked for) stays
 * pending, and the next try is set by the number of failures in a row.
 */
export async function recordPublishFailure(db: D1Database, scope: PublishScope, reason: string, attemptsBefore: number, at: string): Promise<void> {
  const attempts = attemptsBefore + 1;
  await db.batch([
    db.prepare(ENSURE_ROW),
    db
      .prepare('UPDATE publish_state SET last_failure_at = ?, last_failure_reason = ?, attempts = ?, next_try_at = ?, pending_scope = ? WHERE id = 1')
      .bind(at, reason, attempts, nextTryAfter(attempts, at), JSON.stringify(scope)),
  ]);
}
