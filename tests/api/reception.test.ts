import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CHANGE_EXAMPLE, EXTRA_EXAMPLE, HOLIDAYS_EXAMPLE, RULE_EXAMPLE } from '../../functions/openapi.ts';
import { api, makeOfficial } from '../helpers.ts';

type Json = Record<string, any>;

describe('POST /api/v1/reception/rules', () => {
  it('accepts the OpenAPI example and audits it', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE);
    expect(res.status).toBe(201);
    const rule = (await res.json()) as Json;
    expect(rule).toMatchObject({ weekdays: [4], startTime: '07:30', version: 1 });
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'reception_rule' AND entity_id = ?").bind(String(rule.id)).all();
    expect(audit.results).toEqual([{ action: 'create' }]);
  });

  it('rejects a rule with no weekday and hours in the wrong order, naming each field', async () => {
    const official = await makeOfficial();
    const before = (await env.DB.prepare('SELECT count(*) AS n FROM reception_rules').first<{ n: number }>())!.n;
    const res = await api(official, 'POST', '/api/v1/reception/rules', { ...RULE_EXAMPLE, weekdays: [], startTime: '11:00', endTime: '07:30' });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as Json).error.fields.map((f: Json) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['weekdays', 'endTime']));
    expect((await env.DB.prepare('SELECT count(*) AS n FROM reception_rules').first<{ n: number }>())!.n).toBe(before);
  });
});

describe('POST /api/v1/reception/changes and GET /sessions', () => {
  it('moves one Thursday; the session list shows it moved with the reason', async () => {
    const official = await makeOfficial();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE)).json()) as Json;
    // The documented example names rule 1 (the first rule of a database); here it is this test's rule.
    const res = await api(official, 'POST', '/api/v1/reception/changes', { ...CHANGE_EXAMPLE, ruleId: rule.id });
    expect(res.status).toBe(201);
    const list = (await (await api(official, 'GET', '/api/v1/reception/sessions?from=2025-06-16&to=2025-06-22')).json()) as Json;
    const mine = list.items.filter((s: Json) => s.ruleId === rule.id);
    expect(mine).toMatchObject([{ date: '2025-06-20', originalDate: '2025-06-19', status: 'moved', reason: CHANGE_EXAMPLE.reason }]);
    expect((await api(official, 'DELETE', `/api/v1/reception/changes/${rule.id}/2025-06-19`)).status).toBe(204);
    const after = (await (await api(official, 'GET', '/api/v1/reception/sessions?from=2025-06-16&to=2025-06-22')).json()) as Json;
    expect(after.items.filter((s: Json) => s.ruleId === rule.id)).toMatchObject([{ date: '2025-06-19', status: 'scheduled' }]);
  });

  it('refuses a change to a rule that does not exist', async () => {
    const official = await makeOfficial();
    expect((await api(official, 'POST', '/api/v1/reception/changes', { ...CHANGE_EXAMPLE, ruleId: 987654 })).status).toBe(404);
  });

  it('adds a joint session from the example', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/reception/sessions', EXTRA_EXAMPLE);
    expect(res.status).toBe(201);
    const list = (await (await api(official, 'GET', '/api/v1/reception/sessions?from=2025-07-08&to=2025-07-08')).json()) as Json;
    expect(list.items).toContainEqual(expect.objectContaining({ kind: 'joint', withBodies: EXTRA_EXAMPLE.withBodies }));
  });
});

describe('GET/PUT /api/v1/reception/holidays/:year', () => {
  it('computes defaults until a list is stored, then uses the stored list', async () => {
    const official = await makeOfficial();
    const computed = (await (await api(official, 'GET', '/api/v1/reception/holidays/2031')).json()) as Json;
    expect(computed.source).toBe('computed');
    expect(computed.holidays.map((h: Json) => h.date)).toContain('2031-09-02');
    const put = await api(official, 'PUT', '/api/v1/reception/holidays/2025', HOLIDAYS_EXAMPLE);
    expect(put.status).toBe(200);
    const stored = (await (await api(official, 'GET', '/api/v1/reception/holidays/2025')).json()) as Json;
    expect(stored).toMatchObject({ source: 'stored', holidays: HOLIDAYS_EXAMPLE.holidays });
  });

  it('refuses a date outside the year', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'PUT', '/api/v1/reception/holidays/2030', { holidays: [{ date: '2029-12-31', name: 'Sai năm' }] });
    expect(res.status).toBe(422);
  });
});
