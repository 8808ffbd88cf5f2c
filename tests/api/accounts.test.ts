import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { NewAccountSchema } from '../../schema/accounts/account.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../schema/core/crypto.ts';
import { getAccount, insertAccount } from '../../schema/accounts/accounts.db.ts';
import { listAuditFor, scriptActor } from '../../schema/accounts/audit.db.ts';
import { authenticate, loginPasswordHash } from '../../schema/accounts/accounts.use-cases.ts';

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;

describe('insertAccount with an actor (the createAccount use case: admin, API and npm run admin:create)', () => {
  it('writes the account and its audit row, without the password hash', async () => {
    const email = `chu-tich-${crypto.randomUUID()}@binhduong.gov.vn`;
    const id = await insertAccount(env.DB, { email, displayName: "Nguyễn Văn O'Brien", role: 'approver', passwordHash: 'pbkdf2-sha256$1$x$y' }, '2026-01-01T00:00:00.000Z', scriptActor('npm run admin:create'));
    expect(await getAccount(env.DB, id)).toMatchObject({ email, displayName: "Nguyễn Văn O'Brien", role: 'approver', disabled: false, createdAt: '2026-01-01T00:00:00.000Z' });
    const audit = await listAuditFor(env.DB, 'account', id);
    expect(audit).toMatchObject([{ action: 'create', actorAccountId: null, after: { email, displayName: "Nguyễn Văn O'Brien", role: 'approver' } }]);
    expect(JSON.stringify(audit)).not.toContain('pbkdf2');
  });

  it('writes neither row when the account cannot be stored (the email is taken)', async () => {
    const email = `trung-${crypto.randomUUID()}@binhduong.gov.vn`;
    const input = { email, displayName: 'Cán bộ', role: 'editor' as const, passwordHash: 'h' };
    await insertAccount(env.DB, input, '2026-01-01T00:00:00.000Z', scriptActor('tests'));
    const [accounts, audits] = [await count('SELECT count(*) AS n FROM accounts'), await count('SELECT count(*) AS n FROM audit_log')];
    await expect(insertAccount(env.DB, { ...input, email: email.toUpperCase() }, '2026-01-01T00:00:00.000Z', scriptActor('tests'))).rejects.toThrow(/UNIQUE/);
    expect([await count('SELECT count(*) AS n FROM accounts'), await count('SELECT count(*) AS n FROM audit_log')]).toEqual([accounts, audits]);
  });
});

describe('NewAccountSchema', () => {
  it.each([
    [{ email: ' Chu.Tich@BinhDuong.gov.vn ', displayName: 'Nguyễn Văn A', role: 'approver', password: 'x'.repeat(12) }, true], // 12 characters is the minimum; email normalised
    [{ email: 'a@b.vn', displayName: 'A', role: 'approver', password: 'x'.repeat(11) }, false], // one short
    [{ email: 'a@b.vn', displayName: 'A', role: 'admin', password: 'x'.repeat(12) }, false], // not a role (ROLES in schema/accounts/review.ts)
    [{ email: 'không phải thư', displayName: 'A', role: 'editor', password: 'x'.repeat(12) }, false],
  ])('%j → %s', (input, ok) => {
    const parsed = NewAccountSchema.safeParse(input);
    expect(parsed.success).toBe(ok);
    if (parsed.success) expect(parsed.data.email).toBe('chu.tich@binhduong.gov.vn');
  });
});

describe('authenticate (POST /admin/dang-nhap)', () => {
  const makeAccount = async (password: string) => {
    const email = `dang-nhap-${crypto.randomUUID()}@binhduong.gov.vn`;
    const id = await insertAccount(env.DB, { email, displayName: 'Cán bộ', role: 'editor', passwordHash: await hashPassword(password) }, '2026-01-01T00:00:00.000Z');
    return { email, account: (await getAccount(env.DB, id))! };
  };

  it('logs in with the right password only, never to a disabled account', async () => {
    const { email, account } = await makeAccount('mat-khau-dung-1');
    expect((await authenticate(env.DB, email, 'mat-khau-dung-1'))?.id).toBe(account.id);
    expect(await authenticate(env.DB, email, 'mat-khau-sai')).toBeNull();
    expect(await authenticate(env.DB, `khong-co-${crypto.randomUUID()}@binhduong.gov.vn`, 'mat-khau-dung-1')).toBeNull();
    await env.DB.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?').bind('2026-01-02T00:00:00.000Z', account.id).run();
    expect(await authenticate(env.DB, email, 'mat-khau-dung-1')).toBeNull();
  });

  it('checks an unknown or disabled account against a dummy hash of the same cost as a real one', async () => {
    const { account } = await makeAccount('mat-khau-dung-2');
    expect(loginPasswordHash(account)).toBe(account.passwordHash);
    expect(loginPasswordHash(null)).toBe(DUMMY_PASSWORD_HASH);
    expect(loginPasswordHash({ ...account, disabled: true })).toBe(DUMMY_PASSWORD_HASH);
    // Same scheme and iteration count (the cost), same salt and hash lengths: verifyPassword
    // runs the full PBKDF2 on it instead of returning early on a malformed hash.
    const shape = (hash: string) => hash.split('$').map((part, i) => (i < 2 ? part : atob(part).length));
    expect(shape(DUMMY_PASSWORD_HASH)).toEqual(shape(await hashPassword('bat-ky')));
    expect(await verifyPassword('', DUMMY_PASSWORD_HASH)).toBe(false);
  });
});
