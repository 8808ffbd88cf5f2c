import { ChangePasswordSchema, NewAccountSchema, password, TokenSchema } from './account.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256Hex, verifyPassword } from '../core/crypto.ts';
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  countLoginAttempt,
  loginSucceeded,
  deleteSessionsOf,
  getAccount,
  getAccountByEmail,
  insertAccount,
  insertApiToken,
  revokeApiToken as revokeToken,
  setDisabled,
  setPassword,
  type Account,
} from './accounts.db.ts';
import { auditById } from './audit.db.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError } from '../core/errors.ts';
import { fieldErrors, parseInput } from '../core/validation.ts';
import { authorize, PROVINCE_ROLE } from './roles.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * Officials' accounts and API tokens. Approvers manage other people's accounts and every
 * token; each change and its audit row are one batch. Nothing here reaches the citizen site.
 */

/**
 * The hash a login password is checked against: the account's own, or for an unknown or
 * disabled account the dummy hash of the same cost. `authenticate` runs one PBKDF2 check on
 * every path, so a wrong email answers as slowly as a wrong password.
 */
export function loginPasswordHash(account: Account | null): string {
  return account && !account.disabled ? account.passwordHash : DUMMY_PASSWORD_HASH;
}

/** The account an email and password log in to, or null; always one password check. */
export async function authenticate(db: D1Database, email: string, password: string): Promise<Account | null> {
  return (await checkPassword(db, email, password)).account;
}

async function checkPassword(db: D1Database, email: string, password: string): Promise<{ account: Account | null; known: Account | null }> {
  const known = await getAccountByEmail(db, email);
  const valid = await verifyPassword(password, loginPasswordHash(known));
  return { account: valid && known && !known.disabled ? known : null, known };
}

export type LoginResult = { ok: true; account: Account } | { ok: false; reason: 'blocked' | 'wrong' };

/**
 * A login through the admin form: the attempt is counted against the account and the address
 * before the password is checked (in the statement that reads the count), then checked, and
 * written to the audit log — a success as "login" by the official, a wrong password for an
 * existing account as "login-failed" on that account (an unknown email leaves no row: it names
 * no one). `address` is the client's address as the Worker sees it; it is counted, never stored.
 */
export async function logIn(db: D1Database, input: { email: string; password: string; address: string; now: Date }): Promise<LoginResult> {
  // Per account AND address (issue 22.13): wrong passwords typed elsewhere cannot lock an official
  // out of their own office. The per-address limit still bounds one sender across accounts.
  const keys = { account: `account:${input.email.toLowerCase()}|address:${input.address}`, address: `address:${input.address}` };
  const { blocked } = await countLoginAttempt(db, [{ key: keys.account, limit: ACCOUNT_LIMIT }, { key: keys.address, limit: ADDRESS_LIMIT }], input.now);
  if (blocked) return { ok: false, reason: 'blocked' };
  const at = input.now.toISOString();
  const { account, known } = await checkPassword(db, input.email, input.password);
  if (!account) {
    if (known) {
      const actor = { accountId: null, tokenId: null, label: 'Đăng nhập', role: known.role };
      await auditById(db, { actor, action: 'login-failed', entity: 'account', before: null, after: null, at }, known.id).run();
    }
    return { ok: false, reason: 'wrong' };
  }
  await loginSucceeded(db, keys);
  const actor = { accountId: account.id, tokenId: null, label: account.displayName, role: account.role };
  await auditById(db, { actor, action: 'login', entity: 'account', before: null, after: null, at }, account.id).run();
  return { ok: true, account };
}


const done = <T>(value: T): Outcome<T> => ({ value, publish: null });

/**
 * A province administrator, in the province's database (PROVINCE_DB): the checks of an official's
 * account (email, name, password rules; an email taken), the province's role, and the account with
 * its audit row in one batch. Only `npm run admin:create -- --province` calls it: no commune's
 * approver can make one, since no commune's database can hold the role.
 */
export async function createProvinceAdmin(ctx: WriteContext, raw: unknown): Promise<Outcome<number>> {
  // The role is not chosen: it is the province's.
  const parsed = NewAccountSchema.omit({ role: true }).safeParse(raw);
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  if (parsed.success && (await getAccountByEmail(ctx.db, parsed.data.email))) errors.push({ field: 'email', message: 'Thư điện tử này đã có tài khoản quản trị tỉnh.' });
  if (!parsed.success || errors.length) throw new ValidationError(errors);
  const { email, displayName } = parsed.data;
  // Account.role is typed as a commune role; the province database's CHECK holds this one only.
  const role = PROVINCE_ROLE as unknown as Account['role'];
  return done(await insertAccount(ctx.db, { email, displayName, role, passwordHash: await hashPassword(parsed.data.password) }, ctx.now, ctx.actor));
}

