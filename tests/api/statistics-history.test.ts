import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, call, makeOfficial, ORIGIN, sessionOf, uniqueYear } from '../helpers.ts';

/**
 * Statistics are public once saved: replacing a period's figures needs a reason citizens read,
 * and the figures replaced stay readable with their dates (migration 0021).
 */

type Json = Record<string, any>;
const REASON = 'Sửa số hồ sơ lĩnh vực hộ tịch nhập nhầm';
const row = (field: string, n: number) => ({ field, receivedTotal: n, receivedDirect: n, resolvedTotal: n, resolvedOnTime: n });
const yearPeriod = () => ({ kind: 'year', year: uniqueYear(), number: 1 });
const entityId = (p: { kind: string; year: number; number: number }) => `${p.kind}-${p.year}-${p.number}`;

async function storedReport(p: { kind: string; year: number; number: number }) {
  return env.DB.prepare('SELECT id, version, change_reason FROM procedure_reports WHERE period_kind = ? AND period_year = ? AND period_number = ?')
    .bind(p.kind, p.year, p.number)
    .first<{ id: number; version: number; change_reason: string | null }>();
}
async function storedTotals(reportId: number): Promise<number[]> {
  const { results } = await env.DB.prepare('SELECT received_total AS n FROM procedure_rows WHERE report_id = ? ORDER BY position').bind(reportId).all<{ n: number }>();
  return results.map((r) => r.n);
}
async function replacedTables(reportId: number) {
  const { results } = await env.DB.prepare('SELECT version, rows, saved_at, change_reason, replaced_at FROM procedure_report_versions WHERE report_id = ? ORDER BY version').bind(reportId).all<Json>();
  return results;
}
async function auditActions(entity: string, id: string): Promise<Json[]> {
  const { results } = await env.DB.prepare('SELECT action, after_json FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').bind(entity, id).all<Json>();
  return results;
}

function postForm(path: string, cookie: string, fields: Record<string, string>) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

describe('PUT /api/v1/statistics/procedures over a stored period', () => {
  it('refuses a replacement without a reason with 422 naming "reason", and changes nothing', async () => {
    const official = await makeOfficial();
    const period = yearPeriod();
    expect((await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 120)] })).status).toBe(200);
    const before = (await storedReport(period))!;

    const res = await api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, rows: [row('Hộ tịch', 118)] });
    expect(res.status).toBe(422);
    const error = ((await res.json()) as Json).error;
    expect(error.fields).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('hãy ghi lý do thay') })]);

    expect(await storedReport(period)).toEqual(before);
    expect(await storedTotals(before.id)).toEqual([120]);
    expect(await replacedTables(before.id)).toEqual([]);
    expect((await auditActions('procedure_report', entityId(period))).map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a reason shorter than 20 characters', async () => {
    const official = await makeOfficial();
    const period = yearPeriod();
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 120)] });
    const res = await api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, reason: 'sửa', rows: [row('Hộ tịch', 118)] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('quá ngắn (3 ký tự)') });
  });

  it('with a reason, keeps the replaced table with its dates, stores the reason and audits it', async () => {
    const official = await makeOfficial();
    const period = yearPeriod();
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 120)] });
    const first = (await storedReport(period))!;
    const res = await api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, reason: REASON, rows: [row('Hộ tịch', 118)] });
    expect(res.status).toBe(200);

    expect(await storedReport(period)).toEqual({ id: first.id, version: 2, change_reason: REASON });
    expect(await storedTotals(first.id)).toEqual([118]);
    const [kept, ...more] = await replacedTables(first.id);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ version: 1, change_reason: null });
    expect(JSON.parse(kept!.rows)).toEqual([expect.objectContaining({ field: 'Hộ tịch', receivedTotal: 120 })]);
    expect(kept!.replaced_at >= kept!.saved_at).toBe(true);
    const audit = await auditActions('procedure_report', entityId(period));
    expect(audit.map((a) => a.action)).toEqual(['create', 'replace']);
    expect(JSON.parse(audit[1]!.after_json).changeReason).toBe(REASON);

    // The API's list carries the reason and the replaced table.
    const list = ((await (await api(official, 'GET', '/api/v1/statistics/procedures')).json()) as Json).items as Json[];
    const mine = list.find((r) => r.period.year === period.year && r.period.kind === 'year')!;
    expect(mine).toMatchObject({ version: 2, changeReason: REASON, history: [{ version: 1, changeReason: null, figures: [expect.objectContaining({ receivedTotal: 120 })] }] });
  });

  it('stores nothing and asks no reason when the figures are the same', async () => {
    const official = await makeOfficial();
    const period = yearPeriod();
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 120)] });
    const res = await api(official, 'PUT', '/api/v1/statistics/procedures', { period, version: 1, rows: [row('Hộ tịch', 120)] });
    expect(res.status).toBe(200);
    const stored = (await storedReport(period))!;
    expect(stored.version).toBe(1);
    expect(await replacedTables(stored.id)).toEqual([]);
  });
});

