import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { api, makeOfficial } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * Report 78/BC-UBND gives the reception day (every Thursday) and the host, not the hours or the
 * place (issue 12): a rule may leave them unknown, stored NULL, answered null, never invented.
 */
const UNKNOWN_RULE = { frequency: 'weekly', weekdays: [1, 2, 3, 4, 5], hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn', holidayPolicy: 'next_working_day' };

describe('POST /api/v1/reception/rules without hours or place', () => {
  it('stores NULL hours and place and answers null, in the rule and in its sessions', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/reception/rules', { ...UNKNOWN_RULE, validFrom: '2033-03-01', validTo: '2033-03-31' });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as Json;
    expect(rule).toMatchObject({ startTime: null, endTime: null, place: null });
    const row = await env.DB.prepare('SELECT start_time, end_time, place FROM reception_rules WHERE id = ?').bind(rule.id).first();
    expect(row).toEqual({ start_time: null, end_time: null, place: null });
    const list = (await (await api(official, 'GET', '/api/v1/reception/sessions?from=2033-03-03&to=2033-03-03')).json()) as Json;
    expect(list.items.filter((s: Json) => s.ruleId === rule.id)).toMatchObject([{ date: '2033-03-03', startTime: null, endTime: null, place: null }]);
  });

  it('refuses a start time without an end time, naming the field, and stores nothing', async () => {
    const official = await makeOfficial();
    const before = (await env.DB.prepare('SELECT count(*) AS n FROM reception_rules').first<{ n: number }>())!.n;
    const res = await api(official, 'POST', '/api/v1/reception/rules', { ...UNKNOWN_RULE, validFrom: '2033-04-01', startTime: '07:30' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([
      { field: 'endTime', message: 'Nhập cả giờ bắt đầu và giờ kết thúc, hoặc để trống cả hai nếu chưa có thông tin.' },
    ]);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM reception_rules').first<{ n: number }>())!.n).toBe(before);
  });

  it('the database refuses hours known by halves (CHECK), whatever the caller', async () => {
    await expect(
      env.DB.prepare(
        "INSERT INTO reception_rules (frequency, weekdays, start_time, end_time, place, host_title, valid_from, holiday_policy, created_at, updated_at) VALUES ('weekly', '[4]', '07:30', NULL, NULL, 'Chủ tịch', '2033-05-01', 'next_working_day', 'x', 'x')",
      ).run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe('PUT /api/v1/reception/rules/{id}: publishing the hours and place', () => {
  it('marks sessions inside the notice period late, with the hours as they were (null) and as they are', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const created = (await (await api(official, 'POST', '/api/v1/reception/rules', { ...UNKNOWN_RULE, validFrom: today, validTo: addDays(today, 20) })).json()) as Json;
    const res = await api(official, 'PUT', `/api/v1/reception/rules/${created.id}`, {
      ...UNKNOWN_RULE,
      validFrom: today,
      validTo: addDays(today, 20),
      startTime: '07:30',
      endTime: '11:00',
      place: 'Trụ sở Ủy ban nhân dân thị trấn',
      version: created.version,
      effectiveFrom: addDays(today, 1),
      reason: 'Công bố giờ và địa điểm tiếp công dân.',
    });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Json;
    const mine = saved.lateSessions.filter((d: Json) => (d.after ?? d.before).ruleId === created.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ late: true, before: { startTime: null, place: null }, after: { startTime: '07:30', place: 'Trụ sở Ủy ban nhân dân thị trấn' } });
    const list = (await (await api(official, 'GET', `/api/v1/reception/sessions?from=${mine[0].after.date}&to=${mine[0].after.date}`)).json()) as Json;
    expect(list.items.find((s: Json) => s.ruleId === created.id)).toMatchObject({ startTime: '07:30', lateChange: true });
  });
});
