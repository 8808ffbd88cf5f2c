import { describe, expect, it } from 'vitest';
import { ReportPeriodSchema, reportFigures, formatRate, formatCount, type ReportInputs } from '../../schema/democracy-report.ts';
import { DisclosureSchema } from '../../schema/disclosure.ts';
import { ProcedureRowSchema } from '../../schema/procedure-stats.ts';
import { PetitionStatsSchema } from '../../schema/petition-stats.ts';
import type { Session } from '../../schema/reception.ts';

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
    sessions: [],
    ruleDescriptions: [],
    decisions: [],
    consultations: [],
    activities: [],
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

  it('states the petitions: 11 received, 9 resolved and mediated, 2 forwarded, each with its source', () => {
    const f = reportFigures(H1_2024, inputs());
    expect(value(f.petitions.figures, 'petitions.received')).toBe(11);
    expect(value(f.petitions.figures, 'petitions.mediated')).toBe(9);
    expect(value(f.petitions.figures, 'petitions.forwarded')).toBe(2);
    expect(f.petitions.figures.every((x) => x.source.path === '/thong-ke/don-thu/')).toBe(true);
  });

  it('cites the plans issued in the period with their dates, and not drafts or plans of other periods', () => {
    const disclosures = [
      plan('28/KH-UBND', '2024-03-13', 'Xây dựng và thực hiện Quy chế dân chủ năm 2024'),
      plan('04/KH-UBND', '2024-01-08', 'Cải cách hành chính năm 2024'),
      plan('17/KH-UBND', '2023-02-15', 'Quy chế dân chủ trong cơ quan'),
      plan('99/KH-UBND', '2024-05-01', 'Bản nháp', 'draft'),
    ];
    const f = reportFigures(H1_2024, inputs({ disclosures }));
    expect(f.plans.map((p) => [p.documentNumber, p.issuedOn])).toEqual([
      ['04/KH-UBND', '2024-01-08'],
      ['28/KH-UBND', '2024-03-13'],
    ]);
    expect(f.disclosures.total.value).toBe(2);
  });

  it('marks figures the portal does not hold as unknown (null), never 0', () => {
    const f = reportFigures(H1_2024, inputs({ procedure: null, petitions: null }));
    expect(f.procedures.figures.every((x) => x.value === null)).toBe(true);
    expect(f.procedures.onTimeRate).toBeNull();
    expect(f.petitions.figures.every((x) => x.value === null)).toBe(true);
    expect(formatCount(null)).toBe('chưa có số liệu');
    expect(formatRate(null)).toBe('chưa có số liệu');
  });

  it('counts regular sessions by status inside the cut-off dates only', () => {
    const session = (date: string, status: Session['status'], kind: Session['kind'] = 'regular'): Session => ({
      key: `k-${date}`, kind, date, startTime: '07:30', endTime: '11:00', place: 'Trụ sở', hostTitle: 'Chủ tịch', hostName: '', topics: '', withBodies: '',
      status, hostChanged: false, lateChange: false, sequence: 0, hostNotChairman: false, provisional: false, record: null, corrections: [],
    });
    const cutOff = ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 1, to: '2024-06-15' });
    const sessions = [session('2024-06-06', 'scheduled'), session('2024-06-13', 'cancelled'), session('2024-06-14', 'scheduled', 'unscheduled'), session('2024-06-20', 'scheduled')];
    const f = reportFigures(cutOff, inputs({ sessions }));
    expect(f.reception.figures.map((x) => [x.key, x.value])).toEqual([
      ['reception.regularScheduled', 1],
      ['reception.regularMoved', 0],
      ['reception.regularCancelled', 1],
      ['reception.extra', 1],
    ]);
  });
});

describe('the other three pillars in the report', () => {
  it('counts decisions, consultations and supervision of the period; a record without its own date counts by its publication day', () => {
    const f = reportFigures(H1_2024, inputs({
      decisions: [
        { title: 'Họp dân bàn mức đóng góp', date: null, publishedAt: '2024-06-24T01:00:00.000Z', path: '/nhan-dan-quyet-dinh/hop-dan/' },
        { title: 'Hương ước năm 2023', date: '2023-11-02', publishedAt: '2024-06-24T01:00:00.000Z', path: '/nhan-dan-quyet-dinh/huong-uoc/' },
      ],
      consultations: [
        { title: 'Dự thảo kế hoạch', date: '2024-03-01', publishedAt: '2024-03-01T01:00:00.000Z', path: '/lay-y-kien/ke-hoach/', received: 14, published: 2, takenUp: 9 },
        { title: 'Tiếp xúc cử tri', date: null, publishedAt: '2024-06-24T01:00:00.000Z', path: '/lay-y-kien/cu-tri/', received: null, published: 0, takenUp: null },
      ],
      activities: [
        { title: 'Kế hoạch giám sát', date: '2024-01-15', publishedAt: null, path: '/giam-sat/hoat-dong/ke-hoach/', finding: false, recommended: false, answered: false },
        { title: 'Giám sát thi công đường', date: '2024-05-10', publishedAt: null, path: '/giam-sat/hoat-dong/duong/', finding: true, recommended: true, answered: false },
      ],
    }));
    expect(f.decisions.items).toEqual([{ title: 'Họp dân bàn mức đóng góp', date: '2024-06-24', dateKnown: false, path: '/nhan-dan-quyet-dinh/hop-dan/' }]);
    expect(f.consultations.figures.map((x) => [x.key, x.value])).toEqual([
      ['consultations.total', 2],
      // One consultation's counts are unknown: the sum is unknown too, never the other's 14.
      ['consultations.received', null],
      ['consultations.published', 2],
      ['consultations.takenUp', null],
    ]);
    expect(f.supervision.figures.map((x) => x.value)).toEqual([2, 1, 0]);
  });
});

describe('a record without its own date in the report', () => {
  it('counts by its publication day in Vietnam, not in UTC', () => {
    // 2024-06-30T18:30:00Z is 01:30 on 01/07/2024 in Vietnam (UTC+7): the second half, not the first.
    const late = { title: 'Họp dân ngày 01/07', date: null, publishedAt: '2024-06-30T18:30:00.000Z', path: '/nhan-dan-quyet-dinh/hop-dan-thang-7/' };
    expect(reportFigures(H1_2024, inputs({ decisions: [late] })).decisions.items).toEqual([]);
    const h2 = ReportPeriodSchema.parse({ kind: 'half', year: 2024, number: 2 });
    expect(reportFigures(h2, inputs({ decisions: [late] })).decisions.items).toEqual([{ title: 'Họp dân ngày 01/07', date: '2024-07-01', dateKnown: false, path: '/nhan-dan-quyet-dinh/hop-dan-thang-7/' }]);
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
