import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import {
  deleteSession,
  ENDED_SESSION_KEPT_HOURS,
  apiTokenQuery,
  findApiToken,
  getLiveSession,
  getSessionAccount,
  getSessionOwner,
  insertSession,
  liveTokenGuard,
  touchApiToken,
  type Account,
  type ApiToken,
} from '../schema/accounts/accounts.db.ts';
import { readAll, type Query, type Results } from '../schema/core/query.db.ts';
import { insertFormDraft, type DraftFields } from '../schema/core/form-drafts.db.ts';
import { FILE_KEEPING_FORMS, KEPT_FILE_FIELD, keepUploadFor } from './admin/pending-upload.ts';
import type { Actor } from '../schema/accounts/audit.db.ts';
import type { ApiScope } from '../schema/accounts/api-scopes.ts';
import type { AppEnv, TokenCheck } from './env.ts';
import { randomToken, sha256Hex } from '../schema/core/crypto.ts';

const SESSION_HOURS = 10;
// Hono adds the __Host- prefix (Secure, Path=/, no Domain): the cookie cannot be set by a subdomain.
const SESSION_COOKIE = 'session';

export async function startSession(c: Context<AppEnv>, account: Account): Promise<void> {
  const token = randomToken();
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await insertSession(c.env.DB, await sha256Hex(token), account.id, now.toISOString(), expires.toISOString());
  // The cookie outlives the session (the server refuses it once the session ended) so that a
  // form sent just after the end still names its account and can be kept for it.
  const cookieExpires = new Date(expires.getTime() + ENDED_SESSION_KEPT_HOURS * 3_600_000);
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'Strict', expires: cookieExpires, prefix: 'host' });
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

function accountActor(account: Account): Actor {
  return { accountId: account.id, tokenId: null, label: account.displayName, role: account.role };
}

/** Field names whose values are never kept: a password typed into a form is not stored anywhere. */
const SECRET_FIELD = /password|mat-?khau|token/i;
/** Forms made only of passwords (current, new, again): nothing of them is kept. */
const SECRET_FORM = /^\/admin\/mat-khau/;

/**
 * Keeps a form posted after its session ended, for the account that session belonged to (the
 * CSRF check has already passed). Text fields, and the new disclosure's file as a pending upload;
 * other chosen files are dropped, and said so after login. Returns whether anything was kept.
 */
async function keepForm(c: Context<AppEnv>, tokenHash: string, path: string): Promise<boolean> {
  if (SECRET_FORM.test(path)) return false;
  const accountId = await getSessionOwner(c.env.DB, tokenHash);
  if (accountId === null) return false;
  const body = await c.req.parseBody({ all: true });
  const fields: DraftFields = {};
  let droppedFiles = 0;
  for (const [name, sent] of Object.entries(body)) {
    const list = Array.isArray(sent) ? sent : [sent];
    const texts = list.filter((v): v is string => typeof v === 'string');
    const files = list.filter((v): v is File => typeof v !== 'string' && v.size > 0);
    // The new disclosure's file is kept as a private pending upload, shown back with the form (issue 22.2).
    const kept = FILE_KEEPING_FORMS[path] === name && files.length === 1 ? await keepUploadFor(c.env, accountId, files[0]!) : null;
    if (kept) fields[KEPT_FILE_FIELD] = String(kept.id);
    else droppedFiles += files.length;
    if (SECRET_FIELD.test(name) || texts.length === 0) continue;
    fields[name] = texts.length === 1 && !Array.isArray(sent) ? texts[0]! : texts;
  }
  const typed = Object.entries(fields).some(([name, v]) => name !== 'version' && name !== 'action' && (Array.isArray(v) ? v.length : v.trim()));
  if (!typed) return false;
  await insertFormDraft(c.env.DB, { accountId, path, fields, droppedFiles, createdAt: new Date().toISOString() });
  return true;
}

/**
 * Admin pages: a logged-in official, or a redirect to the login page that returns here. A form
 * posted after the session ended is kept first (`het-phien` tells the login page to say so).
 */
export const requireOfficial = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE, 'host');
  const tokenHash = token ? await sha256Hex(token) : null;
  const session = tokenHash ? await getLiveSession(c.env.DB, tokenHash, new Date().toISOString()) : null;
  if (!session) {
    const back = new URL(c.req.url).pathname;
    const kept = c.req.method === 'POST' && tokenHash !== null && (await keepForm(c, tokenHash, back));
    return c.redirect(`/admin/dang-nhap?tiep=${encodeURIComponent(back)}${kept ? '&het-phien' : ''}`, 303);
  }
  c.set('account', session.account);
  c.set('actor', accountActor(session.account));
  c.set('sessionEndsAt', session.expiresAt);
  await next();
});

const unauthorized = (message: string) =>
  new HTTPException(401, {
    res: Response.json({ error: { code: 'unauthorized', message } }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } }),
  });

/**
 * The token looked up for `check`: a refused one throws (401, or 403 without the scope), an
 * accepted one becomes the request's actor.
 */
