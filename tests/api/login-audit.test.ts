import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, makeOfficial, ORIGIN } from '../helpers.ts';

/** Logging in goes through a use case (schema/accounts/accounts.use-cases.ts, logIn) that leaves an audit row. */

const login = (email: string, password: string) =>
  call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });

const auditOf = async (accountId: number) =>
  (
    await env.DB.prepare("SELECT action, actor_account_id AS actor FROM audit_log WHERE entity = 'account' AND entity_id = ? AND action LIKE 'login%' ORDER BY id")
      .bind(String(accountId))
      .all<{ action: string; actor: number | null }>()
  ).results;

describe('POST /admin/dang-nhap', () => {
  it('writes "login" by the official on success and "login-failed" (no actor) on a wrong password', async () => {
    const official = await makeOfficial();
    expect((await login(official.email, 'mat-khau-sai-hoan-toan')).status).toBe(401);
    expect((await login(official.email, official.password)).status).toBe(303);
    expect(await auditOf(official.accountId)).toEqual([
      { action: 'login-failed', actor: null },
      { action: 'login', actor: official.accountId },
    ]);
  });

  it('writes no row for an email that names no account', async () => {
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'login%'").first<{ n: number }>())!.n;
    expect((await login(`khong-co-${crypto.randomUUID()}@example.vn`, 'mat-khau-bat-ky')).status).toBe(401);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'login%'").first<{ n: number }>())!.n).toBe(before);
  });
});
