import { createMiddleware } from 'hono/factory';
import { sha256Hex } from '../schema/crypto.ts';
import { claimKey, MAX_IDEMPOTENCY_KEY_LENGTH, releaseKey, storeAnswer } from '../schema/db/idempotency.ts';
import type { AppEnv } from './env.ts';

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
  const hash = await sha256Hex(`${c.req.method} ${c.req.path}\n${body}`);
  const claim = await claimKey(c.env.DB, actor.tokenId, key, hash, new Date().toISOString());
  if (claim.kind === 'conflict') return json(422, 'idempotency_key_reused', 'Idempotency-Key này đã dùng cho một yêu cầu khác; hãy dùng khóa mới cho mỗi thao tác.');
  if (claim.kind === 'in_progress') return json(409, 'in_progress', 'Yêu cầu cùng Idempotency-Key đang được xử lý; hãy thử lại sau giây lát.');
  if (claim.kind === 'replay') {
    return new Response(claim.body, { status: claim.status, headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' } });
  }
  await next();
  if (c.res.status >= 500 || c.error) {
    await releaseKey(c.env.DB, actor.tokenId, key);
    return;
  }
  await storeAnswer(c.env.DB, actor.tokenId, key, c.res.status, await c.res.clone().text());
});
