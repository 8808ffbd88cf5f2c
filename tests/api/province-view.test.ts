import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProvince } from '../../schema/province/communes.ts';
import { communeRollup, readRollups, rollupsChangedSince, writeRollup } from '../../schema/province/province-view.db.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { saveProcedureReport } from '../../schema/statistics/procedure-stats.db.ts';
import { createRule } from '../../schema/reception/reception.db.ts';
import { saveUnit } from '../../schema/unit/unit.db.ts';
import { PROCEDURE_COLUMN_KEYS, ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { DUTIES, dutyStatus, nextReceptions, procedureSums } from '../../schema/province/province-view.ts';
import { ReceptionRuleSchema } from '../../schema/reception/reception.ts';
import { UnitSchema } from '../../schema/unit/unit.ts';
import { api, makeOfficial, rolledUp, sampleDisclosure } from '../helpers.ts';

/**
 * The province view's loader (schema/province/province-view.db.ts) against two communes' own D1
 * databases: `DB` and `RESTORE_DB` (the second D1 binding vitest.config.ts already declares for
 * the backup tests; it starts empty, so it is migrated here). Each commune's figures come from its
 * own database only, and a commune whose binding is missing stays unknown.
 */
const { RESTORE_DB, TEST_MIGRATIONS, TEST_PROVINCE_MIGRATIONS } = env as unknown as { RESTORE_DB: D1Database; TEST_MIGRATIONS: D1Migration[]; TEST_PROVINCE_MIGRATIONS: D1Migration[] };
const bindings = env as unknown as Record<string, unknown>;
const province = parseProvince({
  name: null,
  hosts: ['tinh.localhost'],
  communes: [
    { slug: 'xa-mot', code: null, name: 'Xã Một (sổ tỉnh)', kind: 'xa', binding: 'DB', hosts: ['xa-mot.localhost'] },
    { slug: 'phuong-hai', code: null, name: 'Phường Hai', kind: 'phuong', binding: 'RESTORE_DB', hosts: ['phuong-hai.localhost'] },
    { slug: 'xa-chua-ket-noi', code: null, name: 'Xã Chưa Kết Nối', kind: 'xa', binding: 'DB_KHONG_CO', hosts: ['xa-ba.localhost'] },
  ],
});
const TODAY = '2025-06-01'; // a Sunday
const Q1 = { kind: 'quarter' as const, year: 2025, number: 1 };
const actor = scriptActor('Kiểm thử tỉnh');
const now = '2025-05-01T00:00:00.000Z';
const row = (r: Record<string, unknown>) => ProcedureRowSchema.parse(r);

beforeAll(async () => {
  await applyD1Migrations(RESTORE_DB, TEST_MIGRATIONS);
  await applyD1Migrations(env.PROVINCE_DB, TEST_PROVINCE_MIGRATIONS);
  // Commune one: its unit (name in force), Q1 figures with the in-person split unknown, a published budget report, Thursday receptions.
  await saveUnit(env.DB, UnitSchema.parse({ kind: 'xa', name: 'Một', placeName: 'Một' }), now).run();
  expect(await saveProcedureReport(env.DB, Q1, [row({ field: 'Hộ tịch', receivedTotal: 12, resolvedTotal: 12, resolvedOnTime: 12 })], null, null, actor, now)).toBe(true);
  const official = await makeOfficial();
  const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true, title: 'Tình hình thực hiện ngân sách Quý I/2025', periodLabel: 'Quý I/2025' }));
  expect(res.status).toBe(201);
  await createRule(env.DB, ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], hostTitle: 'Chủ tịch Ủy ban nhân dân xã', validFrom: '2025-01-01' }), [], '', actor, now);
  // Commune two: Q1 figures with every cell known, Tuesday receptions, no unit row, no disclosure.
  expect(
    await saveProcedureReport(
      RESTORE_DB,
      Q1,
      [row({ field: 'Chứng thực', receivedTotal: 30, receivedOnline: 10, receivedDirect: 20, resolvedTotal: 28, resolvedEarly: 28, pendingTotal: 2, pendingWithin: 2 })],
      null,
      null,
      actor,
      now,
    ),
  ).toBe(true);
  await createRule(RESTORE_DB, ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [2], hostTitle: 'Chủ tịch Ủy ban nhân dân phường', validFrom: '2025-01-01' }), [], '', actor, now);
});

