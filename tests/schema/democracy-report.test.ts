import { describe, expect, it } from 'vitest';
import {
  placeOccurrence,
  ReportPeriodSchema,
  reportFigures,
  formatRate,
  formatCount,
  type ReportInputs,
} from '../../schema/report/democracy-report.ts';
import { DisclosureSchema } from '../../schema/disclosure/disclosure.ts';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { PetitionStatsSchema } from '../../schema/statistics/petition-stats.ts';

// Report 78/BC-UBND (seed-report-facts.md): the first-half-2024 procedure table and petitions.
const ROWS_78 = [
  { field: 'Bảo trợ xã hội', receivedTotal: 72, receivedDirect: 72, resolvedTotal: 72, resolvedEarly: 72 },
  { field: 'Các cơ sở giáo dục khác', receivedTotal: 2, receivedDirect: 2, resolvedTotal: 2, resolvedEarly: 2 },
  { field: 'Chứng thực', receivedTotal: 602, receivedDirect: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 },
  { field: 'Hộ tịch', receivedTotal: 288, receivedDirect: 288, resolvedTotal: 288, resolvedEarly: 288 },
  { field: 'Thi đua - khen thưởng', receivedTotal: 2, receivedDirect: 2, resolvedTotal: 2, resolvedEarly: 2 },
].map((r) => ProcedureRowSchema.parse(r));
const H1_2024 = ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 1 });

function plan(documentNumber: string, issuedOn: string, title: string, status: 'published' | 'draft' = 'published') {
  return DisclosureSchema.parse({
    id: 1, slug: documentNumber.replace(/\W+/g, '-').toLowerCase(), title, category: 'thong-tin-khac', documentNumber, documentType: 'KH', issuedOn,
    issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Tóm tắt.', body: '', channels: ['portal'], postingStart: issuedOn, permanent: true,
    status, version: 1, publishedAt: status === 'published' ? `${issuedOn}T01:00:00.000Z` : null, withdrawnAt: null, withdrawalReason: null,
    createdAt: `${issuedOn}T01:00:00.000Z`, updatedAt: `${issuedOn}T01:00:00.000Z`, lastEditorId: null,
  });
}

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    disclosures: [],
    categories: [{ slug: 'thong-tin-khac', label: 'Thông tin khác' }],
    channels: { portal: 'Đăng trên cổng thông tin điện tử' },
    procedure: { id: 1, period: { kind: 'half', year: 2024, number: 1 }, rows: ROWS_78, updatedAt: '' } as ReportInputs['procedure'],
    petitions: { ...PetitionStatsSchema.parse({ period: { kind: 'half', year: 2024, number: 1 }, received: 11, resolved: 9, mediated: 9, forwarded: 2 }), id: 1, updatedAt: '', version: 1, changeReason: null, history: [] },
    ruleDescriptions: [],
    decisions: [],
    consultations: [],
    activities: [],
    agency: { agencyDone: null, agencyTotal: null },
    ...overrides,
  };
}

const value = (list: { key: string; value: number | null }[], key: string) => list.find((f) => f.key === key)?.value;

