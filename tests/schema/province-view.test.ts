import { describe, expect, it } from 'vitest';
import { CommuneSchema } from '../../schema/province/communes.ts';
import { PROCEDURE_COLUMN_KEYS, ProcedureRowSchema, type ProcedureRow } from '../../schema/statistics/procedure-stats.ts';
import {
  boardYears,
  communeName,
  DUTIES,
  dutyBoard,
  hostOrigin,
  procedureDataCsv,
  provincePath,
  dutyStatus,
  nextReceptions,
  procedureDataRows,
  procedureSums,
  upcomingSessions,
  type CommuneData,
  type CommuneDisclosure,
  type CommuneSnapshot,
  type Duty,
} from '../../schema/province/province-view.ts';
import { ReceptionRuleSchema, type CalendarInput } from '../../schema/reception/reception.ts';
import type { Period } from '../../schema/statistics/period.ts';

const EMPTY_CALENDAR: CalendarInput = { rules: [], changes: [], extras: [], holidays: [] };
const commune = (slug: string, extra: Record<string, unknown> = {}) =>
  CommuneSchema.parse({ slug, code: null, name: `Xã ${slug}`, kind: 'xa', binding: `DB_${slug.toUpperCase().replace(/-/g, '_')}`, hosts: [`${slug}.localhost`], ...extra });
const data = (over: Partial<CommuneData> = {}): CommuneData => ({ unit: null, earlierNames: [], demoData: false, procedureReports: [], receptions: upcomingSessions(EMPTY_CALENDAR, '2026-01-01'), disclosures: [], categories: [], democracyReports: [], ...over });
/** A public disclosure with the dates the duty board does not read. */
const item = (d: Pick<CommuneDisclosure, 'id' | 'slug' | 'title' | 'category' | 'periodLabel' | 'status'> & Partial<CommuneDisclosure>): CommuneDisclosure => ({
  documentNumber: '',
  issuedOn: null,
  postingStart: null,
  postingEnd: null,
  permanent: true,
  publishedAt: null,
  withdrawnAt: null,
  ...d,
});
const snap = (slug: string, over: Partial<CommuneData> | null = {}): CommuneSnapshot => ({ commune: commune(slug), origin: `http://${slug}.localhost`, data: over === null ? null : data(over) });
const rows = (...r: Record<string, unknown>[]): ProcedureRow[] => r.map((x) => ProcedureRowSchema.parse(x));

const TODAY = '2026-12-07';
const H1_2024: Period = { kind: 'half', year: 2024, number: 1 };
const Q1_2025: Period = { kind: 'quarter', year: 2025, number: 1 };

// The first-half-2024 table of report 78/BC-UBND: in-person split unreadable, so receivedOnline/Direct are null.
const REPORT_78 = rows(
  { field: 'Chứng thực', receivedTotal: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 },
  { field: 'Hộ tịch', receivedTotal: 288, resolvedTotal: 288, resolvedEarly: 288 },
);
// Two invented communes with every cell known.
const A = rows({ field: 'Hộ tịch', receivedTotal: 10, receivedOnline: 4, receivedDirect: 6, resolvedTotal: 9, resolvedOnTime: 9, pendingTotal: 1, pendingWithin: 1 });
const B = rows(
  { field: 'Hộ tịch', receivedTotal: 5, receivedOnline: 5, receivedDirect: 0, resolvedTotal: 5, resolvedEarly: 5 },
  { field: 'Đất đai', receivedTotal: 3, receivedOnline: 1, receivedDirect: 2, resolvedTotal: 3, resolvedLate: 3 },
);

