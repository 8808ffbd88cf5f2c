import type { ApiScope } from './api-scopes.ts';
import type { Role } from './review.ts';
import { auditLastInsert, type Actor } from './audit.db.ts';
import { columnMap, int, json, nullable, text, type Row } from '../core/columns.db.ts';
import { firstRow, readOne, type Query } from '../core/query.db.ts';

/** All SQL for officials' accounts, their login sessions and API tokens. */

interface AccountRecord {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

const ACCOUNT = columnMap<AccountRecord>({
  id: int('id'),
  email: text('email'),
  displayName: text('display_name'),
  role: text('role'),
  passwordHash: text('password_hash'),
  createdAt: text('created_at'),
  disabledAt: nullable(text('disabled_at')),
});

export interface Account extends AccountRecord {
  disabled: boolean;
}

function toAccount(r: Row): Account {
  const account = ACCOUNT.read(r);
  return { ...account, disabled: account.disabledAt !== null };
}

export async function getAccountByEmail(db: D1Database, email: string): Promise<Account | null> {
  const r = await db.prepare('SELECT * FROM accounts WHERE email = ?').bind(email).first();
  return r ? toAccount(r) : null;
}

/** Inserts an account; with an actor, its audit row goes in the same batch (without the password hash). */
export async function insertAccount(
  db: D1Database,
  a: Pick<AccountRecord, 'email' | 'displayName' | 'role' | 'passwordHash'>,
  now: string,
  actor?: Actor,
): Promise<number> {
  const { columns, placeholders, values } = ACCOUNT.write({ ...a, createdAt: now }, ['email', 'displayName', 'role', 'passwordHash', 'createdAt']);
  const after = { email: a.email, displayName: a.displayName, role: a.role };
  const [inserted] = await db.batch<{ id: number }>([
    db.prepare(`INSERT INTO accounts (${columns}) VALUES (${placeholders}) RETURNING id`).bind(...values),
    ...(actor ? [auditLastInsert(db, { actor, action: 'create', entity: 'account', before: null, after, at: now })] : []),
  ]);
  return inserted!.results[0]!.id;
}

interface SessionRecord {
  tokenHash: string;
  accountId: number;
  createdAt: string;
  expiresAt: string;
}
const SESSION = columnMap<SessionRecord>({ tokenHash: text('token_hash'), accountId: int('account_id'), createdAt: text('created_at'), expiresAt: text('expires_at') });

/**
 * How long an ended session's row is kept: a form sent after the session ended still names its
 * account, so what was typed can be kept for that account (`form_drafts`), never for anyone else.
 */
export const ENDED_SESSION_KEPT_HOURS = 24;

export async function insertSession(db: D1Database, tokenHash: string, accountId: number, now: string, expiresAt: string): Promise<void> {
  const { columns, placeholders, values } = SESSION.write({ tokenHash, accountId, createdAt: now, expiresAt });
  const sweepBefore = new Date(Date.parse(now) - ENDED_SESSION_KEPT_HOURS * 3_600_000).toISOString();
  await db.batch([
    // Old sessions are swept on each login so the table stays small without a cron job.
    db.prepare('DELETE FROM sessions WHERE expires_at < ?').bind(sweepBefore),
    db.prepare(`INSERT INTO sessions (${columns}) VALUES (${placeholders})`).bind(...values),
  ]);
}

export async function getSessionAccount(db: D1Database, tokenHash: string, now: string): Promise<Account | null> {
  return (await getLiveSession(db, tokenHash, now))?.account ?? null;
}

/** The account of a live session and when that session ends, or null. */
export async function getLiveSession(db: D1Database, tokenHash: string, now: string): Promise<{ account: Account; expiresAt: string } | null> {
  const r = await db
    .prepare(
      `SELECT a.*, s.expires_at AS session_expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL`,
    )
    .bind(tokenHash, now)
    .first();
  return r ? { account: toAccount(r), expiresAt: String(r.session_expires_at) } : null;
}

/** The account whose session (live or ended, not logged out) this is, if the account is still enabled. */
export async function getSessionOwner(db: D1Database, tokenHash: string): Promise<number | null> {
  const r = await db
    .prepare(
      `SELECT s.account_id AS id FROM sessions s JOIN accounts a ON a.id = s.account_id
       WHERE s.token_hash = ? AND a.disabled_at IS NULL`,
    )
    .bind(tokenHash)
    .first<{ id: number }>();
  return r?.id ?? null;
}

export async function deleteSession(db: D1Database, tokenHash: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE token_hash = ?').bind(tokenHash).run();
}

/** An API token as stored, without its hash (which only the lookup by hash needs). */
interface ApiTokenRecord {
  id: number;
  name: string;
  accountId: number;
  scopes: ApiScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const API_TOKEN = columnMap<ApiTokenRecord>({
  id: int('id'),
  name: text('name'),
  accountId: int('account_id'),
  scopes: json('scopes'),
  createdAt: text('created_at'),
  lastUsedAt: nullable(text('last_used_at')),
  revokedAt: nullable(text('revoked_at')),
});

/** A live token, with the role of the account it acts for. */
export interface ApiToken extends ApiTokenRecord {
  role: Role;
}

/** Inserts an API token (its hash); with an actor, its audit row goes in the same batch. */
export async function insertApiToken(
  db: D1Database,
  t: Pick<ApiTokenRecord, 'name' | 'accountId' | 'scopes'> & { tokenHash: string },
  now: string,
  actor?: Actor,
): Promise<number> {
  const { columns, placeholders, values } = API_TOKEN.write({ ...t, createdAt: now }, ['name', 'accountId', 'scopes', 'createdAt']);
  const after = { name: t.name, scopes: t.scopes };
  const [inserted] = await db.batch<{ id: number }>([
    db.prepare(`INSERT INTO api_tokens (token_hash, ${columns}) VALUES (?, ${placeholders}) RETURNING id`).bind(t.tokenHash, ...values),
    ...(actor ? [auditLastInsert(db, { actor, action: 'create', entity: 'api_token', before: null, after, at: now })] : []),
  ]);
  return inserted!.results[0]!.id;
}

/**
 * The live token with this hash (not revoked, its account not disabled), with its account's role.
 * A query, so that the API can send it in the same batch as the route's reads (functions/auth.ts).
 */
export function apiTokenQuery(db: D1Database, tokenHash: string): Query<ApiToken | null> {
  return {
    statement: db
      .prepare(
        `SELECT t.*, a.role FROM api_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL`,
      )
      .bind(tokenHash),
    read: (result) => {
      const r = firstRow(result);
      return r ? { ...API_TOKEN.read(r), role: r.role as Role } : null;
    },
  };
}

export const findApiToken = (db: D1Database, tokenHash: string): Promise<ApiToken | null> => readOne(apiTokenQuery(db, tokenHash));

/**
 * A statement that fails — and so rolls back the D1 batch it opens, a batch being one
 * transaction — unless the token is still live for the same role (apiTokenQuery's conditions).
 * SQLite has no RAISE outside triggers; json() of text that is not JSON is an error, evaluated
 * only when the WHERE holds. functions/auth.ts opens a write's batch with it.
 */
export function liveTokenGuard(db: D1Database, tokenHash: string, role: Role): D1PreparedStatement {
  return db
    .prepare(
      `SELECT json('token no longer live') WHERE NOT EXISTS (
         SELECT 1 FROM api_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL AND a.role = ?)`,
    )
    .bind(tokenHash, role);
}

export async function touchApiToken(db: D1Database, id: number, now: string): Promise<void> {
  await db.prepare(`UPDATE api_tokens SET ${API_TOKEN.set(['lastUsedAt'])} WHERE id = ?`).bind(now, id).run();
}

export async function listAccounts(db: D1Database): Promise<Account[]> {
  const { results } = await db.prepare('SELECT * FROM accounts ORDER BY display_name').all();
  return results.map(toAccount);
}

export async function getAccount(db: D1Database, id: number): Promise<Account | null> {
  const r = await db.prepare('SELECT * FROM accounts WHERE id = ?').bind(id).first();
  return r ? toAccount(r) : null;
}

export function setPassword(db: D1Database, accountId: number, passwordHash: string): D1PreparedStatement {
  return db.prepare(`UPDATE accounts SET ${ACCOUNT.set(['passwordHash'])} WHERE id = ?`).bind(...ACCOUNT.values({ passwordHash }, ['passwordHash']), accountId);
}

export function setDisabled(db: D1Database, accountId: number, disabledAt: string | null): D1PreparedStatement {
  return db.prepare(`UPDATE accounts SET ${ACCOUNT.set(['disabledAt'])} WHERE id = ?`).bind(...ACCOUNT.values({ disabledAt }, ['disabledAt']), accountId);
}

/** Logs an official out everywhere: every session row goes. */
export function deleteSessionsOf(db: D1Database, accountId: number): D1PreparedStatement {
  return db.prepare('DELETE FROM sessions WHERE account_id = ?').bind(accountId);
}

/** A token in the admin list, with the name of its account. */
export interface ApiTokenRow extends ApiTokenRecord {
  accountName: string;
}

export async function listApiTokens(db: D1Database): Promise<ApiTokenRow[]> {
  const { results } = await db
    .prepare('SELECT t.*, a.display_name AS account_name FROM api_tokens t JOIN accounts a ON a.id = t.account_id ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC')
    .all();
  return results.map((r) => ({ ...API_TOKEN.read(r), accountName: r.account_name as string }));
}

export function revokeApiToken(db: D1Database, id: number, now: string): D1PreparedStatement {
  return db.prepare(`UPDATE api_tokens SET ${API_TOKEN.set(['revokedAt'])} WHERE id = ? AND revoked_at IS NULL`).bind(now, id);
}

// Login throttling: at most ACCOUNT_LIMIT attempts per account from one address and ADDRESS_LIMIT per network
// address in a WINDOW_MINUTES window. Every attempt counts before its password is checked;
// a success takes its own attempt back (loginSucceeded).
export const WINDOW_MINUTES = 15;
export const ACCOUNT_LIMIT = 5;
export const ADDRESS_LIMIT = 20;

/**
 * Counts one login attempt against every key and says whether any key is now over its limit.
 * Counting and reading the count are one UPSERT … RETURNING per key, and the keys go in one
 * batch (a D1 batch is one transaction): of 40 concurrent attempts only the first `limit`
 * see a count within the limit, where a separate read and write let all 40 through.
 */
export async function countLoginAttempt(db: D1Database, keys: { key: string; limit: number }[], now: Date): Promise<{ blocked: boolean }> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
  const counted = await db.batch<{ failures: number }>(
    keys.map(({ key }) =>
      db
        .prepare(
          `INSERT INTO login_attempts (key, window_start, failures) VALUES (?, ?, 1)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN window_start > ? THEN failures + 1 ELSE 1 END,
             window_start = CASE WHEN window_start > ? THEN window_start ELSE excluded.window_start END
           RETURNING failures`,
        )
        .bind(key, now.toISOString(), since, since),
    ),
  );
  return { blocked: keys.some(({ limit }, i) => counted[i]!.results[0]!.failures > limit) };
}

/** A successful login clears its account's count and takes its own attempt off the address's. */
export async function loginSucceeded(db: D1Database, keys: { account: string; address: string }): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM login_attempts WHERE key = ?').bind(keys.account),
    db.prepare('UPDATE login_attempts SET failures = max(failures - 1, 0) WHERE key = ?').bind(keys.address),
  ]);
}