function settle(c: Context<AppEnv>, check: TokenCheck, token: ApiToken | null): void {
  check.checked = true;
  if (!token) throw unauthorized('Mã truy cập API không đúng hoặc đã bị thu hồi.');
  if (!token.scopes.includes(check.scope)) {
    throw new HTTPException(403, {
      res: Response.json({ error: { code: 'forbidden', message: `Mã truy cập này không có quyền "${check.scope}".` } }, { status: 403 }),
    });
  }
  // "Last used" to the minute is enough, and spares a write on every API request.
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) > 60_000) {
    token.lastUsedAt = now.toISOString();
    c.executionCtx.waitUntil(touchApiToken(c.env.DB, token.id, token.lastUsedAt));
  }
  c.set('actor', { accountId: token.accountId, tokenId: token.id, label: token.name, role: token.role });
}

/**
 * Tokens this isolate has accepted, by commune and hash (each commune's D1 holds its own tokens:
 * a token of one commune is nothing on another's host), for the writes that check their token inside their
 * own batch (`guarded`). Never trusted alone: a remembered token only saves the lookup before the
 * write; the write's batch fails unless the token is still live for the same role.
 */
const seenTokens = new Map<string, ApiToken>();
const SEEN_TOKENS_MAX = 200;
const seenKey = (c: Context<AppEnv>, hash: string) => `${c.env.COMMUNE ?? ''}:${hash}`;

/**
 * API: `Authorization: Bearer <token>` for a live token that holds `scope`. Without an option
 * the token is looked up before the route runs. `inBatch` (reads only: the route must have no
 * effects): the route sends its reads with `readWithToken`, which checks the token in the same
 * D1 batch — one round trip instead of two — and answers nothing of what it read when the token
 * is refused. A route that answers without reading (a bad id or query is a 404 or 422) has the
 * token checked afterwards, and a refused token's answer is still the 401. `guarded` (a write
 * whose use case writes with one D1 batch and nothing before it, through `act`): a token this
 * isolate accepted before is not looked up again; the write's batch checks it (guardedDb), and a
 * token revoked since is refused with the 401 and nothing written.
 */
export function requireToken(scope: ApiScope, { inBatch = false, guarded = false }: { inBatch?: boolean; guarded?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match) throw unauthorized('Thiếu mã truy cập API: gửi tiêu đề "Authorization: Bearer <mã>".');
    const check: TokenCheck = { hash: await sha256Hex(match[1]!), scope, checked: false };
    if (guarded) {
      const seen = seenTokens.get(seenKey(c, check.hash));
      if (seen) {
        settle(c, check, seen);
        c.set('tokenGuard', { check, token: seen });
        return next();
      }
      await lookUpAndRemember(c, check);
      return next();
    }
    if (!inBatch) {
      settle(c, check, await findApiToken(c.env.DB, check.hash));
      return next();
    }
    c.set('tokenCheck', check);
    await next();
    if (!check.checked) settle(c, check, await findApiToken(c.env.DB, check.hash));
  });
}

/** A remembered token was revoked (or its account disabled or its role changed) since: its write's batch failed. */
export class StaleToken extends Error {
  override name = 'StaleToken';
}

/**
 * The database as a `guarded` write sees it: every batch opens with the check that its token is
 * still live for the same role (schema/accounts/accounts.db.ts liveTokenGuard), so a revoked token writes
 * nothing. A batch that fails because of it throws StaleToken; any other failure is the batch's own.
 */
export function guardedDb(db: D1Database, hash: string, token: ApiToken): D1Database {
  const batch = async <T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> => {
    try {
      const [, ...results] = await db.batch<T>([liveTokenGuard(db, hash, token.role), ...statements]);
      return results;
    } catch (error) {
      const now = await findApiToken(db, hash);
      if (now && now.role === token.role) throw error;
      throw new StaleToken('the token changed since this isolate accepted it');
    }
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'batch') return batch;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A remembered token turned out stale (StaleToken): it is forgotten and looked up again, which
 * answers the refusal (401 or 403) or sets the actor of its current role for a second try.
 */
export async function recheckToken(c: Context<AppEnv>): Promise<void> {
  const guard = c.get('tokenGuard');
  if (!guard) throw new Error('recheckToken needs a guarded write');
  seenTokens.delete(seenKey(c, guard.check.hash));
  c.set('tokenGuard', undefined);
  await lookUpAndRemember(c, guard.check);
}

/** Looks the token up (settle refuses a dead one) and remembers it for the isolate's next guarded write. */
async function lookUpAndRemember(c: Context<AppEnv>, check: TokenCheck): Promise<void> {
  const token = await findApiToken(c.env.DB, check.hash);
  settle(c, check, token);
  if (seenTokens.size >= SEEN_TOKENS_MAX) seenTokens.delete(seenTokens.keys().next().value!);
  seenTokens.set(seenKey(c, check.hash), token!);
}

/**
 * Sends a read route's queries in one D1 batch with the check of its bearer token
 * (`requireToken(scope, { inBatch: true })`). A refused token throws its 401 or 403 before any
 * result is read, so nothing of them reaches the answer.
 *
 * @example const [item] = await readWithToken(c, disclosureQuery(c.env.DB, id));
 */
export async function readWithToken<const Q extends readonly Query<unknown>[]>(c: Context<AppEnv>, ...queries: Q): Promise<Results<Q>> {
  const check = c.get('tokenCheck');
  if (!check) throw new Error('readWithToken needs requireToken(scope, { inBatch: true }) on its route');
  if (check.checked) return readAll(c.env.DB, queries);
  const [token, ...results] = await readAll(c.env.DB, [apiTokenQuery(c.env.DB, check.hash), ...queries] as const);
  settle(c, check, token);
  return results as Results<Q>;
}