describe('the figures of the report for the first half of 2024, from 78/BC-UBND data', () => {
  it('states the procedure totals (966 received and resolved, 964 early, 0 on time, 2 late) and 99,79%', () => {
    const f = reportFigures(H1_2024, inputs());
    expect(f.procedures.figures.map((x) => [x.key, x.value])).toEqual([
      ['procedures.receivedTotal', 966],
      ['procedures.resolvedTotal', 966],
      ['procedures.resolvedEarly', 964],
      ['procedures.resolvedOnTime', 0],
      ['procedures.resolvedLate', 2],
    ]);
    expect(formatRate(f.procedures.onTimeRate)).toBe('99,79%');
    expect(f.procedures.rows!.map((r) => r.receivedTotal)).toEqual([72, 2, 602, 288, 2]);
    expect(f.procedures.source.path).toBe('/thong-ke/thu-tuc-hanh-chinh/2024-h1/');
  });

  it('counts the on-time rate over the files resolved, not those received, when some are still pending', () => {
    // 120 received: 100 resolved (90 early, 5 on time, 5 late) and 20 still pending → 95/100.
    const rows = [ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 120, receivedDirect: 120, resolvedTotal: 100, resolvedEarly: 90, resolvedOnTime: 5, resolvedLate: 5, pendingTotal: 20, pendingWithin: 20 })];
    const f = reportFigures(H1_2024, inputs({ procedure: { ...inputs().procedure!, rows } }));
    expect(value(f.procedures.figures, 'procedures.receivedTotal')).toBe(120);
    expect(f.procedures.onTimeRate).toBe(0.95);
    expect(formatRate(f.procedures.onTimeRate)).toBe('95,00%');
  });

  it('states the petitions: 11 received, 9 resolved and mediated, 2 forwarded, each with its source', () => {
    const f = reportFigures(H1_2024, inputs());
    expect(value(f.petitions.figures, 'petitions.received')).toBe(11);
    expect(value(f.petitions.figures, 'petitions.mediated')).toBe(9);
    expect(value(f.petitions.figures, 'petitions.forwarded')).toBe(2);
    expect(f.petitions.figures.every((x) => x.source.path === '/thong-ke/don-thu/')).toBe(true);
  });

  it('lists the plans in force in the period, those issued before it included, and not drafts or plans of other periods', () => {
    const disclosures = [
      plan('28/KH-UBND', '2024-03-13', 'Xây dựng và thực hiện Quy chế dân chủ năm 2024'),
      plan('04/KH-UBND', '2024-01-08', 'Cải cách hành chính năm 2024'),
      // Issued in 2023, naming no period: in force in 2024 because the half-year's report 78/BC-UBND cites it (OCR line 285).
      plan('17/KH-UBND', '2023-02-15', 'Quy chế dân chủ trong cơ quan'),
      { ...plan('78/BC-UBND', '2024-06-24', 'Báo cáo 6 tháng đầu năm 2024'), documentType: 'BC', cites: ['17/KH-UBND'] },
      // Naming no period and cited by nothing in 2024: the portal does not guess it still runs.
      plan('11/KH-UBND', '2023-01-10', 'Kế hoạch không ghi thời kỳ'),
      { ...plan('12/KH-UBND', '2023-03-01', 'Kế hoạch năm 2023'), periodLabel: 'Năm 2023' },
      { ...plan('13/KH-UBND', '2023-01-05', 'Kế hoạch đã xong'), planStatus: 'completed' as const, planStatusOn: '2023-10-01' },
      plan('99/KH-UBND', '2024-05-01', 'Bản nháp', 'draft'),
    ];
    const f = reportFigures(H1_2024, inputs({ disclosures }));
    expect(f.plans.map((p) => [p.documentNumber, p.issuedOn])).toEqual([
      ['17/KH-UBND', '2023-02-15'],
      ['04/KH-UBND', '2024-01-08'],
      ['28/KH-UBND', '2024-03-13'],
    ]);
  });

  it('counts a disclosure by the days its channels were used, not by the day it went on the portal when it was entered afterwards', () => {
    const posted = { ...plan('28/KH-UBND', '2024-03-13', 'Kế hoạch đăng trên cổng'), postingStart: '2024-03-14' };
    const boards = {
      ...plan('30/KH-UBND', '2024-03-20', 'Kế hoạch niêm yết'),
      channels: ['office_board', 'loudspeaker', 'portal'] as const,
      channelDetails: { office_board: { start: '2024-03-21', end: '2024-04-20', places: 'Trụ sở' }, loudspeaker: { start: '2024-07-02', end: '2024-07-04', places: '' } },
      // Entered on the portal in 2026 to record what was done in 2024.
      postingStart: '2026-11-01',
      recordedAfter: true,
    };
    const byPeriod = { ...plan('31/KH-UBND', '2024-02-01', 'Công khai theo kỳ'), channels: ['community_house', 'portal'] as const, postingStart: '2026-11-01', recordedAfter: true, postedPeriod: '6 tháng đầu năm 2024' };
    const unknown = { ...plan('32/KH-UBND', '2024-04-01', 'Chưa rõ ngày công khai'), postingStart: '2026-11-01', recordedAfter: true };
    const channels = { office_board: 'Niêm yết tại trụ sở', community_house: 'Nhà văn hóa', loudspeaker: 'Loa', portal: 'Cổng' };
    const f = reportFigures(H1_2024, inputs({ disclosures: [posted, boards, byPeriod, unknown].map((d) => DisclosureSchema.parse(d)), channels }));
    expect(f.disclosures.items.map((d) => [d.documentNumber, d.when, d.channels])).toEqual([
      ['31/KH-UBND', '6 tháng đầu năm 2024', ['community_house']],
      ['28/KH-UBND', 'ngày 14/03/2024', ['portal']],
      ['30/KH-UBND', 'ngày 21/03/2024', ['office_board']],
    ]);
    // The loudspeaker days were in July: not a channel of the first half. One item is known only by
    // its period (a summary) and one only by its issue: each channel's count is unknown, not 1.
    expect(f.disclosures.byChannel.map((c) => [c.code, c.count])).toEqual([['office_board', null], ['community_house', null], ['portal', null]]);
    const dated = reportFigures(H1_2024, inputs({ disclosures: [posted, boards].map((d) => DisclosureSchema.parse(d)), channels }));
    expect(dated.disclosures.byChannel.map((c) => [c.code, c.count])).toEqual([['office_board', 1], ['portal', 1]]);
    expect(dated.disclosures.total.value).toBe(2);
    // Issued in the period, posted nobody knows when: listed, and the count is unknown, not 3.
    expect(f.disclosures.undated.map((d) => [d.documentNumber, d.when])).toEqual([['32/KH-UBND', 'chưa xác định thời gian']]);
    expect(f.disclosures.total.value).toBeNull();
    const h2 = reportFigures(ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 2 }), inputs({ disclosures: [boards].map((d) => DisclosureSchema.parse(d)), channels }));
    expect(h2.disclosures.items).toEqual([]);
    const h2_2026 = reportFigures(ReportPeriodSchema.parse({ kind: 'half', year: 2026, number: 2 }), inputs({ disclosures: [boards, byPeriod, unknown].map((d) => DisclosureSchema.parse(d)), channels }));
    expect(h2_2026.disclosures.items).toEqual([]);
    expect(h2_2026.disclosures.total.value).toBe(0);
  });

  it('marks figures the portal does not hold as unknown (null), never 0', () => {
    const f = reportFigures(H1_2024, inputs({ procedure: null, petitions: null }));
    expect(f.procedures.figures.every((x) => x.value === null)).toBe(true);
    expect(f.procedures.onTimeRate).toBeNull();
    expect(f.petitions.figures.every((x) => x.value === null)).toBe(true);
    expect(formatCount(null)).toBe('chưa có số liệu');
    expect(formatRate(null)).toBe('chưa có số liệu');
  });

  it('states reception sessions only from what was recorded: a plan is not a session held, unknown is not 0', () => {
    const f = reportFigures(H1_2024, inputs({ ruleDescriptions: ['Chủ tịch: thứ Năm hằng tuần, 07:30–11:00'] }));
    expect(f.reception.figures.map((x) => [x.key, x.value])).toEqual([
      ['reception.regularScheduled', null],
      ['reception.regularCancelled', null],
      ['reception.extra', null],
      ['reception.citizensReceived', null],
    ]);
  });
});

