import type { Context, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import { sha256Hex } from '../schema/core/crypto.ts';
import {
  claimKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  releaseKey,
  storeAnswer,
  type Claim,
  type StoredAnswer,
} from '../schema/core/idempotency.db.ts';
import type { AppEnv } from './env.ts';
import { clientAddress } from './client-address.ts';

/**
 * One idempotency mechanism for every write (issue 22.1): an API client's `Idempotency-Key`, the
 * one-time token every admin form carries (functions/admin/form-once.tsx) and the content key
 * of a citizen's opinion (below). A repeat of a write that stored something gets the first
 * answer again and stores nothing; a write that was refused releases its key, so the corrected
 * form can be sent with it.
 */

export interface OnceRun {
  owner: string;
  key: string;
  requestHash: string;
  /** For how long the key answers with the first result; without it, for good (API keys). */
  ttlSeconds?: number;
  /**
   * How long a repeat waits for a first request still running before it answers "in progress".
   * A double tap sends the second request while the first runs, and the browser shows only the
   * second answer: it must be the first result, not a refusal.
   */
  waitMs?: number;
  replay(answer: StoredAnswer): Response | Promise<Response>;
  conflict(answer: StoredAnswer | null): Response | Promise<Response>;
  inProgress(): Response | Promise<Response>;
  /** What of the first answer to keep; null releases the key (the write stored nothing). */
  keep(res: Response): Promise<Omit<StoredAnswer, 'createdAt'> | null>;
}

const POLL_MS = 150;

/** Runs the rest of the chain at most once per (owner, key); see `OnceRun`. */
export async function runOnce(c: Context<AppEnv>, next: Next, run: OnceRun): Promise<Response | void> {
  const claim = () => claimKey(c.env.DB, run.owner, run.key, run.requestHash, new Date().toISOString(), { ttlSeconds: run.ttlSeconds });
  let claimed: Claim = await claim();
  const deadline = Date.now() + (run.waitMs ?? 0);
  while (claimed.kind === 'in_progress' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    claimed = await claim();
  }
  if (claimed.kind === 'conflict') return run.conflict(claimed.answer);
  if (claimed.kind === 'in_progress') return run.inProgress();
  if (claimed.kind === 'replay') return run.replay(claimed);
  let kept: Omit<StoredAnswer, 'createdAt'> | null = null;
  try {
    await next();
    kept = c.error ? null : await run.keep(c.res);
  } finally {
    if (kept) await storeAnswer(c.env.DB, run.owner, run.key, kept);
    else await releaseKey(c.env.DB, run.owner, run.key);
  }
}

/**
 * `Idempotency-Key` on API writes: a retried request (a phone that lost its connection, a sync
 * job that timed out) gets the first answer again and never creates a second item. Runs after
 * the token check, so keys are per token.
 */
export const idempotent = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  const actor = c.get('actor');
  if (!key || c.req.method === 'GET' || !actor?.tokenId) return next();
  const json = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return json(400, 'idempotency_key', `Idempotency-Key dài quá ${MAX_IDEMPOTENCY_KEY_LENGTH} ký tự.`);
  const body = await c.req.raw.clone().text();
  return runOnce(c, next, {
    owner: `token:${actor.tokenId}`,
    key,
    requestHash: await sha256Hex(`${c.req.method} ${c.req.path}\n${body}`),
    replay: (a) => new Response(a.body, { status: a.status, headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' } }),
    conflict: () => json(422, 'idempotency_key_reused', 'Idempotency-Key này đã dùng cho một yêu cầu khác; hãy dùng khóa mới cho mỗi thao tác.'),
    inProgress: () => json(409, 'in_progress', 'Yêu cầu cùng Idempotency-Key đang được xử lý; hãy thử lại sau giây lát.'),
    // Refusals (4xx) are stored too, as before: an API client learns the same answer again.
    keep: async (res) => (res.status >= 500 ? null : { status: res.status, location: null, body: await res.clone().text() }),
  });
});

/**
 * How long the same opinion from the same address answers with its first receipt. A double tap,
 * a reload that re-sends the form or a retry on a slow link all come within minutes; a citizen who
 * means to send the very same words again after half an hour gets a new receipt.
 */
const OPINION_REPEAT_MINUTES = 30;

/**
 * The citizen's opinion form sits on a static page with no script, so it cannot carry a one-time
 * token: every visitor gets the same HTML, and only a script could choose a random value. The
 * repeat is known by its content instead: the same consultation, the same address and the same
 * words (text, name, place, contact) within OPINION_REPEAT_MINUTES answer with the first receipt
 * and store nothing. The key is a SHA-256 of all of it, so neither the address nor the text is
 * stored in the key table; the stored answer is the receipt page, which holds no personal data.
 */
export const opinionOnce = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'POST') return next();
  const body = await c.req.parseBody();
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).normalize('NFC').trim() : '');
  // The same address rule as the opinion limits: a client-sent header is not trusted off Cloudflare.
  const address = clientAddress(c.req.raw) ?? 'unknown';
  const key = await sha256Hex(JSON.stringify([c.req.path, address, text('body'), text('authorName'), text('authorPlace'), text('contact')]));
  const html = (status: number, body: string) => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
  return runOnce(c, next, {
    owner: 'opinion',
    key,
    requestHash: key,
    ttlSeconds: OPINION_REPEAT_MINUTES * 60,
    waitMs: 10_000,
    replay: (a) => html(a.status, a.body ?? ''),
    conflict: () => html(409, ''),
    inProgress: () =>
      html(409, '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Đang xử lý</title><p>Ý kiến của bạn đang được ghi nhận. Hãy đợi một phút rồi tải lại trang này; không cần viết lại.</p></html>'),
    // Only a received opinion (201) is kept; a refusal stored nothing and may be sent again corrected.
    keep: async (res) => (res.status === 201 ? { status: 201, location: null, body: await res.clone().text() } : null),
  });
});
