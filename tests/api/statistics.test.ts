import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, call, makeOfficial, uniqueYear } from '../helpers.ts';

type Json = Record<string, any>;

const row = { field: 'Hộ tịch', receivedTotal: 10, receivedDirect: 10, resolvedTotal: 9, resolvedEarly: 8, resolvedOnTime: 1, pendingTotal: 1, pendingWithin: 1 };

async function reportCount(): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM procedure_rows').first<{ n: number }>())!.n;
}

describe('PUT /api/v1/statistics/procedures', () => {
  it('stores a table that adds up, with an audit row', async () => {
    const official = await makeOfficial();
    const year = uniqueYear();
    const res = await api(official, 'PUT', '/api/v1/statistics/procedures', { period: { kind: 'quarter', year, number: 2 }, rows: [row] });
    expect(res.status).toBe(200);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'procedure_report' AND entity_id = ?").bind(`quarter-${year}-2`).all();
    expect(audit.results).toEqual([{ action: 'create' }]);
  });

  it('refuses a table that does not add up, naming the cell and the sum, and stores nothing', async () => {
    const official = await makeOfficial();
    const before = await reportCount();
    const res = await api(official, 'PUT', '/api/v1/statistics/procedures', { period: { kind: 'quarter', year: uniqueYear(), number: 1 }, rows: [{ ...row, resolvedEarly: 7 }] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error.fields).toEqual([{ field: 'rows.0.resolvedTotal', message: 'Dòng 1 (Hộ tịch): Đã giải quyết là 9, nhưng trước hạn 7 + đúng hạn 1 + quá hạn 0 = 8.' }]);
    expect(await reportCount()).toBe(before);
  });

  it('the database refuses a table that does not add up even if the check were skipped', async () => {
    await expect(
      env.DB.prepare(
        `INSERT INTO procedure_rows (report_id, position, field, received_total, received_online, received_direct, carried_over, resolved_total,
           resolved_early, resolved_on_time, resolved_late, pending_total, pending_within, pending_overdue) VALUES (1, 99, 'x', 5, 0, 4, 0, 5, 5, 0, 0, 0, 0, 0)`,
      ).run(),
    ).rejects.toThrow(/CHECK constraint failed/);
  });
});

describe('POST /api/v1/statistics/procedures/csv', () => {
  it('imports an Excel-saved CSV', async () => {
    const official = await makeOfficial();
    const year = uniqueYear();
    const csv = '\uFEFFLĩnh vực;Tổng số;Trực tiếp;Đã giải quyết;Sớm hạn\r\nChứng thực;602;602;602;602\r\n';
    const res = await api(official, 'POST', `/api/v1/statistics/procedures/csv?kind=year&year=${year}`, csv, { 'content-type': 'text/csv; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).rows[0]).toMatchObject({ field: 'Chứng thực', receivedTotal: 602 });
  });

  it('answers an unknown column with a Vietnamese error', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', `/api/v1/statistics/procedures/csv?kind=year&year=${uniqueYear()}`, 'Lĩnh vực,Gì đó\nA,1\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields[0].message).toContain('Không hiểu cột "Gì đó"');
  });
});

describe('PUT /api/v1/statistics/petitions', () => {
  it('stores the report\'s petition figures and refuses ones that do not add up', async () => {
    const official = await makeOfficial();
    const period = { kind: 'half', year: uniqueYear(), number: 1 };
    expect((await api(official, 'PUT', '/api/v1/statistics/petitions', { period, received: 11, resolved: 9, mediated: 9, forwarded: 2 })).status).toBe(200);
    // The report states no pending count: it is stored NULL, not derived as 11 − 9 − 2 = 0.
    const row = await env.DB.prepare('SELECT pending FROM petition_stats WHERE period_kind = ? AND period_year = ? AND period_number = ?').bind(period.kind, period.year, period.number).first();
    expect(row).toEqual({ pending: null });
    const bad = await api(official, 'PUT', '/api/v1/statistics/petitions', { period, received: 11, resolved: 10, forwarded: 2 });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as Json).error.fields[0].field).toBe('resolved');
  });
});

describe('admin CSV upload', () => {
  it('refuses a binary file posing as CSV, by its content', async () => {
    const official = await makeOfficial();
    const login = await call('/admin/dang-nhap', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ email: official.email, password: official.password }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const form = new FormData();
    form.set('kind', 'year');
    form.set('year', String(uniqueYear()));
    form.set('number', '1');
    form.set('file', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])], 'so-lieu.csv', { type: 'text/csv' }));
    const res = await call('/admin/thong-ke/thu-tuc/csv', { method: 'POST', headers: { cookie, origin: 'http://localhost' }, body: form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Không đọc được tệp Excel này');
  });
});

describe('unknown is not zero (issue 12)', () => {
  it('stores petition kinds and an online/in-person split that were not given as NULL, and answers null', async () => {
    const official = await makeOfficial();
    const year = uniqueYear();
    const period = { kind: 'year', year, number: 1 };
    expect((await api(official, 'PUT', '/api/v1/statistics/petitions', { period, received: 11, resolved: 9, mediated: 9, forwarded: 2 })).status).toBe(200);
    const stored = await env.DB.prepare('SELECT complaints, denunciations, recommendations, reflections, mediated FROM petition_stats WHERE period_year = ? AND period_kind = ?').bind(year, 'year').first();
    expect(stored).toEqual({ complaints: null, denunciations: null, recommendations: null, reflections: null, mediated: 9 });
    const listed = (await (await api(official, 'GET', '/api/v1/statistics/petitions')).json()) as { items: Json[] };
    expect(listed.items.find((p) => p.period.year === year)).toMatchObject({ complaints: null, received: 11 });

    const split = { field: 'Chứng thực', receivedTotal: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 };
    expect((await api(official, 'PUT', '/api/v1/statistics/procedures', { period, rows: [split] })).status).toBe(200);
    const row = await env.DB.prepare('SELECT received_online, received_direct FROM procedure_rows r JOIN procedure_reports p ON p.id = r.report_id WHERE p.period_year = ? AND p.period_kind = ?').bind(year, 'year').first();
    expect(row).toEqual({ received_online: null, received_direct: null });
  });

  it('the database refuses known receipt channels that exceed the total', async () => {
    const report = await env.DB.prepare("INSERT INTO procedure_reports (period_kind, period_year, period_number, created_at, updated_at) VALUES ('year', ?, 1, 'x', 'x') RETURNING id").bind(uniqueYear()).first<{ id: number }>();
    const insert = env.DB.prepare(
      'INSERT INTO procedure_rows (report_id, position, field, received_total, received_online, received_direct, carried_over, resolved_total, resolved_early, resolved_on_time, resolved_late, pending_total, pending_within, pending_overdue) VALUES (?, 0, ?, 10, NULL, 12, 0, 10, 10, 0, 0, 0, 0, 0)',
    ).bind(report!.id, 'Hộ tịch');
    await expect(insert.run()).rejects.toThrow(/CHECK/);
  });
});