export async function createAccount(ctx: WriteContext, raw: unknown): Promise<Outcome<number>> {
  authorize(ctx.actor, 'accounts.manage');
  const parsed = NewAccountSchema.safeParse(raw);
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  if (parsed.success && (await getAccountByEmail(ctx.db, parsed.data.email))) errors.push({ field: 'email', message: 'Thư điện tử này đã có tài khoản.' });
  if (!parsed.success || errors.length) throw new ValidationError(errors);
  const { email, displayName, role } = parsed.data;
  return done(await insertAccount(ctx.db, { email, displayName, role, passwordHash: await hashPassword(parsed.data.password) }, ctx.now, ctx.actor));
}

async function target(ctx: WriteContext, id: number): Promise<Account> {
  const account = await getAccount(ctx.db, id);
  if (!account) throw new NotFoundError('Không có tài khoản này.');
  return account;
}

/** An approver sets a temporary password; the official's sessions end. */
export async function resetPassword(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Account>> {
  authorize(ctx.actor, 'accounts.manage');
  const account = await target(ctx, id);
  const parsed = password('Mật khẩu mới').safeParse(raw);
  if (!parsed.success) throw new ValidationError([{ field: 'password', message: `${account.displayName}: ${parsed.error.issues[0]!.message}` }]);
  await ctx.db.batch([
    setPassword(ctx.db, account.id, await hashPassword(parsed.data)),
    deleteSessionsOf(ctx.db, account.id),
    auditById(ctx.db, { actor: ctx.actor, action: 'reset_password', entity: 'account', before: null, after: null, at: ctx.now }, account.id),
  ]);
  return done(account);
}

/** Locks or unlocks another official's account (never one's own); a lock ends their sessions. */
export async function setAccountLocked(ctx: WriteContext, id: number, locked: boolean): Promise<Outcome<Account>> {
  authorize(ctx.actor, 'accounts.manage');
  const account = await target(ctx, id);
  if (account.id === ctx.actor.accountId) throw new RuleError('account', 'Không tự khóa hoặc mở khóa được tài khoản của chính mình; hãy nhờ một người duyệt khác.');
  await ctx.db.batch([
    setDisabled(ctx.db, account.id, locked ? ctx.now : null),
    deleteSessionsOf(ctx.db, account.id),
    auditById(ctx.db, { actor: ctx.actor, action: locked ? 'disable' : 'enable', entity: 'account', before: null, after: null, at: ctx.now }, account.id),
  ]);
  return done(account);
}

/** The signed-in official changes their own password; every session (this one too) ends. */
export async function changeOwnPassword(ctx: WriteContext, me: Account, raw: unknown): Promise<Outcome<null>> {
  const parsed = ChangePasswordSchema.safeParse(raw);
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  if (parsed.success && !(await verifyPassword(parsed.data.current, me.passwordHash))) errors.push({ field: 'current', message: 'Mật khẩu hiện tại không đúng.' });
  if (!parsed.success || errors.length) throw new ValidationError(errors);
  await ctx.db.batch([
    setPassword(ctx.db, me.id, await hashPassword(parsed.data.next)),
    deleteSessionsOf(ctx.db, me.id),
    auditById(ctx.db, { actor: ctx.actor, action: 'change_password', entity: 'account', before: null, after: null, at: ctx.now }, me.id),
  ]);
  return done(null);
}

/** "Đăng xuất mọi nơi": every session of the official ends. */
export async function endAllSessions(ctx: WriteContext, me: Account): Promise<Outcome<null>> {
  await ctx.db.batch([
    deleteSessionsOf(ctx.db, me.id),
    auditById(ctx.db, { actor: ctx.actor, action: 'logout_everywhere', entity: 'account', before: null, after: null, at: ctx.now }, me.id),
  ]);
  return done(null);
}

/** A new token for the approver's account; the token itself is returned once and only its hash is kept. */
export async function createApiToken(ctx: WriteContext, raw: unknown): Promise<Outcome<{ id: number; token: string }>> {
  authorize(ctx.actor, 'tokens.manage');
  const { name, scopes } = parseInput(TokenSchema, raw);
  if (ctx.actor.accountId === null) throw new ForbiddenError('Mã API chỉ được tạo từ tài khoản đăng nhập.');
  const token = randomToken();
  const id = await insertApiToken(ctx.db, { name, tokenHash: await sha256Hex(token), accountId: ctx.actor.accountId, scopes }, ctx.now, ctx.actor);
  return done({ id, token });
}

export async function revokeApiToken(ctx: WriteContext, id: number): Promise<Outcome<null>> {
  authorize(ctx.actor, 'tokens.manage');
  await ctx.db.batch([
    revokeToken(ctx.db, id, ctx.now),
    auditById(ctx.db, { actor: ctx.actor, action: 'revoke', entity: 'api_token', before: null, after: null, at: ctx.now }, id),
  ]);
  return done(null);
}
