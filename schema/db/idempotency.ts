/** SQL for API idempotency keys: the first answer to a keyed write, replayed on a retry. */

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'conflict' } | { kind: 'in_progress' };

/**
 * Claims `key` for this request. The INSERT is the lock: of two identical requests racing,
 * one inserts and runs; the other sees the row and waits for, or replays, its answer.
 */
export async function claimKey(db: D1Database, tokenId: number, key: string, requestHash: string, now: string): Promise<Claim> {
  const inserted = await db
    .prepare('INSERT INTO idempotency_keys (token_id, key, request_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .bind(tokenId, key, requestHash, now)
    .run();
  if (inserted.meta.changes === 1) return { kind: 'new' };
  const row = await db
    .prepare('SELECT request_hash, status, body FROM idempotency_keys WHERE token_id = ? AND key = ?')
    .bind(tokenId, key)
    .first<{ request_hash: string; status: number | null; body: string | null }>();
  if (!row || row.request_hash !== requestHash) return { kind: 'conflict' };
  if (row.status === null) return { kind: 'in_progress' };
  return { kind: 'replay', status: row.status, body: row.body ?? '' };
}

export async function storeAnswer(db: D1Database, tokenId: number, key: string, status: number, body: string): Promise<void> {
  await db.prepare('UPDATE idempotency_keys SET status = ?, body = ? WHERE token_id = ? AND key = ?').bind(status, body, tokenId, key).run();
}

/** A failed write may be retried with the same key: its claim is released. */
export async function releaseKey(db: D1Database, tokenId: number, key: string): Promise<void> {
  await db.prepare('DELETE FROM idempotency_keys WHERE token_id = ? AND key = ?').bind(tokenId, key).run();
}
