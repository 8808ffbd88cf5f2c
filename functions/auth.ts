import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { deleteSession, findApiToken, getSessionAccount, insertSession, touchApiToken, type Account } from '../schema/db/accounts.ts';
import type { Actor } from '../schema/db/audit.ts';
import type { ApiScope } from '../schema/api-scopes.ts';
import type { AppEnv } from './env.ts';
import { randomToken, sha256Hex } from '../schema/crypto.ts';

const SESSION_HOURS = 10;
// Hono adds the __Host- prefix (Secure, Path=/, no Domain): the cookie cannot be set by a subdomain.
export const SESSION_COOKIE = 'session';

export async function startSession(c: Context<AppEnv>, account: Account): Promise<void> {
  const token = randomToken();
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await insertSession(c.env.DB, await sha256Hex(token), account.id, now.toISOString(), expires.toISOString());
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'Strict', expires, prefix: 'host' });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE, 'host');
  if (token) await deleteSession(c.env.DB, await sha256Hex(token));
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' });
}

/** The official behind the session cookie, or null. */
export async function sessionAccount(c: Context<AppEnv>): Promise<Account | null> {
  const token = getCookie(c, SESSION_COOKIE, 'host');
  if (!token) return null;
  return getSessionAccount(c.env.DB, await sha256Hex(token), new Date().toISOString());
}

export function accountActor(account: Account): Actor {
  return { accountId: account.id, tokenId: null, label: account.displayName, role: account.role };
}

/** Admin pages: a logged-in official, or a redirect to the login page that returns here. */
export const requireOfficial = createMiddleware<AppEnv>(async (c, next) => {
  const account = await sessionAccount(c);
  if (!account) {
    const back = new URL(c.req.url).pathname;
    return c.redirect(`/admin/dang-nhap?tiep=${encodeURIComponent(back)}`, 303);
  }
  c.set('account', account);
  c.set('actor', accountActor(account));
  await next();
});

/** API: `Authorization: Bearer <token>` for a live token that holds `scope`. */
export function requireToken(scope: ApiScope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const unauthorized = (message: string) =>
      new HTTPException(401, {
        res: Response.json(
          { error: { code: 'unauthorized', message } },
          { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } },
        ),
      });
    if (!match) throw unauthorized('Thiếu mã truy cập API: gửi tiêu đề "Authorization: Bearer <mã>".');
    const token = await findApiToken(c.env.DB, await sha256Hex(match[1]!));
    if (!token) throw unauthorized('Mã truy cập API không đúng hoặc đã bị thu hồi.');
    if (!token.scopes.includes(scope)) {
      throw new HTTPException(403, {
        res: Response.json({ error: { code: 'forbidden', message: `Mã truy cập này không có quyền "${scope}".` } }, { status: 403 }),
      });
    }
    // "Last used" to the minute is enough, and spares a write on every API request.
    const now = new Date();
    if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) > 60_000) {
      c.executionCtx.waitUntil(touchApiToken(c.env.DB, token.id, now.toISOString()));
    }
    c.set('actor', { accountId: token.accountId, tokenId: token.id, label: token.name, role: token.role });
    await next();
  });
}
