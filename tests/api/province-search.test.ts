import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProvince } from '../../schema/province/communes.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { ProvinceSearchUnavailable, RESULTS_PER_COMMUNE, searchProvince } from '../../schema/province/province-search.db.ts';
import { rebuildSearchIndex } from '../../schema/publishing/search.db.ts';
import { saveUnit } from '../../schema/unit/unit.db.ts';
import { disclosurePath } from '../../schema/publishing/paths.ts';
import { COMMUNE_NOT_READ_NOTE, disclosureDataCsv, disclosureDataRows } from '../../schema/province/province-view.ts';
import { createDisclosure } from '../../schema/disclosure/disclosures.use-cases.ts';
import { UnitSchema } from '../../schema/unit/unit.ts';
import { migrateAnother } from '../fresh-storage.ts';
import { rolledUp, sampleDisclosure } from '../helpers.ts';

/**
 * Search and open data across communes (issue 24, item 5) on real local D1 databases, one per
 * commune: `DB` and `RESTORE_DB` (migrated here), `DB_PHUONG_B` left empty (a database that
 * fails: it has no tables) and a binding the deployment lacks. Each commune answers from its own
 * index; one that fails is named, and only when every one fails is the search unavailable.
 */
const { RESTORE_DB, TEST_PROVINCE_MIGRATIONS } = env as unknown as { RESTORE_DB: D1Database; TEST_PROVINCE_MIGRATIONS: D1Migration[] };
const bindings = env as unknown as Record<string, unknown>;
const commune = (slug: string, binding: string, kind: 'xa' | 'phuong' = 'xa') => ({ slug, code: null, name: `Sổ tỉnh ${slug}`, kind, binding, hosts: [`${slug}.localhost`] });
const province = parseProvince({
  name: null,
  hosts: ['tinh.localhost'],
  communes: [
    commune('xa-mot', 'DB'),
    commune('phuong-hai', 'RESTORE_DB', 'phuong'),
    commune('xa-chua-migrate', 'DB_PHUONG_B'),
    commune('xa-chua-ket-noi', 'DB_KHONG_CO'),
  ],
});
const broken = parseProvince({ name: null, hosts: [], communes: [commune('xa-chua-migrate', 'DB_PHUONG_B'), commune('xa-chua-ket-noi', 'DB_KHONG_CO')] });

/** A word no other record has. */
const tag = `tinh${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`;
const now = new Date().toISOString();
const write = (db: D1Database, fields: Parameters<typeof sampleDisclosure>[0]) =>
  createDisclosure({ db, actor: scriptActor('Thử nghiệm tìm kiếm toàn tỉnh'), now }, { ...sampleDisclosure(fields), publish: true }).then((o) => o.value);

let inOne: Awaited<ReturnType<typeof write>>;
let inTwo: Awaited<ReturnType<typeof write>>;
let manyInOne: Awaited<ReturnType<typeof write>>[];

beforeAll(async () => {
  await migrateAnother(RESTORE_DB);
  await applyD1Migrations(env.PROVINCE_DB, TEST_PROVINCE_MIGRATIONS);
  await saveUnit(env.DB, UnitSchema.parse({ kind: 'xa', name: 'Một', placeName: 'Một', demoData: true }), now).run();
  // Commune one: every word of "quy hoach", not together; commune two: the phrase.
  inOne = await write(env.DB, { title: `Kế hoạch chi ngân sách ${tag}`, summary: 'Ban hành quy chế chi tiêu nội bộ.', documentNumber: '', permanent: true, postingEnd: undefined });
  inTwo = await write(RESTORE_DB, { title: `Thông báo quy hoạch sử dụng đất ${tag}`, summary: 'Điều chỉnh quy hoạch đến năm 2030.' });
  manyInOne = [];
  for (let i = 0; i < RESULTS_PER_COMMUNE + 1; i++) manyInOne.push(await write(env.DB, { title: `Danh sách hộ nghèo ${tag} đợt ${i + 1}` }));
  await rebuildSearchIndex(env.DB);
  await rebuildSearchIndex(RESTORE_DB);
});

