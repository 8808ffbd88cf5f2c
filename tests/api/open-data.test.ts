import { env } from 'cloudflare:test';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { listCategories } from '../../schema/disclosure/categories.db.ts';
import { DisclosureSchema, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { generateSessions, ReceptionRuleSchema, type SessionChange } from '../../schema/reception/reception.ts';
import { columnNames, DATASETS, jsonSchemaOf, records, toCsv } from '../../site/src/lib/open-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';
import { ReportPeriodSchema, reportFigures } from '../../schema/report/democracy-report.ts';
import { consultationCounts, ConsultationSchema } from '../../schema/consultation/consultation.ts';
import { DecisionSchema } from '../../schema/community/decision.ts';
import { ActivitySchema, BoardSchema } from '../../schema/community/supervision.ts';

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
    planStatusOn: '2024-06-02',
    cites: ['12/QĐ-UBND', '03/BC-UBND'],
    channelDetails: { office_board: { start: '2024-06-02', end: '2024-07-01', places: 'Bảng tin trụ sở' } },
    shortPostingGround: '',
    ...over,
  });

/** A closed consultation with counts for every channel, a published result and one published opinion. */
function consultationWithResult() {
  const consultation = ConsultationSchema.parse({
    id: 4, slug: 'lay-y-kien-ke-hoach-2025', title: 'Lấy ý kiến dự thảo kế hoạch 2025', subject: 'socio_economic_plan', summary: 'Dự thảo kế hoạch.',
    opensOn: '2024-10-01', closesOn: '2024-10-30', channels: ['meeting', 'portal'], illustration: true, status: 'published', draftDocument: null,
    offlineCounts: { meeting: 12 }, themes: [{ theme: 'Đường giao thông', opinions: 7, outcome: 'taken_up', response: 'Đưa vào kế hoạch.' }],
    resultNote: '', finalDocumentNumber: '35/QĐ-UBND', summaryStatus: 'published', summaryPublishedAt: '2024-11-05T01:00:00.000Z', changeNotes: [],
    version: 3, createdAt: '2024-09-30T01:00:00.000Z', updatedAt: '2024-11-05T01:00:00.000Z', publishedAt: '2024-09-30T01:00:00.000Z', lastEditorId: 3,
    withdrawnAt: null, withdrawalReason: null,
  });
  return {
    consultation,
    counts: consultationCounts(consultation, { received: 2, published: 1 }),
    opinions: [{ receipt: 'YK-4-ABCDEF', consultation: consultation.slug, text: 'Đề nghị làm đường.', authorName: 'Nguyễn Văn B', authorPlace: 'Khu phố 1', receivedOn: '2024-10-02T03:00:00.000Z' }],
  };
}

