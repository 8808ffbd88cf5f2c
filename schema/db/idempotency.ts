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

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'conflict' } | { kind: 'in_progress' };

/**
 * Claims `key` for this request. The INSERT is the lock: of two identical requests racing,
 * one inserts and runs; the other sees the row and waits for, or replays, its answer.
 */
export async function claimKey(db: D1Database, tokenId: number, key: string, requestHash: string, now: string): Promise<Claim> {
  const { columns, placeholders, values } = KEY.write({ tokenId, key, requestHash, createdAt: now }, ['tokenId', 'key', 'requestHash', 'createdAt']);
  const inserted = await db.prepare(`INSERT INTO idempotency_keys (${columns}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`).bind(...values).run();
  if (inserted.meta.changes === 1) return { kind: 'new' };
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