const entered = '2026-11-20';

describe('the other three pillars in the report', () => {
  it('counts decisions, consultations and supervision in the period they happened in, by their own day or the period their source names', () => {
    const f = reportFigures(H1_2024, inputs({
      decisions: [
        { title: 'Họp dân bàn mức đóng góp', from: null, periodLabel: '6 tháng đầu năm 2024', enteredOn: entered, path: '/nhan-dan-quyet-dinh/hop-dan/' },
        { title: 'Hương ước năm 2023', from: '2023-11-02', periodLabel: '', enteredOn: '2024-06-24', path: '/nhan-dan-quyet-dinh/huong-uoc/' },
      ],
      consultations: [
        { title: 'Dự thảo kế hoạch', from: '2024-03-01', periodLabel: '', enteredOn: '2024-03-01', path: '/lay-y-kien/ke-hoach/', received: 14, published: 2, takenUp: 9 },
        { title: 'Tiếp xúc cử tri', from: null, periodLabel: '6 tháng đầu năm 2024', enteredOn: entered, path: '/lay-y-kien/cu-tri/', received: null, published: 0, takenUp: null },
        { title: 'Ví dụ minh họa', from: '2024-03-02', periodLabel: '', enteredOn: '2024-03-01', illustration: true, path: '/lay-y-kien/vi-du/', received: 3, published: 3, takenUp: null },
      ],
      activities: [
        { title: 'Kế hoạch giám sát', from: '2024-01-15', periodLabel: '', enteredOn: entered, path: '/giam-sat/hoat-dong/ke-hoach/', finding: false, recommended: false, answered: false },
        { title: 'Giám sát thi công đường', from: '2024-05-10', periodLabel: '', enteredOn: entered, path: '/giam-sat/hoat-dong/duong/', finding: true, recommended: true, answered: false },
      ],
    }));
    expect(f.decisions.items).toEqual([{ title: 'Họp dân bàn mức đóng góp', date: null, when: '6 tháng đầu năm 2024', path: '/nhan-dan-quyet-dinh/hop-dan/' }]);
    // One consultation is known only by the period a report names (entered afterwards from its
    // summary): how many consultations and opinions there were is unknown, never 2 or the other's 14.
    expect(f.consultations.figures.map((x) => [x.key, x.value])).toEqual([
      ['consultations.total', null],
      ['consultations.received', null],
      ['consultations.published', null],
      ['consultations.takenUp', null],
    ]);
    expect(f.consultations.items.map((x) => x.title)).toEqual(['Tiếp xúc cử tri', 'Dự thảo kế hoạch']);
    expect(value(f.decisions.figures, 'decisions.total')).toBeNull();
    const datedOnly = reportFigures(H1_2024, inputs({ consultations: [{ title: 'Dự thảo kế hoạch', from: '2024-03-01', periodLabel: '', enteredOn: '2024-03-01', path: '/lay-y-kien/ke-hoach/', received: 14, published: 2, takenUp: 9 }] }));
    expect(datedOnly.consultations.figures.map((x) => x.value)).toEqual([1, 14, 2, 9]);
    expect(f.supervision.figures.map((x) => x.value)).toEqual([2, 1, 0]);
  });

  it('does not count "Kiến nghị sau giám sát" as 0 when a finding has no recommendation recorded', () => {
    const finding = { title: 'Kết quả giám sát', from: '2024-05-10', periodLabel: '', enteredOn: entered, path: '/giam-sat/hoat-dong/kq/', finding: true, recommended: false, answered: false };
    const f = reportFigures(H1_2024, inputs({ activities: [finding] }));
    expect(f.supervision.figures.map((x) => [x.key, x.value])).toEqual([['supervision.activities', 1], ['supervision.recommendations', null], ['supervision.answered', null]]);
  });
});

