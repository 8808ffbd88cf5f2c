import { env } from 'cloudflare:test';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { listCategories } from '../../schema/db/categories.ts';
import { DisclosureSchema, type Disclosure } from '../../schema/disclosure.ts';
import { ProcedureRowSchema } from '../../schema/procedure-stats.ts';
import { generateSessions, ReceptionRuleSchema, type SessionChange } from '../../schema/reception.ts';
import { columnNames, DATASETS, jsonSchemaOf, records, toCsv } from '../../site/src/lib/open-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';
import { ReportPeriodSchema, reportFigures } from '../../schema/democracy-report.ts';

/**
 * /du-lieu/: for every dataset, the JSON rows, the CSV and the JSON Schema carry the same
 * columns in the same order, and each CSV cell says what the JSON value says. The data set
 * below gives every column a value somewhere (and leaves the optional ones unknown elsewhere),
 * so no column is compared only as empty.
 */

const disclosure = (over: Record<string, unknown>): Disclosure =>
  DisclosureSchema.parse({
    id: 1,
    slug: 'ke-hoach-28-kh-ubnd',
    documentType: 'KH',
    status: 'published',
    version: 2,
    createdAt: '2024-06-01T01:00:00.000Z',
    updatedAt: '2024-06-02T01:00:00.000Z',
    publishedAt: '2024-06-02T01:00:00.000Z',
    withdrawnAt: null,
    withdrawalReason: null,
    lastEditorId: 3,
    title: 'Kế hoạch thực hiện dân chủ ở cơ sở năm 2024, "thôn Đông; thôn Tây"',
    category: 'ke-hoach-kinh-te-xa-hoi',
    documentNumber: '28/KH-UBND',
    issuedOn: '2024-06-01',
    issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
    summary: 'Dòng một.\nDòng hai, có dấu phẩy.',
    body: 'Nội dung',
    channels: ['office_board', 'portal'],
    postingStart: '2024-06-02',
    permanent: true,
    periodLabel: 'Năm 2024',
    planStatus: 'in_progress',
    cites: ['12/QĐ-UBND', '03/BC-UBND'],
    ...over,
  });

async function portal(): Promise<PortalData> {
  const rule = {
    ...ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], startTime: '07:30', endTime: '11:00', place: 'Trụ sở', hostTitle: 'Chủ tịch', hostName: 'Nguyễn Văn A', validFrom: '2024-01-01' }),
    id: 7,
    version: 1,
    updatedAt: '2024-01-02T01:00:00.000Z',
  };
  const moved: SessionChange = {
    id: 1, ruleId: 7, sessionDate: '2024-06-20', kind: 'moved', reason: 'Chủ tịch họp tại huyện', newDate: '2024-06-21',
    newPlace: '', newHostTitle: '', newHostName: '', createdAt: '2024-06-19T02:00:00.000Z',
  };
  const extra = { id: 1, kind: 'joint' as const, date: '2024-06-25', startTime: '14:00', endTime: '16:00', place: 'Nhà văn hóa', hostTitle: 'Phó Chủ tịch', hostName: '', withBodies: 'Công an', topics: '', createdAt: '2024-06-01T00:00:00.000Z' };
  const sessions = generateSessions({ rules: [rule], changes: [moved], extras: [extra], holidays: [] }, '2024-06-01', '2024-06-30');
  const data = {
    categories: await listCategories(env.DB),
    disclosures: [
      disclosure({}),
      disclosure({
        id: 2, slug: 'thong-bao-5-tb-ubnd', documentNumber: '05/TB-UBND', documentType: 'TB', permanent: false, postingEnd: '2024-06-10',
        shortPostingReason: 'Khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP', periodLabel: '', planStatus: '', cites: [],
        status: 'withdrawn', withdrawnAt: '2024-06-05T03:00:00.000Z', withdrawalReason: 'Ban hành nhầm',
      }),
    ],
    reception: { sessions },
    procedureReports: [
      { id: 1, period: { kind: 'half', year: 2024, number: 1 }, updatedAt: '2024-06-24T01:00:00.000Z', rows: [ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 3, receivedOnline: 2, receivedDirect: 1, resolvedTotal: 3, resolvedOnTime: 3 })] },
    ],
  };
  // A published report (disclosure 1) whose petition figures are unknown: empty cells, null in JSON.
  const report = reportFigures(ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 1 }), {
    disclosures: [], categories: [], channels: {}, procedure: data.procedureReports[0] as never, petitions: null, sessions, ruleDescriptions: [],
  });
  Object.assign(data, { reportFigures: new Map([[1, report]]) });
  // Only the parts the datasets read; the rest of PortalData is for pages.
  return data as unknown as PortalData;
}

/** What a CSV cell must say for a JSON value: arrays joined with ";", null empty. */
const cell = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(';') : String(v));

describe('open data (/du-lieu/)', async () => {
  const data = await portal();

  describe.each(DATASETS.map((d) => [d.key, d] as const))('%s', (_key, dataset) => {
    const names = columnNames(dataset);
    const json = JSON.parse(JSON.stringify(records(dataset, data))) as Record<string, unknown>[];
    const csv = Papa.parse<string[]>(toCsv(dataset, records(dataset, data)).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

    it('the JSON rows carry exactly the columns, in order', () => {
      expect(json.length).toBeGreaterThan(0);
      for (const row of json) expect(Object.keys(row)).toEqual(names);
    });

    it('the CSV header is the same column list', () => {
      expect(csv[0]).toEqual(names);
    });

    it('every CSV cell says what the JSON value says', () => {
      expect(csv.length - 1).toBe(json.length);
      json.forEach((row, i) => expect(csv[i + 1]).toEqual(names.map((n) => cell(row[n]))));
    });

    it('the JSON Schema describes the same columns, all required, with the listed descriptions', () => {
      const items = (jsonSchemaOf(dataset) as { items: { properties: Record<string, { description?: string }>; required: string[] } }).items;
      expect(Object.keys(items.properties)).toEqual(names);
      expect(items.required).toEqual(names);
      expect(names.map((n) => items.properties[n]!.description)).toEqual(names.map((n) => dataset.columns[n as keyof typeof dataset.columns]));
    });

    it('the test data gives every column a value in some row', () => {
      expect(names.filter((n) => json.every((row) => row[n] === null || row[n] === ''))).toEqual([]);
    });
  });

  it('an unknown value is null in JSON and an empty cell in CSV', () => {
    const dataset = DATASETS.find((d) => d.key === 'cong-khai')!;
    const permanent = records(dataset, data)[0]!;
    expect(permanent.postingEnd).toBeNull();
    const [, row] = Papa.parse<string[]>(toCsv(dataset, [permanent]).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(row![columnNames(dataset).indexOf('postingEnd')]).toBe('');
  });
});