/** One decision, board and activity with every column known, as the pillar datasets read them. */
function communityFixture() {
  const state = {
    status: 'published', version: 2, createdAt: '2025-03-10T01:00:00.000Z', updatedAt: '2025-03-11T01:00:00.000Z', publishedAt: '2025-03-10T01:00:00.000Z', lastEditorId: 1,
    withdrawnAt: null, withdrawalReason: null,
  };
  // One withdrawn record per set, so that the withdrawal columns have a value somewhere.
  const withdrawn = { ...state, status: 'withdrawn', version: 3, withdrawnAt: '2025-06-01T02:00:00.000Z', withdrawalReason: 'Nhập trùng' };
  return {
    decisions: [
      DecisionSchema.parse({
        ...state, id: 1, slug: 'duong-khu-pho-2', title: 'Đóng góp làm đường khu phố 2', matter: 'cong_trinh_dong_gop', path: 'truc_tiep', scope: 'thon', places: ['Khu phố 2', 'Khu phố 3'],
        form: 'hoi_nghi', heldFrom: '2025-03-09', heldTo: '2025-03-09', voterUnit: 'ho', eligible: 212, participating: 180, votesFor: 171, votesAgainst: 6, votesBlank: 3,
        passed: true, summary: 'Thống nhất mức đóng góp.', recognisingBody: 'Ủy ban nhân dân thị trấn', recognisedBy: '15/QĐ-UBND', recognisedOn: '2025-03-10', source: 'Biên bản họp', quorumPercent: 50, passPercent: 50,
      }),
      DecisionSchema.parse({
        ...withdrawn, id: 5, slug: 'duong-khu-pho-2-2', title: 'Đóng góp làm đường khu phố 2 (nhập trùng)', matter: 'cong_trinh_dong_gop', path: null, scope: null, places: [],
        form: null, heldFrom: null, heldTo: null, periodLabel: '6 tháng đầu năm 2025', voterUnit: null, eligible: null, participating: null, votesFor: null, votesAgainst: null, votesBlank: null,
        passed: null, summary: 'Nhập trùng.', recognisingBody: '', recognisedBy: '', recognisedOn: null, source: '', quorumPercent: 60, passPercent: 55,
      }),
    ],
    boards: [
      BoardSchema.parse({
        ...withdrawn, id: 3, slug: 'to-giam-sat', kind: 'to_giam_sat', name: 'Tổ giám sát đường khu phố 2', parentId: 2, termFrom: '2025-01-01', termTo: '2025-12-31',
        foundedBy: '03/QĐ-MTTQ', foundedOn: '2024-12-20', recognisedByBody: 'Ủy ban MTTQ Việt Nam thị trấn', members: [{ name: 'Nguyễn Văn A', role: 'Tổ trưởng', village: 'Khu phố 2' }], summary: 'Giám sát thi công.', source: 'Quyết định thành lập',
      }),
    ],
    activities: [
      ActivitySchema.parse({
        ...withdrawn, id: 4, slug: 'giam-sat-thi-cong', boardId: 3, kind: 'phat_hien', title: 'Giám sát thi công', heldOn: '2025-05-12', periodLabel: 'Quý II năm 2025',
        body: 'Kiểm tra mặt đường.', recommendation: 'Bảo dưỡng đủ ngày.', response: 'Đã yêu cầu đơn vị thi công.', respondedOn: '2025-05-20', works: ['duong-khu-pho-2'], source: 'Biên bản giám sát',
      }),
    ],
  };
}

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
  // One session recorded as held by someone else with its count, one corrected: every reception column has a value.
  const records = new Map([['rule-7-2024-06-13', { held: true, heldByTitle: 'Phó Chủ tịch', heldByName: '', citizensReceived: 2, note: '', recordedAt: '2024-06-14T01:00:00.000Z', version: 1 }]]);
  const corrections = new Map([
    ['rule-7-2024-06-06', [{ id: 1, sessionKey: 'rule-7-2024-06-06', sessionDate: '2024-06-06', correctedOn: '2024-06-10', text: 'Buổi tiếp không diễn ra.', createdAt: '2024-06-10T01:00:00.000Z' }]],
  ]);
  const sessions = generateSessions({ rules: [rule], changes: [moved], extras: [extra], holidays: [], records, corrections }, '2024-06-01', '2024-06-30');
  const data = {
    // One clause entered by an approver, so that every column of the list has a value somewhere.
    categories: (await listCategories(env.DB)).map((c) => (c.slug === 'ngan-sach' ? { ...c, lawClause: 2 } : c)),
    disclosures: [
      disclosure({}),
      disclosure({
        id: 2, slug: 'thong-bao-5-tb-ubnd', documentNumber: '05/TB-UBND', documentType: 'TB', permanent: false, postingEnd: '2024-06-10',
        shortPostingReason: 'Khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP', shortPostingGround: 'specific_law', periodLabel: '', planStatus: '', planStatusOn: undefined, cites: [],
        recordedAfter: true, postedPeriod: '6 tháng đầu năm 2024',
        status: 'withdrawn', withdrawnAt: '2024-06-05T03:00:00.000Z', withdrawalReason: 'Ban hành nhầm',
      }),
    ],
    reception: { sessions },
    // A demo unit, built after the sessions: their rows carry the demo mark and "unrecorded".
    unit: { demoData: true },
    today: '2024-07-01',
    procedureReports: [
      { id: 1, period: { kind: 'half', year: 2024, number: 1 }, updatedAt: '2024-06-24T01:00:00.000Z', rows: [ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 3, receivedOnline: 2, receivedDirect: 1, resolvedTotal: 3, resolvedOnTime: 3 })] },
    ],
    consultations: [consultationWithResult()],
  };
  // A published report (disclosure 1) whose petition figures are unknown: empty cells, null in JSON.
  const report = reportFigures(ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 1 }), {
    disclosures: [], categories: [], channels: {}, procedure: data.procedureReports[0] as never, petitions: null, ruleDescriptions: [], decisions: [], consultations: [], activities: [], agency: { agencyDone: null, agencyTotal: null },
  });
  Object.assign(data, { reportFigures: new Map([[1, report]]) });
  // Only the parts the datasets read; the rest of PortalData is for pages.
  return { ...data, community: communityFixture() } as unknown as PortalData;
}

/** What a CSV cell must say for a JSON value: arrays joined with ";", null empty. */
const cell = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(';') : typeof v === 'object' ? JSON.stringify(v) : String(v));

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