describe('PUT /api/v1/statistics/petitions over a stored period', () => {
  it('refuses a replacement without a reason with 422, then keeps the replaced counts when one is given', async () => {
    const official = await makeOfficial();
    const period = yearPeriod();
    await api(official, 'PUT', '/api/v1/statistics/petitions', { period, received: 3, resolved: 3, forwarded: 0 });
    const blind = await api(official, 'PUT', '/api/v1/statistics/petitions', { period, version: 1, received: 4, resolved: 4, forwarded: 0 });
    expect(blind.status).toBe(422);
    expect(((await blind.json()) as Json).error.fields[0].field).toBe('reason');
    const select = 'SELECT id, received, version, change_reason FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?';
    const stored = () => env.DB.prepare(select).bind(period.kind, period.year, period.number).first<Json>();
    expect(await stored()).toMatchObject({ received: 3, version: 1, change_reason: null });

    expect((await api(official, 'PUT', '/api/v1/statistics/petitions', { period, version: 1, reason: REASON, received: 4, resolved: 4, forwarded: 0 })).status).toBe(200);
    const now = (await stored())!;
    expect(now).toMatchObject({ received: 4, version: 2, change_reason: REASON });
    const { results } = await env.DB.prepare('SELECT version, counts, change_reason FROM petition_stats_versions WHERE stats_id = ?').bind(now.id).all<Json>();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ version: 1, change_reason: null });
    expect(JSON.parse(results[0]!.counts)).toMatchObject({ received: 3, resolved: 3, complaints: null });
    expect((await auditActions('petition_stats', entityId(period))).map((a) => a.action)).toEqual(['create', 'replace']);
  });
});

describe('POST /admin/thong-ke/thu-tuc confirming a replacement', () => {
  it('asks for the reason, comes back with the figures and an error when it is missing, and replaces only with one', async () => {
    const { cookie } = await sessionOf('approver');
    const official = await makeOfficial();
    const period = yearPeriod();
    await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [row('Hộ tịch', 120)] });
    const report = (await storedReport(period))!;
    // The test years lie ahead (uniqueYear): the warning about an unfinished period is confirmed.
    const table = { kind: 'year', year: String(period.year), number: '1', version: '1', 'ky-chua-het': '1', r0_field: 'Hộ tịch', r0_receivedTotal: '118', r0_receivedDirect: '118', r0_resolvedTotal: '118', r0_resolvedOnTime: '118' };

    const ask = await (await postForm('/admin/thong-ke/thu-tuc', cookie, table)).text();
    expect(ask).toContain('<label for="reason">Lý do thay số liệu</label>');

    const noReason = await postForm('/admin/thong-ke/thu-tuc', cookie, { ...table, 'thay-the': '1', reason: 'sửa' });
    expect(noReason.status).toBe(422);
    const page = await noReason.text();
    expect(page).toContain('Lý do thay quá ngắn');
    expect(page).toContain('<input type="hidden" name="r0_receivedTotal" value="118"/>');
    expect(page).toMatch(/<textarea id="reason" name="reason"[^>]*>sửa<\/textarea>/);
    expect(await storedTotals(report.id)).toEqual([120]);
    expect(await replacedTables(report.id)).toEqual([]);

    const done = await postForm('/admin/thong-ke/thu-tuc', cookie, { ...table, 'thay-the': '1', reason: REASON });
    expect(done.status).toBe(303);
    expect(await storedTotals(report.id)).toEqual([118]);
    expect((await storedReport(period))!.change_reason).toBe(REASON);
  });
});

describe('POST /admin/thong-ke/don-thu over a stored period', () => {
  it('shows the differences and asks for a reason before replacing the counts', async () => {
    const { cookie } = await sessionOf('approver');
    const official = await makeOfficial();
    const period = yearPeriod();
    await api(official, 'PUT', '/api/v1/statistics/petitions', { period, received: 3, resolved: 3, forwarded: 0 });
    const counts = { kind: 'year', year: String(period.year), number: '1', version: '1', 'ky-chua-het': '1', received: '4', resolved: '4', forwarded: '0', pending: '0' };
    const received = async () =>
      (await env.DB.prepare('SELECT received FROM petition_stats WHERE period_kind = ? AND period_year = ?').bind('year', period.year).first<{ received: number }>())!.received;

    const ask = await postForm('/admin/thong-ke/don-thu', cookie, counts);
    expect(ask.status).toBe(200);
    const page = await ask.text();
    expect(page).toContain(`Thay số liệu đơn thư Năm ${period.year}?`);
    expect(page).toContain('Tổng số đơn tiếp nhận: 3 → 4.');
    expect(await received()).toBe(3);

    expect((await postForm('/admin/thong-ke/don-thu', cookie, { ...counts, 'thay-the': '1' })).status).toBe(422);
    expect(await received()).toBe(3);
    expect((await postForm('/admin/thong-ke/don-thu', cookie, { ...counts, 'thay-the': '1', reason: REASON })).status).toBe(303);
    expect(await received()).toBe(4);
  });
});
