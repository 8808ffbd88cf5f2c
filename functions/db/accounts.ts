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

export async function countAccounts(db: D1Database): Promise<number> {
  return (await db.prepare('SELECT count(*) AS n FROM accounts').first<{ n: number }>())?.n ?? 0;
}

export async function insertAccount(
  db: D1Database,
  a: { email: string; displayName: string; role: Role; passwordHash: string },
  now: string,
): Promise<number> {
  const r = await db
    .prepare('INSERT INTO accounts (email, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
    .bind(a.email, a.displayName, a.role, a.passwordHash, now)
    .first<{ id: number }>();
  return r!.id;
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
}

export async function insertApiToken(
  db: D1Database,
  t: { name: string; tokenHash: string; accountId: number; scopes: string[] },
  now: string,
): Promise<number> {
  const r = await db
    .prepare('INSERT INTO api_tokens (name, token_hash, account_id, scopes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
    .bind(t.name, t.tokenHash, t.accountId, JSON.stringify(t.scopes), now)
    .first<{ id: number }>();
  return r!.id;
}

export async function findApiToken(db: D1Database, tokenHash: string): Promise<ApiToken | null> {
  const r = await db
    .prepare(
      `SELECT t.id, t.name, t.account_id, t.scopes FROM api_tokens t JOIN accounts a ON a.id = t.account_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL`,
    )
    .bind(tokenHash)
    .first<{ id: number; name: string; account_id: number; scopes: string }>();
  return r ? { id: r.id, name: r.name, accountId: r.account_id, scopes: JSON.parse(r.scopes) as string[] } : null;
}

export async function touchApiToken(db: D1Database, id: number, now: string): Promise<void> {
  await db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').bind(now, id).run();
}
