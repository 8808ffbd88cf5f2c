import { columnMap, nullable, text, int } from './columns.db.ts';

/**
 * SQL for idempotency keys: the first answer to a keyed write, replayed on a retry. One table
 * for every kind of write (migration 0024): an API token's `Idempotency-Key`, the one-time
 * token of an official's form, and the content key of a citizen's opinion. The owner scopes the
 * key ("token:<id>", "account:<id>", "opinion"), so one owner can never replay another's answer.
 */

/** The longest key accepted; the table CHECKs the same bound (0024_add_form_once_and_pending_uploads.sql). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

interface KeyRecord {
  owner: string;
  key: string;
  requestHash: string;
  /** The stored answer; null while the first request is still running. */
  status: number | null;
  /** A redirect's target, when the answer was one. */
  location: string | null;
  body: string | null;
  createdAt: string;
  /** When the key may be used afresh; null for API keys, which are kept. */
  expiresAt: string | null;
}

const KEY = columnMap<KeyRecord>({
  owner: text('owner'),
  key: text('key'),
  requestHash: text('request_hash'),
  status: nullable(int('status')),
  location: nullable(text('location')),
  body: nullable(text('body')),
  createdAt: text('created_at'),
  expiresAt: nullable(text('expires_at')),
});

const WHERE = `${KEY.column('owner')} = ? AND ${KEY.column('key')} = ?`;

/**
 * How long a claim without an answer holds its key. A Worker request that is still running
 * after this long has been cut off (a crash, a deploy, the CPU limit) and will never store
 * its answer, so a retry with the same key takes the claim over instead of getting 409 forever.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

/** The first answer, as stored. */
export interface StoredAnswer {
  status: number;
  location: string | null;
  body: string | null;
  createdAt: string;
}

export type Claim = { kind: 'new' } | ({ kind: 'replay' } & StoredAnswer) | { kind: 'conflict'; answer: StoredAnswer | null } | { kind: 'in_progress' };

export interface ClaimOptions {
  /** For how long the key answers with the first result; without it, for good (API keys). */
  ttlSeconds?: number;
}

/**
 * Claims `key` for this request. The INSERT is the lock: of two identical requests racing,
 * one inserts and runs; the other sees the row and waits for, or replays, its answer. A claim
 * without an answer older than the lease, or a key past its expiry, is taken over by one
 * conditional UPDATE, so of two retries racing for it only one runs. Expired keys of every
 * owner are swept by the same call.
 */
export async function claimKey(db: D1Database, owner: string, key: string, requestHash: string, now: string, options: ClaimOptions = {}): Promise<Claim> {
  const expiresAt = options.ttlSeconds ? new Date(Date.parse(now) + options.ttlSeconds * 1000).toISOString() : null;
  const fields = ['owner', 'key', 'requestHash', 'createdAt', 'expiresAt'] as const;
  const { columns, placeholders, values } = KEY.write({ owner, key, requestHash, createdAt: now, expiresAt }, [...fields]);
  const [, inserted] = await db.batch([
    db.prepare(`DELETE FROM idempotency_keys WHERE expires_at IS NOT NULL AND expires_at < ? AND NOT (${WHERE})`).bind(now, owner, key),
    db.prepare(`INSERT INTO idempotency_keys (${columns}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`).bind(...values),
  ]);
  if (inserted!.meta.changes === 1) return { kind: 'new' };
  const leaseStart = new Date(Date.parse(now) - IDEMPOTENCY_LEASE_SECONDS * 1000).toISOString();
  const takenOver = await db
    .prepare(
      `UPDATE idempotency_keys SET request_hash = ?, status = NULL, location = NULL, body = NULL, created_at = ?, expires_at = ?
       WHERE ${WHERE} AND (
         (${KEY.column('requestHash')} = ? AND ${KEY.column('status')} IS NULL AND ${KEY.column('createdAt')} < ?)
         OR (expires_at IS NOT NULL AND expires_at <= ?))`,
    )
    .bind(requestHash, now, expiresAt, owner, key, requestHash, leaseStart, now)
    .run();
  if (takenOver.meta.changes === 1) return { kind: 'new' };
  const r = await db.prepare(`SELECT * FROM idempotency_keys WHERE ${WHERE}`).bind(owner, key).first();
  const row = r ? KEY.read(r) : null;
  const answer = (rec: KeyRecord): StoredAnswer | null =>
    rec.status === null ? null : { status: rec.status, location: rec.location, body: rec.body, createdAt: rec.createdAt };
  if (!row || row.requestHash !== requestHash) return { kind: 'conflict', answer: row ? answer(row) : null };
  const stored = answer(row);
  if (!stored) return { kind: 'in_progress' };
  return { kind: 'replay', ...stored };
}

export async function storeAnswer(db: D1Database, owner: string, key: string, answer: Omit<StoredAnswer, 'createdAt'>): Promise<void> {
  await db
    .prepare(`UPDATE idempotency_keys SET ${KEY.set(['status', 'location', 'body'])} WHERE ${WHERE}`)
    .bind(...KEY.values(answer, ['status', 'location', 'body']), owner, key)
    .run();
}

/** A failed write may be retried with the same key: its claim is released. */
export async function releaseKey(db: D1Database, owner: string, key: string): Promise<void> {
  await db.prepare(`DELETE FROM idempotency_keys WHERE ${WHERE}`).bind(owner, key).run();
}
