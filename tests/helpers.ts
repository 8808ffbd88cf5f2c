import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { exports } from 'cloudflare:workers';
import { hashPassword, randomToken, sha256Hex } from '../schema/core/crypto.ts';
import { API_SCOPE_CODES, type ApiScope } from '../schema/accounts/api-scopes.ts';
import { insertAccount, insertApiToken } from '../schema/accounts/accounts.db.ts';
import type { DisclosureCreateInput } from '../schema/disclosure/disclosure.ts';
import type { Province } from '../schema/province/communes.ts';
import type { IsoDate } from '../schema/core/dates.ts';
import { communeRollup, readRollups, writeRollup } from '../schema/province/province-view.db.ts';
import type { CommuneSnapshot } from '../schema/province/province-view.ts';

/** Test fixtures: each test makes its own uniquely keyed rows. */

export const ORIGIN = 'http://localhost';

export interface Official {
  accountId: number;
  email: string;
  password: string;
  token: string;
}

/** An approver with a token; every scope unless `scopes` narrows it. */
export async function makeOfficial(scopes: ApiScope[] = API_SCOPE_CODES): Promise<Official> {
  const email = `can-bo-${crypto.randomUUID()}@example.vn`;
  const password = `mat-khau-${crypto.randomUUID()}`;
  const now = new Date().toISOString();
  const accountId = await insertAccount(env.DB, { email, displayName: 'Cán bộ thử nghiệm', role: 'approver', passwordHash: await hashPassword(password) }, now);
  const token = randomToken();
  await insertApiToken(env.DB, { name: 'Mã thử nghiệm', tokenHash: await sha256Hex(token), accountId, scopes }, now);
  return { accountId, email, password, token };
}

/** An editor (drafts only) with a token holding `scopes`. */
export async function makeEditor(scopes: ApiScope[] = ['disclosures:read', 'disclosures:write']): Promise<Official> {
  const email = `bien-tap-${crypto.randomUUID()}@example.vn`;
  const password = `mat-khau-${crypto.randomUUID()}`;
  const now = new Date().toISOString();
  const accountId = await insertAccount(env.DB, { email, displayName: 'Biên tập viên', role: 'editor', passwordHash: await hashPassword(password) }, now);
  const token = randomToken();
  await insertApiToken(env.DB, { name: 'Mã biên tập', tokenHash: await sha256Hex(token), accountId, scopes }, now);
  return { accountId, email, password, token };
}

/**
 * What Cloudflare's edge adds to a request it passes on (`request.cf`): with it, the Worker
 * trusts the request's CF-Connecting-IP (functions/client-address.ts). Tests that give a sender
 * address send both, as the edge would.
 */
export const FROM_CLOUDFLARE = { cf: { colo: 'HAN', country: 'VN' } } as unknown as RequestInit;

/** Calls the Worker's own fetch handler, as a request from outside would. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export function api(official: Official, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method,
    headers: { authorization: `Bearer ${official.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A valid disclosure with a unique title. */
export function sampleDisclosure(overrides: Partial<DisclosureCreateInput> = {}): DisclosureCreateInput {
  return {
    title: `Công khai quyết toán ngân sách năm 2024 (${crypto.randomUUID().slice(0, 8)})`,
    category: 'ngan-sach',
    documentNumber: '112/QĐ-UBND',
    issuedOn: '2025-03-14',
    issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
    summary: 'Quyết toán thu, chi ngân sách thị trấn năm 2024.',
    body: '',
    channels: ['office_board', 'portal'],
    postingStart: '2025-03-14',
    postingEnd: '2025-04-30',
    ...overrides,
  };
}

export async function countRows(table: 'disclosures' | 'audit_log' | 'disclosure_revisions'): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
}

/** A new official of `role`, logged in through the admin form: the session cookie to send. */
export async function sessionOf(role: 'editor' | 'approver'): Promise<{ cookie: string; accountId: number }> {
  const email = `${role}-${crypto.randomUUID()}@example.vn`;
  const password = `mat-khau-${crypto.randomUUID()}`;
  const accountId = await insertAccount(env.DB, { email, displayName: `Cán bộ ${role}`, role, passwordHash: await hashPassword(password) }, new Date().toISOString());
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, accountId };
}

// Tests in one file share one database, so a statistics period a test stores must be new to the
// file. A counter over 2030–2099 (years no demo data uses) never repeats, where a random draw
// did: two tests drew the same year and the second hit the UNIQUE period constraint.
let nextYear = 0;
export function uniqueYear(): number {
  return 2030 + (nextYear++ % 70);
}

/** Signs an official in through the admin form and answers the session cookie ("name=value"). */
export async function adminCookie(official: Official): Promise<string> {
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/**
 * The province's view as its pages read it: each commune's rollup written into PROVINCE_DB as the
 * publish consumer writes it at the end of the commune's job (schema/province/province-view.db.ts
 * communeRollup, writeRollup), then every rollup read back in one batch (readRollups). A commune
 * whose database is missing or fails writes no rollup, as its job would fail: it reads back
 * unknown. PROVINCE_DB must be migrated (TEST_PROVINCE_MIGRATIONS).
 */
export async function rolledUp(bindings: Record<string, unknown>, province: Province, today: IsoDate, localPort = ''): Promise<CommuneSnapshot[]> {
  for (const commune of province.communes) {
    const db = bindings[commune.binding] as D1Database | undefined;
    if (!db) continue;
    const data = await communeRollup(db, today).catch(() => null);
    if (data) await writeRollup(env.PROVINCE_DB, commune.slug, data, new Date().toISOString());
  }
  return readRollups(env.PROVINCE_DB, province, localPort);
}
