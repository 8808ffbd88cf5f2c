import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { deleteSession, findApiToken, getSessionAccount, insertSession, touchApiToken, type Account } from './db/accounts.ts';
import type { Actor } from './db/audit.ts';
import type { AppEnv } from './env.ts';

// Workers' WebCrypto refuses PBKDF2 above 100,000 iterations, so that is the ceiling we use.
const PBKDF2_ITERATIONS = 100_000;
const SESSION_HOURS = 10;
// Hono adds the __Host- prefix (Secure, Path=/, no Domain): the cookie cannot be set by a subdomain.
export const SESSION_COOKIE = 'session';

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** "pbkdf2-sha256$100000$<salt>$<hash>", salt unique per password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !hash) return false;
  const actual = await pbkdf2(password, fromBase64(salt), Number(iterations));
  const expected = fromBase64(hash);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

/** Hex SHA-256: the stored form of session and API tokens, and the checksum of attachments. */
export async function sha256Hex(input: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', typeof input === 'string' ? encoder.encode(input) : input);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function randomToken(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

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
export function requireToken(scope: string) {
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