describe('procedureSums', () => {
  it('the province figure of each column equals the sum of the communes’ total rows when all reported and all cells are known', () => {
    const communes = [snap('a', { procedureReports: [{ period: Q1_2025, rows: A }] }), snap('b', { procedureReports: [{ period: Q1_2025, rows: B }] })];
    const [sum] = procedureSums(communes, TODAY);
    expect(sum!.unreported).toBe(0);
    for (const column of PROCEDURE_COLUMN_KEYS) {
      const each = sum!.communes.map((c) => c.total![column]!);
      expect(sum!.sum[column], column).toBe(each.reduce((x, y) => x + y, 0));
      expect(sum!.complete[column], column).toBe(true);
    }
    expect(sum!.sum).toMatchObject({ receivedTotal: 18, receivedOnline: 10, resolvedLate: 3 });
  });

  it('a commune without the period stays unknown: counted in "chưa báo cáo" (or as not read, when its data could not be read), its row null, never a 0, and every column is a lower bound', () => {
    const communes = [snap('a', { procedureReports: [{ period: Q1_2025, rows: A }] }), snap('b'), snap('c', null)];
    const [sum] = procedureSums(communes, TODAY);
    expect(sum!.unreported).toBe(1);
    expect(sum!.unread).toBe(1);
    expect(sum!.communes.map((c) => c.unread)).toEqual([false, false, true]);
    expect(sum!.communes.map((c) => c.total)).toEqual([expect.objectContaining({ receivedTotal: 10 }), null, null]);
    expect(sum!.sum.receivedTotal).toBe(10);
    expect(Object.values(sum!.complete).every((v) => v === false)).toBe(true);
  });

  it('a figure unknown in one commune leaves it out of its column and marks that column only as a lower bound', () => {
    const communes = [snap('a', { procedureReports: [{ period: H1_2024, rows: A }] }), snap('bd', { procedureReports: [{ period: H1_2024, rows: REPORT_78 }] })];
    const [sum] = procedureSums(communes, TODAY);
    expect(sum!.sum.receivedOnline).toBe(4);
    expect(sum!.complete.receivedOnline).toBe(false);
    expect(sum!.complete.receivedDirect).toBe(false);
    expect(sum!.sum.receivedTotal).toBe(10 + 890);
    expect(sum!.complete.receivedTotal).toBe(true);
    // The commune's own total keeps its unknown cell unknown.
    expect(sum!.communes[1]!.total!.receivedOnline).toBeNull();
  });

  it('a column no commune knows is null, not 0', () => {
    const [sum] = procedureSums([snap('bd', { procedureReports: [{ period: H1_2024, rows: REPORT_78 }] })], TODAY);
    expect(sum!.sum.receivedOnline).toBeNull();
  });

  it('lists every period any commune reported, newest first', () => {
    const communes = [snap('a', { procedureReports: [{ period: H1_2024, rows: A }] }), snap('b', { procedureReports: [{ period: Q1_2025, rows: B }] })];
    expect(procedureSums(communes, TODAY).map((s) => s.period)).toEqual([Q1_2025, H1_2024]);
  });

  it('the open data has one row per commune and period, with null for every figure of a commune that has not reported', () => {
    const out = procedureDataRows(procedureSums([snap('a', { procedureReports: [{ period: Q1_2025, rows: A }] }), snap('b')], TODAY));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ period: '2025-q1', commune: 'a', reported: true, receivedTotal: 10 });
    expect(out[1]).toMatchObject({ period: '2025-q1', commune: 'b', reported: false });
    for (const column of PROCEDURE_COLUMN_KEYS) expect(out[1]![column], column).toBeNull();
  });

  it('the CSV leaves every figure of an unreported commune and every unknown cell empty, never 0', () => {
    const csv = procedureDataCsv(procedureSums([snap('bd', { procedureReports: [{ period: H1_2024, rows: REPORT_78 }], demoData: true }), snap('b')], TODAY));
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    // Bình Dương: online and in-person unknown (empty), the rest known, marked as illustration data.
    expect(lines[1]).toBe('2024-h1,6 tháng đầu năm 2024,bd,,Xã bd,,Có,Có,890,,,0,890,888,0,2,0,0,0');
    expect(lines[2]).toBe('2024-h1,6 tháng đầu năm 2024,b,,Xã b,,,Chưa,,,,,,,,,,,');
  });
});