describe('a record whose time is unknown', () => {
  const undated = { title: 'Họp dân, không rõ ngày', from: null, periodLabel: '', enteredOn: '2024-07-01', path: '/nhan-dan-quyet-dinh/hop-dan-thang-7/' };

  it('is never counted in the period it was entered in: it is listed there as "chưa xác định thời gian"', () => {
    const h2 = reportFigures(ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 2 }), inputs({ decisions: [undated] }));
    expect(h2.decisions.items).toEqual([]);
    expect(value(h2.decisions.figures, 'decisions.total')).toBe(0);
    expect(h2.decisions.undated).toEqual([{ title: 'Họp dân, không rõ ngày', date: null, when: 'chưa xác định thời gian', path: '/nhan-dan-quyet-dinh/hop-dan-thang-7/' }]);
    expect(reportFigures(H1_2024, inputs({ decisions: [undated] })).decisions.undated).toEqual([]);
  });

  it.each([
    // A half-year label falls in that half-year and in its year, not in the other half.
    ['6 tháng đầu năm 2024', { kind: 'half', year: 2024, number: 1 }, 'in'],
    ['6 tháng đầu năm 2024', { kind: 'year', year: 2024 }, 'in'],
    ['6 tháng đầu năm 2024', { kind: 'half', year: 2024, number: 2 }, 'out'],
    // A year label overlaps each half without lying inside it: listed, not counted (a period is not a day).
    ['Năm 2024', { kind: 'half', year: 2024, number: 1 }, 'listed'],
    ['Năm 2024', { kind: 'year', year: 2024 }, 'in'],
    ['Quý II/2024', { kind: 'half', year: 2024, number: 1 }, 'in'],
  ] as const)('with only the label "%s" falls %j → %s', (label, raw, expected) => {
    const period = ReportPeriodSchema.parse(raw);
    expect(placeOccurrence({ from: null, periodLabel: label, enteredOn: '2026-11-20' }, period)).toBe(expected);
  });
});

describe('the period of a report', () => {
  it('covers the whole period when no dates are given', () => {
    expect(ReportPeriodSchema.parse({ kind: 'year', year: '2024' })).toEqual({ kind: 'year', year: 2024, number: 1, from: '2024-01-01', to: '2024-12-31' });
    expect(ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 2 })).toMatchObject({ from: '2024-07-01', to: '2024-12-31' });
  });

  it.each([
    ['a third half-year', { kind: 'half', year: 2024, number: 3 }, 'number'],
    ['data ending before they start', { kind: 'half', year: 2024, number: 1, from: '2024-05-01', to: '2024-04-01' }, 'to'],
    ['data ending after the period', { kind: 'half', year: 2024, number: 1, from: '2024-01-01', to: '2024-07-15' }, 'to'],
    ['data starting before the period', { kind: 'half', year: 2024, number: 2, from: '2024-06-01' }, 'from'],
    ['a quarter (not a reporting period here)', { kind: 'quarter', year: 2024, number: 1 }, 'kind'],
    ['a date that does not exist', { kind: 'half', year: 2024, number: 1, to: '31/06/2024' }, 'to'],
  ])('refuses %s, naming the field', (_what, raw, field) => {
    const parsed = ReportPeriodSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => String(i.path[0]))).toContain(field);
  });
});
