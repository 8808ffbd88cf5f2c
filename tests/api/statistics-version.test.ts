import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, call, makeOfficial, ORIGIN, sessionOf, uniqueYear } from '../helpers.ts';

/** Statistics saves carry the version they were made on: a stale save is refused, never written over a newer one. */

type Json = Record<string, any>;
/** A reason long enough to replace published figures (schema/statistics/statistics-history.ts). */
const REASON = 'Sửa số liệu nhập nhầm khi tổng hợp';
const month = () => 1 + Math.floor(Math.random() * 12);
const row = (field: string, n: number) => ({ field, receivedTotal: n, receivedDirect: n, resolvedTotal: n, resolvedOnTime: n });

async function storedFields(period: { kind: string; year: number; number: number }): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT r.field FROM procedure_rows r JOIN procedure_reports p ON p.id = r.report_id
     WHERE p.period_kind = ? AND p.period_year = ? AND p.period_number = ? ORDER BY r.position`,
  )
    .bind(period.kind, period.year, period.number)
    .all<{ field: string }>();
  return results.map((r) => r.field);
}

describe('PUT /api/v1/statistics/procedures with a version', () => {
  it('of two concurrent saves on the same version, stores one and refuses the other with 409', async () => {
    const official = await makeOfficial();
    const period = { kind: 'month', year: uniqueYear(), number: month() };
    expect((await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 5)] })).status).toBe(200);
    const [a, b] = await Promise.all([
      api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, reason: REASON, rows: [row('Chứng thực', 7)] }),
      api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, reason: REASON, rows: [row('Đất đai', 9)] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = (a.status === 409 ? a : b).clone();
    expect(((await loser.json()) as Json).error).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const winner = a.status === 200 ? 'Chứng thực' : 'Đất đai';
    expect(await storedFields(period)).toEqual([winner]);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'procedure_report' AND entity_id = ?").bind(`${period.kind}-${period.year}-${period.number}`).all();
    expect(audit.results.map((r) => r.action)).toEqual(['create', 'replace']);
  });

  it('refuses a save without a version over a stored table, and keeps the table', async () => {
    const official = await makeOfficial();
    const period = { kind: 'month', year: uniqueYear(), number: month() };
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 5)] });
    const blind = await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Đất đai', 9)] });
    expect(blind.status).toBe(409);
    const error = ((await blind.json()) as Json).error;
    expect(error.message).toContain('Kỳ này đã có số liệu (phiên bản 1)');
    // Officials read this message on the admin form too: plain words, no JSON; a program reads currentVersion.
    expect(error.message).not.toMatch(/"version"|gửi kèm/);
    expect(error.currentVersion).toBe(1);
    expect(await storedFields(period)).toEqual(['Hộ tịch']);
  });
});

describe('PUT /api/v1/statistics/petitions with a version', () => {
  it('of two concurrent saves on the same version, stores one and refuses the other with 409', async () => {
    const official = await makeOfficial();
    const period = { kind: 'month', year: uniqueYear(), number: month() };
    expect((await api(official, 'PUT', '/api/v1/statistics/petitions', { period, received: 3, resolved: 3, forwarded: 0 })).status).toBe(200);
    const [a, b] = await Promise.all([
      api(official, 'PUT', '/api/v1/statistics/petitions', { period, version: 1, reason: REASON, received: 4, resolved: 4, forwarded: 0 }),
      api(official, 'PUT', '/api/v1/statistics/petitions', { period, version: 1, reason: REASON, received: 6, resolved: 6, forwarded: 0 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stored = await env.DB.prepare('SELECT received, version FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?')
      .bind(period.kind, period.year, period.number)
      .first<Json>();
    expect(stored).toEqual({ received: a.status === 200 ? 4 : 6, version: 2 });
  });
});

describe('POST /admin/thong-ke/thu-tuc', () => {
  it('refuses a form opened before someone else saved, with a Vietnamese message and the figures as typed', async () => {
    const { cookie } = await sessionOf('approver');
    const official = await makeOfficial();
    const period = { kind: 'month', year: uniqueYear(), number: month() };
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 5)] });
    const key = `${period.year}-m${String(period.number).padStart(2, '0')}`;
    const form = await (await call(`/admin/thong-ke/thu-tuc?ky=${encodeURIComponent(key)}`, { headers: { cookie } })).text();
    // The form of a stored period carries the version it shows.
    expect(form).toContain('<input type="hidden" name="version" value="1"/>');
    // Someone saves meanwhile (version 1 → 2).
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, reason: REASON, rows: [row('Chứng thực', 7)] });
    const res = await call('/admin/thong-ke/thu-tuc', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      body: new URLSearchParams({
        version: '1',
        // A period ahead of today (uniqueYear): its warning is confirmed.
        'ky-chua-het': '1',
        kind: period.kind,
        year: String(period.year),
        number: String(period.number),
        r0_field: 'Đất đai',
        r0_receivedTotal: '9',
        r0_receivedDirect: '9',
        r0_resolvedTotal: '9',
        r0_resolvedOnTime: '9',
      }),
      redirect: 'manual',
    });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain('vừa được người khác lưu (nay là phiên bản 2)');
    expect(page).toContain('value="Đất đai"');
    expect(await storedFields(period)).toEqual(['Chứng thực']);
  });
});
