import { auditLastInsert, type Actor } from './audit.ts';

/** All SQL for officials' accounts, their login sessions and API tokens. */

export type Role = 'editor' | 'approver';

export interface Account {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

function toAccount(r: Record<string, unknown>): Account {
  return {
    id: r.id as number,
    email: r.email as string,
    displayName: r.display_name as string,
    role: r.role as Role,
    passwordHash: r.password_hash as string,
    disabled: r.disabled_at !== null,
  };
}

export async function getAccountByEmail(db: D1Database, email: string): Promise<Account | null> {
  const r = await db.prepare('SELECT * FROM accounts WHERE email = ?').bind(email).first();
  return r ? toAccount(r) : null;
}

/** Inserts an account; with an actor, its audit row goes in the same batch. */
export async function insertAccount(
  db: D1Database,
  a: { email: string; displayName: string; role: Role; passwordHash: string },
  now: string,
  actor?: Actor,
): Promise<number> {
  const insert = db
    .prepare('INSERT INTO accounts (email, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
    .bind(a.email, a.displayName, a.role, a.passwordHash, now);
  const after = { email: a.email, displayName: a.displayName, role: a.role };
  const [inserted] = await db.batch([insert, ...(actor ? [auditLastInsert(db, { actor, action: 'create', entity: 'account', before: null, after, at: now })] : [])]);
  return (inserted!.results[0] as { id: number }).id;
}

export async function insertSession(db: D1Database, tokenHash: string, accountId: number, now: string, expiresAt: string): Promise<void> {
  await db.batch([
    // Old sessions are swept on each login so the table stays small without a cron job.
    db.prepare('DELETE FROM sessions WHERE expires_at < ?').bind(now),
    db.prepare('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)').bind(tokenHash, accountId, now, expiresAt),
  ]);
}

export async function getSessionAccount(db: D1Database, tokenHash: string, now: string): Promise<Account | null> {
  const r = await db
    .prepare(
      `SELECT a.* FROM sessions s JOIN accounts a ON a.id = s.account_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL`,
    )
    .bind(tokenHash, now)
    .first();
  return r ? toAccount(r) : null;
}

export async function deleteSession(db: D1Database, tokenHash: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE token_hash = ?').bind(tokenHash).run();
}

export interface ApiToken {
  id: number;
  name: string;
  accountId: number;
  scopes: string[];
  role: Role;
  lastUsedAt: string | null;
}

/** Inserts an API token (its hash); with an actor, its audit row goes in the same batch. */
export async function insertApiToken(
  db: D1Database,
  t: { name: string; tokenHash: string; accountId: number; scopes: string[] },
  now: string,
  actor?: Actor,
): Promise<number> {
  const insert = db
    .prepare('INSERT INTO api_tokens (name, token_hash, account_id, scopes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
    .bind(t.name, t.tokenHash, t.accountId, JSON.stringify(t.scopes), now);
  const after = { name: t.name, scopes: t.scopes };
  const [inserted] = await db.batch([insert, ...(actor ? [auditLastInsert(db, { actor, action: 'create', entity: 'api_token', before: null, after, at: now })] : [])]);
  return (inserted!.results[0] as { id: number }).id;
}

export async function findApiToken(db: D1Database, tokenHash: string): Promise<ApiToken | null> {
  const r = await db
    .prepare(
      `SELECT t.id, t.name, t.account_id, t.scopes, t.last_used_at, a.role FROM api_tokens t JOIN accounts a ON a.id = t.account_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL`,
    )
    .bind(tokenHash)
    .first<{ id: number; name: string; account_id: number; scopes: string; role: Role; last_used_at: string | null }>();
  return r ? { id: r.id, name: r.name, accountId: r.account_id, scopes: JSON.parse(r.scopes) as string[], role: r.role, lastUsedAt: r.last_used_at } : null;
}

export async function touchApiToken(db: D1Database, id: number, now: string): Promise<void> {
  await db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').bind(now, id).run();
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
  return db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?').bind(passwordHash, accountId);
}

export function setDisabled(db: D1Database, accountId: number, disabledAt: string | null): D1PreparedStatement {
  return db.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?').bind(disabledAt, accountId);
}

/** Logs an official out everywhere: every session row goes. */
export function deleteSessionsOf(db: D1Database, accountId: number): D1PreparedStatement {
  return db.prepare('DELETE FROM sessions WHERE account_id = ?').bind(accountId);
}

export interface ApiTokenRow {
  id: number;
  name: string;
  accountId: number;
  accountName: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listApiTokens(db: D1Database): Promise<ApiTokenRow[]> {
  const { results } = await db
    .prepare('SELECT t.*, a.display_name FROM api_tokens t JOIN accounts a ON a.id = t.account_id ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC')
    .all<Record<string, unknown>>();
  return results.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    accountId: r.account_id as number,
    accountName: r.display_name as string,
    scopes: JSON.parse(r.scopes as string) as string[],
    createdAt: r.created_at as string,
    lastUsedAt: (r.last_used_at as string | null) ?? null,
    revokedAt: (r.revoked_at as string | null) ?? null,
  }));
}

export function revokeApiToken(db: D1Database, id: number, now: string): D1PreparedStatement {
  return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').bind(now, id);
}

// Login throttling: at most ACCOUNT_LIMIT failures per account and ADDRESS_LIMIT per network
// address in a WINDOW_MINUTES window; a success clears the account's count.
const WINDOW_MINUTES = 15;
export const ACCOUNT_LIMIT = 5;
export const ADDRESS_LIMIT = 20;

export async function loginBlocked(db: D1Database, keys: { key: string; limit: number }[], now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
  for (const { key, limit } of keys) {
    const row = await db.prepare('SELECT failures FROM login_attempts WHERE key = ? AND window_start > ?').bind(key, since).first<{ failures: number }>();
    if (row && row.failures >= limit) return true;
  }
  return false;
}

export async function recordLoginFailure(db: D1Database, keys: string[], now: Date): Promise<void> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
  await db.batch(
    keys.map((key) =>
      db
        .prepare(
          `INSERT INTO login_attempts (key, window_start, failures) VALUES (?, ?, 1)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN window_start > ? THEN failures + 1 ELSE 1 END,
             window_start = CASE WHEN window_start > ? THEN window_start ELSE excluded.window_start END`,
        )
        .bind(key, now.toISOString(), since, since),
    ),
  );
}

export async function clearLoginFailures(db: D1Database, key: string): Promise<void> {
  await db.prepare('DELETE FROM login_attempts WHERE key = ?').bind(key).run();
}