describe('the province rollup (two communes, two D1 databases, read back from PROVINCE_DB)', () => {
  it('reads each commune from its own database; a missing binding stays unknown', async () => {
    const communes = await rolledUp(bindings, province, TODAY);
    expect(communes.map((c) => c.data?.procedureReports.map((r) => r.rows[0]!.field))).toEqual([['Hộ tịch'], ['Chứng thực'], undefined]);
    expect(communes[0]!.data!.unit).toEqual({ kind: 'xa', name: 'Một' });
    expect(communes[1]!.data!.unit).toBeNull();
    expect(communes[1]!.data!.disclosures).toEqual([]);
    expect(communes[2]!.data).toBeNull();
  });

  it('the province sums equal the sum of the communes’ stored figures; the unknown split and the unconnected commune stay unknown', async () => {
    const communes = await rolledUp(bindings, province, TODAY);
    const [sum] = procedureSums(communes, TODAY);
    expect(sum!.period).toEqual(Q1);
    // The commune without a database is not "chưa báo cáo": whether it reported is unknown.
    expect(sum!.unreported).toBe(0);
    expect(sum!.unread).toBe(1);
    for (const column of PROCEDURE_COLUMN_KEYS) {
      const known = sum!.communes.flatMap((c) => (c.total && c.total[column] !== null ? [c.total[column]!] : []));
      expect(sum!.sum[column], column).toBe(known.reduce((a, b) => a + b, 0));
    }
    expect(sum!.sum).toMatchObject({ receivedTotal: 42, resolvedTotal: 40, receivedOnline: 10 });
    expect(sum!.communes[0]!.total!.receivedOnline).toBeNull();
    expect(sum!.communes[2]!.total).toBeNull();
  });

  it('gives each commune the next session of its own rule', async () => {
    const out = nextReceptions(await rolledUp(bindings, province, TODAY), TODAY);
    expect(out.map((r) => r.next?.date ?? null)).toEqual(['2025-06-05', '2025-06-03', null]);
    expect(out.map((r) => r.readable)).toEqual([true, true, false]);
  });

  it('the duty board finds commune one’s budget report on its own host and none for commune two', async () => {
    const communes = await rolledUp(bindings, province, TODAY);
    const quarterly = DUTIES.find((d) => d.key === 'thuc-hien-ngan-sach-quy')!;
    expect(dutyStatus(quarterly, communes[0]!, Q1, TODAY)).toMatchObject({ state: 'published', href: expect.stringMatching(/^http:\/\/xa-mot\.localhost\/cong-khai\//) });
    expect(dutyStatus(quarterly, communes[1]!, Q1, TODAY)).toEqual({ state: 'overdue', due: '2025-04-15' });
    expect(dutyStatus(quarterly, communes[2]!, Q1, TODAY)).toEqual({ state: 'unknown' });
  });

  it('holds only the rows the commune\'s own publish includes: a row its pages leave out is not in the province\'s data', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true, title: 'Thông báo sẽ hỏng' }));
    const { id } = (await res.json()) as { id: number };
    // A row stored before a rule existed: a control character in its title (schema/publishing/publish.ts splitPublishable leaves it out).
    await env.DB.prepare('UPDATE disclosures SET title = ? WHERE id = ?').bind('Thông báo \u0007hỏng', id).run();
    const [one] = await rolledUp(bindings, province, TODAY);
    expect(one!.data!.disclosures.map((d) => d.id)).not.toContain(id);
    expect(one!.data!.disclosures.length).toBeGreaterThan(0);
    await env.DB.prepare('DELETE FROM disclosures WHERE id = ?').bind(id).run();
  });

  it('says whether a rollup changed, and the changed communes since a time', async () => {
    const data = await communeRollup(RESTORE_DB, TODAY);
    const first = '2030-01-01T00:00:00.000Z';
    expect(await writeRollup(env.PROVINCE_DB, 'phuong-hai', { ...data, demoData: !data.demoData }, first)).toBe(true);
    // The same data again: nothing the province shows changed; no render is asked for.
    expect(await writeRollup(env.PROVINCE_DB, 'phuong-hai', { ...data, demoData: !data.demoData }, '2030-01-01T00:00:01.000Z')).toBe(false);
    expect(await rollupsChangedSince(env.PROVINCE_DB, first)).toEqual(['phuong-hai']);
    expect(await rollupsChangedSince(env.PROVINCE_DB, '2030-01-01T00:00:00.500Z')).toEqual([]);
    const disclosure = { id: 7, slug: 'a', title: 'A', category: 'ngan-sach', periodLabel: '', status: 'published', documentNumber: '', issuedOn: null, postingStart: null, postingEnd: null, permanent: true, publishedAt: '2030-01-01T00:00:00.000Z', withdrawnAt: null };
    expect(await writeRollup(env.PROVINCE_DB, 'phuong-hai', { ...data, disclosures: [disclosure] }, '2030-01-01T00:00:02.000Z')).toBe(true);
    expect(await writeRollup(env.PROVINCE_DB, 'phuong-hai', { ...data, disclosures: [{ ...disclosure, title: 'B' }] }, '2030-01-01T00:00:03.000Z')).toBe(true);
    const [, two] = await readRollups(env.PROVINCE_DB, province);
    expect(two!.data!.disclosures.map((d) => d.title)).toEqual(['B']);
    // Back to what the commune publishes.
    expect(await writeRollup(env.PROVINCE_DB, 'phuong-hai', data, '2030-01-01T00:00:04.000Z')).toBe(true);
    expect((await readRollups(env.PROVINCE_DB, province))[1]!.data!.disclosures).toEqual([]);
  });

  it('a commune never rolled up is unknown: no figure, no "chưa báo cáo", no empty list', async () => {
    await env.PROVINCE_DB.prepare("DELETE FROM commune_rollups WHERE commune = 'phuong-hai'").run();
    const communes = await readRollups(env.PROVINCE_DB, province);
    expect(communes.map((c) => c.data === null)).toEqual([false, true, true]);
    const [sum] = procedureSums(communes, TODAY);
    expect(sum!.unread).toBe(2);
    expect(sum!.unreported).toBe(0);
    expect(sum!.sum.receivedTotal).toBe(12);
    expect(sum!.complete.receivedTotal).toBe(false);
    await rolledUp(bindings, province, TODAY);
  });
});