describe('continuity through the 2025 merger (issue 24, item 6)', () => {
  // A commune renamed on 1/7/2025 (thị trấn → xã), formed that day from two units.
  const renamed: CommuneSnapshot = {
    commune: commune('xa-moi', { formedFrom: [{ code: null, name: 'Thị trấn Cũ', on: '2025-07-01' }, { code: null, name: 'Xã Bên', on: '2025-07-01' }] }),
    origin: 'http://xa-moi.localhost',
    data: data({
      unit: { kind: 'xa', name: 'Mới' },
      earlierNames: [{ kind: 'thi_tran', name: 'Cũ', validUntil: '2025-07-01' }],
      procedureReports: [{ period: H1_2024, rows: A }],
    }),
  };

  it('a period’s row carries the name in force on its last day', () => {
    const [sum] = procedureSums([renamed], TODAY);
    expect(sum!.communes[0]!.name).toBe('Thị trấn Cũ');
    expect(communeName(renamed, TODAY)).toBe('Xã Mới');
    expect(communeName(renamed, '2025-06-30')).toBe('Thị trấn Cũ');
  });

  it('a period that ended before the commune was formed is "not formed", not overdue, unless its records are there', () => {
    const quarterly = DUTIES.find((d) => d.key === 'thuc-hien-ngan-sach-quy')!;
    const procedure = DUTIES.find((d) => d.key === 'ket-qua-thu-tuc-hanh-chinh')!;
    expect(dutyStatus(quarterly, renamed, Q1_2025, TODAY)).toEqual({ state: 'not-formed', formedOn: '2025-07-01' });
    expect(dutyStatus(quarterly, renamed, { kind: 'quarter', year: 2025, number: 3 }, TODAY)).toEqual({ state: 'overdue', due: '2025-10-15' });
    // The table its units reported in 2024 is kept under the successor: it counts.
    expect(dutyStatus(procedure, renamed, H1_2024, TODAY).state).toBe('published');
  });

  it('the sums say when a commune without a table had not yet been formed, and still count it as not reported', () => {
    const sums = procedureSums([renamed, snap('a', { procedureReports: [{ period: Q1_2025, rows: A }] })], TODAY);
    const q1 = sums.find((s) => s.period.kind === 'quarter')!;
    expect(q1.communes[0]).toMatchObject({ total: null, formedOn: '2025-07-01' });
    expect(q1.unreported).toBe(1);
  });

  it('a unit that ceased (every thị trấn on 1/7/2025) has no duty and nothing to report for periods from then on; before, it does', () => {
    const quarterly = DUTIES.find((d) => d.key === 'thuc-hien-ngan-sach-quy')!;
    const town: CommuneSnapshot = { ...snap('thi-tran'), commune: commune('thi-tran', { kind: 'thi-tran', endedOn: '2025-07-01' }) };
    const q3: Period = { kind: 'quarter', year: 2025, number: 3 };
    expect(dutyStatus(quarterly, town, q3, TODAY)).toEqual({ state: 'ended', endedOn: '2025-07-01' });
    expect(dutyStatus(quarterly, town, Q1_2025, TODAY).state).toBe('overdue');
    const sums = procedureSums([town, snap('a', { procedureReports: [{ period: q3, rows: A }, { period: Q1_2025, rows: A }] })], TODAY);
    const later = sums.find((s) => s.period.kind === 'quarter' && s.period.number === 3)!;
    expect(later.communes[0]).toMatchObject({ total: null, endedOn: '2025-07-01' });
    expect(later.unreported).toBe(0);
    expect(Object.values(later.complete).every(Boolean)).toBe(true);
    const earlier = sums.find((s) => s.period.kind === 'quarter' && s.period.number === 1)!;
    expect(earlier.communes[0]).toMatchObject({ total: null, endedOn: null });
    expect(earlier.unreported).toBe(1);
  });
});

describe('nextReceptions', () => {
  const thursdays = ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], hostTitle: 'Chủ tịch Ủy ban nhân dân xã', validFrom: '2026-01-01' });
  const calendar: CalendarInput = { ...EMPTY_CALENDAR, rules: [{ ...thursdays, id: 1, version: 1, updatedAt: '2026-01-01T00:00:00Z' }] };

  it('gives each commune its own next session, none for a commune without a rule, and unknown for one that could not be read', () => {
    // 2026-12-07 is a Monday: the next Thursday is 10 December.
    // Rolled up on 1 December: its sessions from then on.
    const out = nextReceptions([snap('a', { receptions: upcomingSessions(calendar, '2026-12-01') }), snap('b'), snap('c', null)], '2026-12-07');
    expect(out.map((r) => [r.commune.slug, r.readable, r.next?.date])).toEqual([
      ['a', true, '2026-12-10'],
      ['b', true, undefined],
      ['c', false, undefined],
    ]);
  });

  it('keeps five held sessions: a rollup older than they reach says unknown, never "no session"', () => {
    const kept = upcomingSessions(calendar, '2026-12-01');
    expect(kept.sessions.map((s) => s.date)).toEqual(['2026-12-03', '2026-12-10', '2026-12-17', '2026-12-24', '2026-12-31']);
    expect(kept.until).toBe('2026-12-31');
    const [late] = nextReceptions([snap('a', { receptions: kept })], '2027-01-05');
    expect(late).toMatchObject({ readable: false, next: undefined });
    // A commune with no rule: known to have none for a year from its rollup.
    expect(upcomingSessions(EMPTY_CALENDAR, '2026-12-01')).toEqual({ sessions: [], until: '2027-12-02' });
  });
});

