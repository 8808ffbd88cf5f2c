import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMIT } from '../../schema/accounts/accounts.db.ts';
import { call, FROM_CLOUDFLARE, makeOfficial, ORIGIN } from '../helpers.ts';

/** Issue 22.13: a wrong-password lockout is per account and address, not per account alone. */

function login(email: string, password: string, address: string) {
  return call('/admin/dang-nhap', {
    ...FROM_CLOUDFLARE,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': address },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
}

describe('POST /admin/dang-nhap lockout', () => {
  it('wrong passwords from one address lock that address out of the account, not the official at another address', async () => {
    const official = await makeOfficial();
    const attacker = `203.0.113.66-${crypto.randomUUID()}`;
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await login(official.email, 'sai-mat-khau', attacker)).status).toBe(401);
    expect((await login(official.email, 'sai-mat-khau', attacker)).status).toBe(429);
    // Even the right password is refused from the attacker's address for the window…
    expect((await login(official.email, official.password, attacker)).status).toBe(429);
    // …while the official, at the commune office, signs in.
    expect((await login(official.email, official.password, `198.51.100.20-${crypto.randomUUID()}`)).status).toBe(303);
  });
});