describe('searchProvince', () => {
  it('searches every commune typed without diacritics; the commune with the phrase comes first; failures are named', async () => {
    const found = await searchProvince(bindings, province, 'quy hoach', '8787');
    expect(found.found.map((c) => c.commune.slug)).toEqual(['phuong-hai', 'xa-mot']);
    const [two, one] = found.found;
    expect(two!.found.results.map((r) => [r.path, r.match])).toEqual([[disclosurePath(inTwo), 'phrase']]);
    expect(one!.found.results.map((r) => [r.path, r.match])).toEqual([[disclosurePath(inOne), 'all']]);
    // Linked on each commune's own host; named as in force (its unit), else as in the registry.
    expect(two!.origin).toBe('http://phuong-hai.localhost:8787');
    expect(one).toMatchObject({ name: 'Xã Một', demoData: true });
    expect(two).toMatchObject({ name: 'Sổ tỉnh phuong-hai', demoData: false });
    // An unmigrated database (a real D1 error) and a missing binding: "chưa tìm được", not "nothing found".
    expect(found.failed.map((c) => c.commune.slug)).toEqual(['xa-chua-migrate', 'xa-chua-ket-noi']);
    expect(found.empty).toEqual([]);
  });

  it('a commune without a match is listed as searched and empty; a commune shows its first results and their count', async () => {
    const found = await searchProvince(bindings, province, 'ho ngheo');
    expect(found.found.map((c) => c.commune.slug)).toEqual(['xa-mot']);
    expect(found.empty.map((c) => c.commune.slug)).toEqual(['phuong-hai']);
    expect(found.found[0]!.found.results).toHaveLength(RESULTS_PER_COMMUNE);
    expect(found.found[0]!.found.total).toBe(RESULTS_PER_COMMUNE + 1);
  });

  it('when no commune can be searched it throws ProvinceSearchUnavailable (the Worker answers 503)', async () => {
    await expect(searchProvince(bindings, broken, 'quy hoach')).rejects.toBeInstanceOf(ProvinceSearchUnavailable);
  });

  it('a query without a word searches nothing, not even a broken database', async () => {
    expect(await searchProvince(bindings, broken, ' "*" ')).toEqual({ found: [], empty: [], failed: [] });
  });
});

describe('disclosureDataRows (the province list of disclosures)', () => {
  it('lists every commune’s public disclosures with a link to its host; what was not entered is null / an empty cell', async () => {
    const communes = await rolledUp(bindings, province, '2025-06-01', '8787');
    const rows = disclosureDataRows(communes, '2025-06-01');
    const one = rows.find((r) => r.url === `http://xa-mot.localhost:8787${disclosurePath(inOne)}`);
    const two = rows.find((r) => r.url === `http://phuong-hai.localhost:8787${disclosurePath(inTwo)}`);
    expect(one).toMatchObject({ commune: 'xa-mot', communeName: 'Xã Một', communeCode: null, title: inOne.title, documentNumber: null, category: 'ngan-sach', permanent: true, postingEnd: null, status: 'published', withdrawnAt: null, demoData: true });
    expect(one!.categoryLabel).toBeTruthy();
    expect(one!.publishedAt).toBe(inOne.publishedAt);
    expect(two).toMatchObject({ commune: 'phuong-hai', documentNumber: '112/QĐ-UBND', issuedOn: '2025-03-14', postingEnd: inTwo.postingEnd, permanent: false });
    // The two communes' rows, and none of the unreadable ones'.
    expect(new Set(rows.map((r) => r.commune))).toEqual(new Set(['xa-mot', 'phuong-hai']));
    expect(rows.filter((r) => r.commune === 'xa-mot')).toHaveLength(RESULTS_PER_COMMUNE + 2);

    const csv = disclosureDataCsv(rows, communes.filter((c) => !c.data), '2025-06-01').split('\r\n');
    expect(csv[0]).toMatch(/^\uFEFFMã xã trên cổng,Mã đơn vị hành chính,Tên xã,.*,Ghi chú$/);
    // The two communes whose data is not known are named, each on a row of its own, as the JSON's communesNotRead.
    const unknown = csv.filter((l) => l.endsWith(COMMUNE_NOT_READ_NOTE));
    expect(unknown.map((l) => l.split(',')[0])).toEqual(['xa-chua-migrate', 'xa-chua-ket-noi']);
    expect(unknown[0]).toMatch(/^xa-chua-migrate,,Sổ tỉnh xa-chua-migrate,Không,,,/);
    expect(csv.filter((l) => !l.endsWith(COMMUNE_NOT_READ_NOTE) && l.includes('.localhost')).every((l) => l.endsWith(','))).toBe(true);
    const line = csv.find((l) => l.includes(disclosurePath(inOne)))!;
    // Unknown code and number: empty cells; yes/no spelled out, so that empty means only "not entered".
    expect(line).toMatch(/^xa-mot,,Xã Một,Không,Có,/);
    expect(line).toContain(`,${inOne.title},,ngan-sach,`);
  });
});