describe('disclosure-duty board', () => {
  const quarterly = DUTIES.find((d) => d.key === 'thuc-hien-ngan-sach-quy')!;
  const yearly = DUTIES.find((d) => d.key === 'ke-hoach-kinh-te-xa-hoi')!;
  const estimate = DUTIES.find((d) => d.key === 'du-toan-ngan-sach')!;
  const disclosure = (title: string, category: string, periodLabel: string, status = 'published') => item({ id: 1, slug: 'x', title, category, periodLabel, status });

  it.each([
    // Q1/2025 ends 31/3; + 15 days (Decree 163/2016 Điều 49) = 15/4/2025.
    ['on the last day it is due', '2025-04-15', { state: 'due', due: '2025-04-15' }],
    ['the day after it is overdue', '2025-04-16', { state: 'overdue', due: '2025-04-15' }],
    ['during the quarter it is due', '2025-02-01', { state: 'due', due: '2025-04-15' }],
  ])('a quarterly budget execution report not published: %s', (_what, today, expected) => {
    expect(dutyStatus(quarterly, snap('a'), Q1_2025, today)).toEqual(expected);
  });

  it('a published execution report of the quarter links to its page on the commune’s host', () => {
    const s = snap('a', { disclosures: [disclosure('Tình hình thực hiện dự toán ngân sách Quý I/2025', 'ngan-sach', 'Quý I/2025')] });
    expect(dutyStatus(quarterly, s, Q1_2025, '2025-06-01')).toEqual({ state: 'published', href: 'http://a.localhost/cong-khai/x/', title: 'Tình hình thực hiện dự toán ngân sách Quý I/2025' });
  });

  it('a withdrawn item, another period or another category is not evidence', () => {
    for (const d of [
      disclosure('Tình hình thực hiện ngân sách Quý I/2025', 'ngan-sach', 'Quý I/2025', 'withdrawn'),
      disclosure('Tình hình thực hiện ngân sách Quý II/2025', 'ngan-sach', 'Quý II/2025'),
      disclosure('Tình hình thực hiện ngân sách Quý I/2025', 'thong-tin-khac', 'Quý I/2025'),
    ]) {
      expect(dutyStatus(quarterly, snap('a', { disclosures: [d] }), Q1_2025, '2025-06-01').state).toBe('overdue');
    }
  });

  it('the year’s execution report (“thực hiện dự toán”) is not taken for the estimate', () => {
    const s = snap('a', { disclosures: [disclosure('Tình hình thực hiện dự toán ngân sách năm 2025', 'ngan-sach', 'Năm 2025')] });
    expect(dutyStatus(estimate, s, { kind: 'year', year: 2025, number: 1 }, '2026-03-01')).toEqual({ state: 'missing' });
  });

  it('with no deadline in the sources, an ended period with nothing published is "missing", never "overdue"', () => {
    expect(dutyStatus(yearly, snap('a'), { kind: 'year', year: 2025, number: 1 }, '2026-03-01')).toEqual({ state: 'missing' });
    expect(dutyStatus(yearly, snap('a'), { kind: 'year', year: 2026, number: 1 }, '2026-03-01')).toEqual({ state: 'due', due: null });
  });

  it('an unreadable commune is unknown in every cell', () => {
    for (const duty of DUTIES) expect(dutyStatus(duty, snap('c', null), Q1_2025, '2026-01-01')).toEqual({ state: 'unknown' });
  });

  it('the procedure duty is met by the Biểu 06 table of exactly that period; the democracy report by its published disclosure', () => {
    const procedure = DUTIES.find((d) => d.key === 'ket-qua-thu-tuc-hanh-chinh')!;
    const report = DUTIES.find((d) => d.key === 'bao-cao-dan-chu-co-so')!;
    const s = snap('bd', {
      procedureReports: [{ period: H1_2024, rows: REPORT_78 }],
      disclosures: [item({ id: 7, slug: 'bao-cao-78', title: 'Báo cáo 78/BC-UBND', category: 'thong-tin-khac', periodLabel: '', status: 'published' })],
      democracyReports: [{ period: H1_2024, status: 'published', disclosureId: 7 }],
    });
    expect(dutyStatus(procedure, s, H1_2024, '2024-12-01')).toMatchObject({ state: 'published', href: 'http://bd.localhost/thong-ke/thu-tuc-hanh-chinh/2024-h1/' });
    expect(dutyStatus(report, s, H1_2024, '2024-12-01')).toMatchObject({ state: 'published', href: 'http://bd.localhost/cong-khai/bao-cao-78/' });
    expect(dutyStatus(report, s, { kind: 'year', year: 2024, number: 1 }, '2025-02-01')).toEqual({ state: 'missing' });
  });

  it('shows the periods of last year and this year that have begun, for every commune', () => {
    const [board] = dutyBoard([snap('a'), snap('b')], '2026-05-10', [quarterly as Duty]);
    expect(board!.periods.map((p) => `${p.year}-q${p.number}`)).toEqual(['2025-q1', '2025-q2', '2025-q3', '2025-q4', '2026-q1', '2026-q2']);
    expect(board!.rows).toHaveLength(2);
    expect(board!.rows[0]!.cells.at(-1)).toEqual({ state: 'due', due: '2026-07-15' });
  });

  it.each([
    // [case, what the communes hold, today, years]
    ['nothing held: last year and this year', [snap('a')], '2026-05-10', [2025, 2026]],
    ['a table of 2024: from 2024', [snap('a', { procedureReports: [{ period: H1_2024, rows: A }] })], '2026-05-10', [2024, 2025, 2026]],
    ['a disclosure dated "Năm 2010": no more than three years back', [snap('a', { disclosures: [item({ id: 1, slug: 's', title: 't', category: 'x', periodLabel: 'Năm 2010', status: 'published' })] })], '2026-05-10', [2023, 2024, 2025, 2026]],
    ['an unreadable commune adds nothing', [snap('c', null)], '2026-05-10', [2025, 2026]],
  ])('boardYears: %s', (_what, communes, today, years) => {
    expect(boardYears(communes, today)).toEqual(years);
  });

  it('the demo’s 78/BC-UBND, entered as a disclosure, meets the democracy report duty of its half-year', () => {
    const report = DUTIES.find((d) => d.key === 'bao-cao-dan-chu-co-so')!;
    const s = snap('bd', { disclosures: [item({ id: 3, slug: 'bc-78', title: 'Báo cáo tình hình thực hiện Quy chế dân chủ ở cơ sở 6 tháng đầu năm 2024', category: 'thong-tin-khac', periodLabel: '6 tháng đầu năm 2024', status: 'published' })] });
    expect(dutyStatus(report, s, H1_2024, '2024-12-01')).toMatchObject({ state: 'published', href: 'http://bd.localhost/cong-khai/bc-78/' });
  });

  it('every duty cites its basis and says how its due date is derived', () => {
    for (const duty of DUTIES) {
      expect(duty.basis, duty.key).toMatch(/Luật số 10\/2022\/QH15|Nghị định 42\/2022\/NĐ-CP/);
      expect(duty.dueRule.length, duty.key).toBeGreaterThan(20);
    }
  });
});

describe('links to communes and province paths', () => {
  it.each([
    // npm start serves every local host over http on one port; a real host is https and needs none.
    ['localhost', '8787', 'http://localhost:8787'],
    ['xa-a.localhost', '8787', 'http://xa-a.localhost:8787'],
    ['127.0.0.1', '', 'http://127.0.0.1'],
    ['binhduong.gov.vn', '8787', 'https://binhduong.gov.vn'],
  ])('hostOrigin(%s, %s) is %s', (host, port, origin) => {
    expect(hostOrigin(host, port)).toBe(origin);
  });

  it.each([
    ['/tinh/', '/'],
    ['/tinh/thu-tuc/', '/thu-tuc/'],
    ['/tinh/du-lieu/thu-tuc.csv', '/du-lieu/thu-tuc.csv'],
  ])('the province page rendered at %s is served at %s', (rendered, served) => {
    expect(provincePath(rendered)).toBe(served);
  });
});
