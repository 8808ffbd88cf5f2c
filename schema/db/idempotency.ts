import { columnMap, int, nullable, text } from './columns.ts';

/** SQL for API idempotency keys: the first answer to a keyed write, replayed on a retry. */

/** The longest key accepted; the table CHECKs the same bound (0005_add_review_and_safety.sql). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

interface KeyRecord {
  tokenId: number;
  key: string;
  requestHash: string;
  /** The stored answer; null while the first request is still running. */
  status: number | null;
  body: string | null;
  createdAt: string;
}

const KEY = columnMap<KeyRecord>({
  tokenId: int('token_id'),
  key: text('key'),
  requestHash: text('request_hash'),
  status: nullable(int('status')),
  body: nullable(text('body')),
  createdAt: text('created_at'),
});

const WHERE = `${KEY.column('tokenId')} = ? AND ${KEY.column('key')} = ?`;

/**
 * How long a claim without an answer holds its key. A Worker request that is still running
 * after this long has been cut off (a crash, a deploy, the CPU limit) and will never store
 * its answer, so a retry with the same key takes the claim over instead of getting 409 forever.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'conflict' } | { kind: 'in_progress' };

/**
 * Claims `key` for this request. The INSERT is the lock: of two identical requests racing,
 * one inserts and runs; the other sees the row and waits for, or replays, its answer. A claim
 * without an answer older than the lease is taken over by one conditional UPDATE, so of two
 * retries racing for a stale claim only one runs.
 */
export async function claimKey(db: D1Database, tokenId: number, key: string, requestHash: string, now: string): Promise<Claim> {
  const { columns, placeholders, values } = KEY.write({ tokenId, key, requestHash, createdAt: now }, ['tokenId', 'key', 'requestHash', 'createdAt']);
  const inserted = await db.prepare(`INSERT INTO idempotency_keys (${columns}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`).bind(...values).run();
  if (inserted.meta.changes === 1) return { kind: 'new' };
  const leaseStart = new Date(Date.parse(now) - IDEMPOTENCY_LEASE_SECONDS * 1000).toISOString();
  const takenOver = await db
    .prepare(
      `UPDATE idempotency_keys SET ${KEY.set(['createdAt'])}
       WHERE ${WHERE} AND ${KEY.column('requestHash')} = ? AND ${KEY.column('status')} IS NULL AND ${KEY.column('createdAt')} < ?`,
    )
    .bind(now, tokenId, key, requestHash, leaseStart)
    .run();
  if (takenOver.meta.changes === 1) return { kind: 'new' };
  const r = await db.prepare(`SELECT * FROM idempotency_keys WHERE ${WHERE}`).bind(tokenId, key).first();
  const row = r ? KEY.read(r) : null;
  if (!row || row.requestHash !== requestHash) return { kind: 'conflict' };
  if (row.status === null) return { kind: 'in_progress' };
  return { kind: 'replay', status: row.status, body: row.body ?? '' };
}

export async function storeAnswer(db: D1Database, tokenId: number, key: string, status: number, body: string): Promise<void> {
  await db
    .prepare(`UPDATE idempotency_keys SET ${KEY.set(['status', 'body'])} WHERE ${WHERE}`)
    .bind(...KEY.values({ status, body }, ['status', 'body']), tokenId, key)
    .run();
}

/** A failed write may be retried with the same key: its claim is released. */
export async function releaseKey(db: D1Database, tokenId: number, key: string): Promise<void> {
  await db.prepare(`DELETE FROM idempotency_keys WHERE ${WHERE}`).bind(tokenId, key).run();
}
