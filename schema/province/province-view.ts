import { COMMUNE_KIND_LABELS, type Commune } from './communes.ts';
import { csvFile } from '../core/csv.ts';
import { addDays, type IsoDate } from '../core/dates.ts';
import { disclosurePath, procedureReportPath } from '../publishing/paths.ts';
import { comparePeriods, labelRange, periodKey, periodLabel, periodRange, type Period } from '../statistics/period.ts';
import {
  PROCEDURE_COLUMN_KEYS,
  PROCEDURE_COLUMNS,
  totalRow,
  type ProcedureColumn,
  type ProcedureRow,
} from '../statistics/procedure-stats.ts';
import { generateSessions, nextSession, type CalendarInput, type Session } from '../reception/reception.ts';
import { UNIT_KINDS } from '../unit/unit.ts';
import { identityOn, type EarlierName, type UnitIdentity } from '../unit/unit-names.ts';

/**
 * The province's view across its communes (issue 24, item 5): Biểu 06 sums per period with each
 * commune's row, every commune's next reception session, and the disclosure-duty board. Pure:
 * the loader (schema/province/province-view.db.ts) reads each commune's own D1 with the commune's own
 * query modules and hands the rows here. A commune that has not reported stays unknown: it is
 * never a 0 in a sum.
 */

/** What the province view knows of one commune, read from its own database. */
export interface CommuneData {
  /** The unit's name and kind as configured (the latest); null when the commune has not set its unit yet. */
  unit: UnitIdentity | null;
  /** Its earlier names (schema/unit/unit-names.ts): a period's row shows the name in force then. */
  earlierNames: EarlierName[];
  /** The commune's unit setting "Dữ liệu minh họa" (its figures are an illustration, like the demo's). */
  demoData: boolean;
  procedureReports: { period: Period; rows: ProcedureRow[] }[];
  /** The commune's coming reception sessions as of its rollup (upcomingSessions). */
  receptions: UpcomingSessions;
  /** Published and withdrawn disclosures (only `published` ones count as evidence), newest first. */
  disclosures: CommuneDisclosure[];
  /** The commune's categories (its own labels; a commune may add categories). */
  categories: { slug: string; label: string }[];
  /** Reports on grassroots democracy; `disclosureId` is set once one is published. */
  democracyReports: { period: Period; status: string; disclosureId: number | null }[];
}

/** A public disclosure as the province sees it: what the duty board matches and the open-data list shows. */
export interface CommuneDisclosure {
  id: number;
  slug: string;
  title: string;
  category: string;
  periodLabel: string;
  status: string;
  /** '' when the document has no number. */
  documentNumber: string;
  issuedOn: IsoDate | null;
  postingStart: IsoDate | null;
  /** null while posted permanently. */
  postingEnd: IsoDate | null;
  permanent: boolean;
  /** When it went on the portal (UTC). */
  publishedAt: string | null;
  withdrawnAt: string | null;
}

/** One commune of the registry with its data; `data` null when it is not known (never rolled up, or its data could not be read). */
export interface CommuneSnapshot {
  commune: Commune;
  /** Where the commune's pages are linked: its main host as an origin (hostOrigin). */
  origin: string;
  data: CommuneData | null;
  /** When the commune's rollup was written (schema/province/province-view.db.ts writeRollup); null or absent: never. */
  rolledUpAt?: string | null;
}

/**
 * A commune's coming reception sessions, from the day its rollup was written: every session
 * (cancelled ones too) up to its RECEPTIONS_KEPT-th one that is held, a year ahead at most.
 * `until`: the last day the list is complete for; after it the next session is unknown (a
 * commune whose rollup is that old), never "none".
 */
export interface UpcomingSessions {
  sessions: Session[];
  until: IsoDate;
}

/** How many held sessions a rollup keeps: the province shows the next one; a commune's daily publish rolls up again. */
const RECEPTIONS_KEPT = 5;

/** The commune's sessions from `from` (its rollup's day) on, as the province keeps them (UpcomingSessions). */
export function upcomingSessions(calendar: CalendarInput, from: IsoDate): UpcomingSessions {
  const until = addDays(from, 366);
  const all = generateSessions(calendar, from, until);
  const sessions: Session[] = [];
  let held = 0;
  for (const s of all) {
    sessions.push(s);
    if (s.status !== 'cancelled' && ++held === RECEPTIONS_KEPT) return { sessions, until: s.date };
  }
  return { sessions, until };
}

const capitalized = (s: string) => `${s.charAt(0).toLocaleUpperCase('vi')}${s.slice(1)}`;
const identity = (s: CommuneSnapshot, date: IsoDate): UnitIdentity | null => (s.data?.unit ? identityOn(s.data.unit, s.data.earlierNames, date) : null);

/** "Thị trấn Bình Dương": the name in force on `date` from the commune's own unit, else the registry's. */
export function communeName(s: CommuneSnapshot, date: IsoDate): string {
  return unitName(identity(s, date), s.commune);
}

/** "Thị trấn Bình Dương": a unit's kind and name, else the registry's name of the commune (its unit not set yet). */
export function unitName(unit: UnitIdentity | null, commune: Commune): string {
  return unit ? `${capitalized(UNIT_KINDS[unit.kind])} ${unit.name}` : commune.name;
}

/** "Xã", "Phường", "Đặc khu", "Thị trấn": the kind in force on `date`, else the registry's. */
export function communeKindLabel(s: CommuneSnapshot, date: IsoDate): string {
  const unit = identity(s, date);
  return unit ? capitalized(UNIT_KINDS[unit.kind]) : COMMUNE_KIND_LABELS[s.commune.kind];
}

/**
 * The day the commune was formed (2025 merger), from the registry's `formedFrom`: the latest
 * date given; null when none is recorded. Before it the duties fell on the units it was formed
 * from, whose records the commune keeps (issue 24, item 6).
 */
function formedOn(commune: Commune): IsoDate | null {
  return commune.formedFrom.map((f) => f.on).sort().at(-1) ?? null;
}

/** The day a period's row is named for: its last day, or `today` while it runs. */
const namingDay = (p: Period, today: IsoDate) => {
  const { end } = periodRange(p);
  return end < today ? end : today;
};

/**
 * A host as a URL origin: https, except `localhost`, `*.localhost` and loopback, which `npm start`
 * serves over http on one port (`localPort`, e.g. "8787") for all of them.
 *
 * @example hostOrigin('xa-a.localhost', '8787') // 'http://xa-a.localhost:8787'
 */
export function hostOrigin(host: string, localPort = ''): string {
  const local = host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1';
  return local ? `http://${host}${localPort ? `:${localPort}` : ''}` : `https://${host}`;
}

/** The path a province page is served at on the province's host: `/tinh/thu-tuc/` → `/thu-tuc/`. */
export const provincePath = (renderedPath: string): string => renderedPath.replace(/^\/tinh(?=\/)/, '') || '/';

// ---------------------------------------------------------------------------------------------
// (a) Biểu 06 sums

/** One period's procedure results across the province. */
export interface ProcedureSum {
  period: Period;
  /** Each commune's total row for the period; null: it has not reported this period (or could not be read). */
  communes: {
    commune: Commune;
    origin: string;
    /** The name in force on the period's last day (or today while it runs). */
    name: string;
    total: ProcedureRow | null;
    /** Set when the period ended before the commune was formed (formedOn): its units reported then. */
    formedOn: IsoDate | null;
    /** The commune's figures are an illustration (its unit setting "Dữ liệu minh họa"). */
    demoData: boolean;
    /** Its database could not be read: unknown whether it reported ("không đọc được"), not "chưa báo cáo". */
    unread: boolean;
    /** Set when the period began after the unit ceased to exist: it had nothing to report. */
    endedOn: IsoDate | null;
  }[];
  /** Per column, the sum of the known figures; null when no commune gives one. */
  sum: Record<ProcedureColumn, number | null>;
  /**
   * Per column, whether the sum is the province's figure. False when a commune has not reported
   * or a reporting commune's figure is unknown: the sum is then a lower bound ("≥").
   */
  complete: Record<ProcedureColumn, boolean>;
  /** Communes read, with no table for the period: "n xã chưa báo cáo". */
  unreported: number;
  /** Communes whose data could not be read: whether they reported is unknown. */
  unread: number;
}

/**
 * Biểu 06 results summed per period, newest first, over every period any commune reported.
 * Each commune contributes its total row (schema/statistics/procedure-stats.ts totalRow: a column with an
 * unknown cell has an unknown total); unknown figures are left out of the sum and mark it
 * incomplete, never counted as 0.
 */
export function procedureSums(communes: CommuneSnapshot[], today: IsoDate): ProcedureSum[] {
  const periods = new Map<string, Period>();
  for (const c of communes) for (const r of c.data?.procedureReports ?? []) periods.set(periodKey(r.period), r.period);
  return [...periods.values()]
    .sort((a, b) => comparePeriods(b, a))
    .map((period) => {
      const key = periodKey(period);
      const rows = communes.map((c) => {
        const report = c.data?.procedureReports.find((r) => periodKey(r.period) === key);
        const formed = formedOn(c.commune);
        return {
          commune: c.commune,
          origin: c.origin,
          name: communeName(c, namingDay(period, today)),
          total: report ? totalRow(report.rows) : null,
          formedOn: formed && periodRange(period).end < formed ? formed : null,
          demoData: c.data?.demoData ?? false,
          unread: !c.data,
          endedOn: c.commune.endedOn && periodRange(period).start >= c.commune.endedOn ? c.commune.endedOn : null,
        };
      });
      const unreported = rows.filter((r) => r.total === null && !r.unread && !r.endedOn).length;
      const unread = rows.filter((r) => r.unread).length;
      const sum = {} as Record<ProcedureColumn, number | null>;
      const complete = {} as Record<ProcedureColumn, boolean>;
      for (const column of PROCEDURE_COLUMN_KEYS) {
        const known = rows.flatMap((r) => (r.total && r.total[column] !== null ? [r.total[column]!] : []));
        sum[column] = known.length ? known.reduce((a, b) => a + b, 0) : null;
        complete[column] = known.length === rows.filter((r) => !r.endedOn).length;
      }
      return { period, communes: rows, sum, complete, unreported, unread };
    });
}

/** The open-data rows of the sums: one per commune and period, unknown figures null (an empty CSV cell). */
export function procedureDataRows(sums: ProcedureSum[]) {
  return sums.flatMap((s) =>
    s.communes.map((c) => ({
      period: periodKey(s.period),
      periodLabel: periodLabel(s.period),
      commune: c.commune.slug,
      communeCode: c.commune.code,
      communeName: c.name,
      illustration: c.commune.illustration,
      demoData: c.demoData,
      reported: c.total !== null,
      ...(Object.fromEntries(PROCEDURE_COLUMN_KEYS.map((k) => [k, c.total ? c.total[k] : null])) as Record<ProcedureColumn, number | null>),
    })),
  );
}

/** The same rows as CSV (BOM, CRLF): an unknown figure is an empty cell, never 0. */
export function procedureDataCsv(sums: ProcedureSum[]): string {
  const header = ['Kỳ', 'Tên kỳ', 'Mã xã trên cổng', 'Mã đơn vị hành chính', 'Tên xã', 'Xã minh họa', 'Dữ liệu minh họa', 'Đã báo cáo', ...PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k])];
  const yes = (v: boolean) => (v ? 'Có' : '');
  const body = procedureDataRows(sums).map((r) => [
    r.period,
    r.periodLabel,
    r.commune,
    r.communeCode,
    r.communeName,
    yes(r.illustration),
    yes(r.demoData),
    r.reported ? 'Có' : 'Chưa',
    ...PROCEDURE_COLUMN_KEYS.map((k) => r[k]),
  ]);
  return csvFile([header, ...body]);
}

// ---------------------------------------------------------------------------------------------
// (a′) Disclosures across communes, as open data

/** The columns of the province's list of disclosures, in file order, with their Vietnamese CSV header. */
export const DISCLOSURE_DATA_COLUMNS = {
  commune: 'Mã xã trên cổng',
  communeCode: 'Mã đơn vị hành chính',
  communeName: 'Tên xã',
  illustration: 'Xã minh họa',
  demoData: 'Dữ liệu minh họa',
  title: 'Tiêu đề',
  documentNumber: 'Số, ký hiệu văn bản',
  category: 'Mã nội dung công khai',
  categoryLabel: 'Nội dung công khai',
  periodLabel: 'Thời kỳ',
  issuedOn: 'Ngày ban hành',
  postingStart: 'Ngày bắt đầu niêm yết',
  postingEnd: 'Ngày kết thúc niêm yết',
  permanent: 'Công khai thường xuyên',
  publishedAt: 'Thời điểm đăng lên cổng (UTC)',
  status: 'Trạng thái',
  withdrawnAt: 'Thời điểm thu hồi (UTC)',
  url: 'Địa chỉ trang',
} as const;
export type DisclosureDataRow = { [K in keyof typeof DISCLOSURE_DATA_COLUMNS]: K extends 'illustration' | 'demoData' | 'permanent' ? boolean : string | null };

/**
 * Every public disclosure of every commune (published and withdrawn, as each commune's own
 * /du-lieu/cong-khai lists them), communes in the registry's order, each commune's newest
 * first, linked to its page on the commune's host. A value the commune did not enter is null
 * (an empty CSV cell), never a made-up one. A commune that could not be read has no rows; the
 * JSON names it in `communesNotRead`.
 */
export function disclosureDataRows(communes: CommuneSnapshot[], today: IsoDate): DisclosureDataRow[] {
  return communes.flatMap((c) => {
    if (!c.data) return [];
    const labels = new Map(c.data.categories.map((k) => [k.slug, k.label]));
    const name = communeName(c, today);
    return c.data.disclosures.map((d) => ({
      commune: c.commune.slug,
      communeCode: c.commune.code,
      communeName: name,
      illustration: c.commune.illustration,
      demoData: c.data!.demoData,
      title: d.title,
      documentNumber: d.documentNumber || null,
      category: d.category,
      categoryLabel: labels.get(d.category) ?? null,
      periodLabel: d.periodLabel || null,
      issuedOn: d.issuedOn,
      postingStart: d.postingStart,
      postingEnd: d.postingEnd,
      permanent: d.permanent,
      publishedAt: d.publishedAt,
      status: d.status,
      withdrawnAt: d.withdrawnAt,
      url: `${c.origin}${disclosurePath(d)}`,
    }));
  });
}

/** The CSV's last column: empty on a disclosure's row, the reason on the row of a commune whose data is not known. */
const DISCLOSURE_CSV_NOTE = 'Ghi chú';
export const COMMUNE_NOT_READ_NOTE = 'Chưa đọc được dữ liệu của xã này: không rõ xã có nội dung công khai nào (không phải là không có).';

/**
 * The same rows as CSV (BOM, CRLF): null is an empty cell, and only null is: a yes/no is "Có" or
 * "Không", so an empty cell always means "not entered". A commune whose data is not known
 * (`notRead`: never rolled up, or unreadable; the JSON's `communesNotRead`) gets one row of its
 * own after the disclosures: its columns filled, every disclosure column empty, and the last
 * column ("Ghi chú", empty on every other row) saying so; a reader of the CSV alone can tell
 * such a commune from one with no disclosure.
 */
export function disclosureDataCsv(rows: DisclosureDataRow[], notRead: CommuneSnapshot[] = [], today?: IsoDate): string {
  const keys = Object.keys(DISCLOSURE_DATA_COLUMNS) as (keyof typeof DISCLOSURE_DATA_COLUMNS)[];
  const cell = (v: string | boolean | null) => (typeof v === 'boolean' ? (v ? 'Có' : 'Không') : v);
  const unknown = notRead.map((c) => {
    const known: Partial<Record<(typeof keys)[number], string | boolean | null>> = {
      commune: c.commune.slug,
      communeCode: c.commune.code,
      communeName: today ? communeName(c, today) : c.commune.name,
      illustration: c.commune.illustration,
    };
    return [...keys.map((k) => cell(known[k] ?? null)), COMMUNE_NOT_READ_NOTE];
  });
  return csvFile([[...keys.map((k) => DISCLOSURE_DATA_COLUMNS[k]), DISCLOSURE_CSV_NOTE], ...rows.map((r) => [...keys.map((k) => cell(r[k])), null]), ...unknown]);
}

// ---------------------------------------------------------------------------------------------
// (b) Next reception session

/**
 * Each commune's next reception session on or after `today` (schema/reception/reception.ts nextSession:
 * the first one not cancelled), looking a year ahead. `next` undefined: none in the coming year;
 * `readable` false: the commune's calendar could not be read, so nothing is known.
 */
export function nextReceptions(communes: CommuneSnapshot[], today: IsoDate): { commune: Commune; origin: string; name: string; readable: boolean; next: Session | undefined }[] {
  return communes.map((c) => ({
    commune: c.commune,
    origin: c.origin,
    name: communeName(c, today),
    readable: c.data !== null && today <= c.data.receptions.until,
    next: c.data && today <= c.data.receptions.until ? nextSession(c.data.receptions.sessions, today) : undefined,
  }));
}

// ---------------------------------------------------------------------------------------------
// (c) The disclosure-duty board

/** Where the portal holds what a duty asks for (the mapping table on /tinh/nghia-vu-cong-khai/). */
export type Evidence =
  /** A published disclosure of the category (any, when none), whose "Thời kỳ" (periodLabel) is the duty's period; `title` narrows it. */
  | { kind: 'disclosure'; category?: string; title?: RegExp; titleNote?: string }
  /** The commune's Biểu 06 table for exactly the duty's period (/thong-ke/thu-tuc-hanh-chinh/<kỳ>/). */
  | { kind: 'procedure-report' }
  /** A published report on grassroots democracy for exactly the duty's period. */
  | { kind: 'democracy-report' };

export interface Duty {
  key: string;
  /** What must be published, in the source's words as far as the project's sources give them. */
  label: string;
  /** The article it comes from. */
  basis: string;
  /** How often, as the source says it (Vietnamese). */
  cadenceLabel: string;
  /** The duty's periods within a year. */
  periods: (year: number) => Period[];
  /** Where the portal holds it: any one of these is evidence. */
  evidence: Evidence[];
  /** The last day to publish a period's item; null when the sources give no date the portal can derive. */
  due: (period: Period) => IsoDate | null;
  /** How `due` is derived (Vietnamese), shown on the board. */
  dueRule: string;
}

const quarters = (year: number): Period[] => [1, 2, 3, 4].map((number) => ({ kind: 'quarter', year, number }));
const firstHalf = (year: number): Period[] => [{ kind: 'half', year, number: 1 }];
const wholeYear = (year: number): Period[] => [{ kind: 'year', year, number: 1 }];
const halfAndYear = (year: number): Period[] => [...firstHalf(year), ...wholeYear(year)];
const none = () => null;

// Law 10/2022/QH15 Điều 11 as ../shared/domain/law-brief.md §1 and province-research.md §3.4
// confirm it: the annual socio-economic plan and its results; the draft and approved budget
// estimates, budget execution reported quarterly, half-yearly and yearly, the final accounts.
// Procedure results are among the items the brief takes from commentary ("exact wording
// unconfirmed"). Decree 42/2022/NĐ-CP Điều 4 (province-research.md §3.3): administrative
// procedures; strategies, programmes and socio-economic plans with their results; annual
// financial reports. No clause number is given where the sources do not confirm one.
const LAW_10 = 'Điều 11 Luật Thực hiện dân chủ ở cơ sở (Luật số 10/2022/QH15)';
const DECREE_42 = 'Điều 4 Nghị định 42/2022/NĐ-CP';
// The budget deadlines: Decree 163/2016/NĐ-CP Điều 49 as quoted by secondary sources
// (thuviennhadat.vn, luatnamson.com): quarterly and 6-month execution reports "chậm nhất là 15
// ngày, kể từ ngày kết thúc quý và 06 tháng"; the approved estimate and approved final accounts
// within 30 days of the document's issue; the annual execution report when the committee submits
// it to the People's Council. Only the first gives a date the portal can derive from the period
// alone; the others depend on a date the portal does not hold. To be checked against the budget
// law in force for each period before anyone relies on "quá hạn".
const BUDGET_TIMING = 'Điều 49 Nghị định 163/2016/NĐ-CP, theo nguồn thứ cấp, cần đối chiếu văn bản gốc';
const NO_DEADLINE = 'Nguồn của cổng không nêu thời hạn: chỉ theo dõi đã công khai hay chưa.';
// Titles are matched lower-cased (NFC). An execution report often names the estimate ("thực hiện dự toán"):
// the estimate is a title with "dự toán" and neither "thực hiện" nor "quyết toán".
const EXECUTION = /^(?!.*quyết toán).*thực hiện/;
const ESTIMATE = /^(?!.*(thực hiện|quyết toán)).*dự toán/;

export const DUTIES: Duty[] = [
  {
    key: 'ke-hoach-kinh-te-xa-hoi',
    label: 'Kế hoạch phát triển kinh tế - xã hội hằng năm và kết quả thực hiện',
    basis: `${LAW_10}; ${DECREE_42}`,
    cadenceLabel: 'Hằng năm',
    periods: wholeYear,
    evidence: [{ kind: 'disclosure', category: 'ke-hoach-kinh-te-xa-hoi' }],
    due: none,
    dueRule: NO_DEADLINE,
  },
  {
    key: 'du-toan-ngan-sach',
    label: 'Dự toán ngân sách được Hội đồng nhân dân cấp xã quyết định',
    basis: LAW_10,
    cadenceLabel: 'Hằng năm',
    periods: wholeYear,
    evidence: [{ kind: 'disclosure', category: 'ngan-sach', title: ESTIMATE, titleNote: 'tiêu đề có "dự toán", không có "thực hiện", "quyết toán"' }],
    due: none,
    // 30 days from the People's Council's decision, a date the portal does not hold.
    dueRule: `Chậm nhất 30 ngày kể từ ngày ban hành văn bản quyết định dự toán — ${BUDGET_TIMING}; cổng không lưu ngày này nên không tính quá hạn.`,
  },
  {
    key: 'thuc-hien-ngan-sach-quy',
    label: 'Tình hình thực hiện ngân sách hằng quý',
    basis: LAW_10,
    cadenceLabel: 'Hằng quý',
    periods: quarters,
    evidence: [{ kind: 'disclosure', category: 'ngan-sach', title: EXECUTION, titleNote: 'tiêu đề có "thực hiện"' }],
    // The quarter's last day + 15 days.
    due: (p) => addDays(periodRange(p).end, 15),
    dueRule: `Chậm nhất 15 ngày kể từ ngày kết thúc quý — ${BUDGET_TIMING}.`,
  },
  {
    key: 'thuc-hien-ngan-sach-6-thang',
    label: 'Tình hình thực hiện ngân sách 6 tháng',
    basis: LAW_10,
    cadenceLabel: '6 tháng',
    periods: firstHalf,
    evidence: [{ kind: 'disclosure', category: 'ngan-sach', title: EXECUTION, titleNote: 'tiêu đề có "thực hiện"' }],
    // The half-year's last day (30/6) + 15 days.
    due: (p) => addDays(periodRange(p).end, 15),
    dueRule: `Chậm nhất 15 ngày kể từ ngày kết thúc 6 tháng — ${BUDGET_TIMING}.`,
  },
  {
    key: 'thuc-hien-ngan-sach-nam',
    label: 'Tình hình thực hiện ngân sách năm',
    basis: LAW_10,
    cadenceLabel: 'Hằng năm',
    periods: wholeYear,
    evidence: [{ kind: 'disclosure', category: 'ngan-sach', title: EXECUTION, titleNote: 'tiêu đề có "thực hiện"' }],
    due: none,
    // When the committee submits it to the People's Council: no fixed date.
    dueRule: `Công khai khi Ủy ban nhân dân trình Hội đồng nhân dân — ${BUDGET_TIMING}; không có ngày cố định nên không tính quá hạn.`,
  },
  {
    key: 'quyet-toan-ngan-sach',
    label: 'Quyết toán ngân sách',
    basis: LAW_10,
    cadenceLabel: 'Hằng năm',
    periods: wholeYear,
    evidence: [{ kind: 'disclosure', category: 'ngan-sach', title: /quyết toán/, titleNote: 'tiêu đề có "quyết toán"' }],
    due: none,
    // 30 days from the approval, a date the portal does not hold (and the approval comes the year after).
    dueRule: `Chậm nhất 30 ngày kể từ ngày văn bản phê chuẩn quyết toán được ban hành — ${BUDGET_TIMING}; cổng không lưu ngày này nên không tính quá hạn.`,
  },
  {
    key: 'bao-cao-tai-chinh-nam',
    label: 'Báo cáo tài chính năm',
    basis: DECREE_42,
    cadenceLabel: 'Hằng năm',
    periods: wholeYear,
    evidence: [{ kind: 'disclosure', category: 'ngan-sach', title: /báo cáo tài chính/, titleNote: 'tiêu đề có "báo cáo tài chính"' }],
    due: none,
    dueRule: NO_DEADLINE,
  },
  {
    key: 'ket-qua-thu-tuc-hanh-chinh',
    label: 'Kết quả giải quyết thủ tục hành chính (Biểu 06)',
    basis: `${LAW_10} (theo tài liệu bình luận, chưa đối chiếu nguyên văn); ${DECREE_42}`,
    // The sources give no cadence: the board follows the half-year and the year, the periods of
    // the report on grassroots democracy that carries the table (78/BC-UBND).
    cadenceLabel: 'Nguồn không nêu kỳ; theo dõi 6 tháng đầu năm và cả năm',
    periods: halfAndYear,
    evidence: [
      { kind: 'procedure-report' },
      { kind: 'disclosure', category: 'thu-tuc-hanh-chinh', title: /kết quả giải quyết/, titleNote: 'tiêu đề có "kết quả giải quyết"' },
    ],
    due: none,
    dueRule: NO_DEADLINE,
  },
  {
    key: 'bao-cao-dan-chu-co-so',
    label: 'Báo cáo tình hình thực hiện dân chủ ở cơ sở',
    // The project's sources name the report (78/BC-UBND is one) but not the article requiring it.
    basis: 'Luật số 10/2022/QH15 (nguồn của cổng chưa nêu điều khoản quy định chế độ báo cáo)',
    cadenceLabel: '6 tháng, năm',
    periods: halfAndYear,
    // A report drafted on the portal, or one entered as a disclosure (the demo's 78/BC-UBND is one).
    evidence: [{ kind: 'democracy-report' }, { kind: 'disclosure', title: /^báo cáo.*dân chủ ở cơ sở/, titleNote: 'tiêu đề bắt đầu "Báo cáo" và có "dân chủ ở cơ sở"' }],
    due: none,
    dueRule: NO_DEADLINE,
  },
];

/** One commune's state for one duty and period. */
export type DutyStatus =
  /** Found: the page it is on. */
  | { state: 'published'; href: string; title: string }
  /** Not yet: the period has not ended, or its due date has not passed (`due` null: none known). */
  | { state: 'due'; due: IsoDate | null }
  /** The due date derived from the source has passed. */
  | { state: 'overdue'; due: IsoDate }
  /** The period is over, nothing found, and the sources give no date to call it late. */
  | { state: 'missing' }
  /** The period ended before the commune was formed: the duty fell on the units it was formed from. */
  | { state: 'not-formed'; formedOn: IsoDate }
  /** The period began after the unit ceased to exist (registry `endedOn`): no duty of its own. */
  | { state: 'ended'; endedOn: IsoDate }
  /** The commune's data could not be read. */
  | { state: 'unknown' };

export const DUTY_STATE_LABELS: Record<DutyStatus['state'], string> = {
  published: 'Đã công khai',
  due: 'Chưa đến hạn',
  overdue: 'Quá hạn',
  missing: 'Chưa thấy công khai (không xác định hạn)',
  'not-formed': 'Chưa thành lập',
  ended: 'Không còn là đơn vị hành chính',
  unknown: 'Không đọc được dữ liệu',
};

const normalized = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');
const sameRange = (label: string, period: Period) => {
  const named = labelRange(label);
  const range = periodRange(period);
  return named !== null && named.start === range.start && named.end === range.end;
};

/** The state of one duty for one commune and period, on `today`. */
export function dutyStatus(duty: Duty, snapshot: CommuneSnapshot, period: Period, today: IsoDate): DutyStatus {
  const data = snapshot.data;
  if (!data) return { state: 'unknown' };
  const origin = snapshot.origin;
  const found = duty.evidence.map((e) => findEvidence(e, data, period)).find((x) => x !== null);
  if (found) return { state: 'published', href: `${origin}${found.path}`, title: found.title };
  const formed = formedOn(snapshot.commune);
  if (formed && periodRange(period).end < formed) return { state: 'not-formed', formedOn: formed };
  const endedOn = snapshot.commune.endedOn;
  if (endedOn && periodRange(period).start >= endedOn) return { state: 'ended', endedOn };
  const due = duty.due(period);
  const ended = periodRange(period).end < today;
  if (due !== null) return today > due ? { state: 'overdue', due } : { state: 'due', due };
  return ended ? { state: 'missing' } : { state: 'due', due: null };
}

function findEvidence(evidence: Evidence, data: CommuneData, period: Period): { path: string; title: string } | null {
  const key = periodKey(period);
  switch (evidence.kind) {
    case 'disclosure': {
      const d = data.disclosures.find(
        (x) => x.status === 'published' && (!evidence.category || x.category === evidence.category) && (!evidence.title || evidence.title.test(normalized(x.title))) && sameRange(x.periodLabel, period),
      );
      return d ? { path: disclosurePath(d), title: d.title } : null;
    }
    case 'procedure-report':
      return data.procedureReports.some((r) => periodKey(r.period) === key) ? { path: procedureReportPath(period), title: `Biểu 06 ${periodLabel(period)}` } : null;
    case 'democracy-report': {
      const report = data.democracyReports.find((r) => r.status === 'published' && r.disclosureId !== null && periodKey(r.period) === key);
      const d = report && data.disclosures.find((x) => x.id === report.disclosureId && x.status === 'published');
      return d ? { path: disclosurePath(d), title: d.title } : null;
    }
  }
}

/** Where a duty's evidence lives in the portal, for the mapping table (Vietnamese). */
export function evidenceLabel(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'disclosure':
      return `Nội dung công khai${evidence.category ? `, danh mục "${evidence.category}"` : ''}${evidence.titleNote ? `, ${evidence.titleNote}` : ''}, trường "Thời kỳ" đúng kỳ`;
    case 'procedure-report':
      return 'Bảng kết quả giải quyết thủ tục hành chính (Thống kê) của đúng kỳ';
    case 'democracy-report':
      return 'Báo cáo dân chủ ở cơ sở soạn trên cổng, đã công khai, của đúng kỳ';
  }
}

export interface DutyBoard {
  duty: Duty;
  periods: Period[];
  rows: { commune: Commune; name: string; cells: DutyStatus[] }[];
}

/** How many years back the board may reach for the earliest period a commune has anything for. */
const BOARD_MAX_YEARS_BACK = 3;

/**
 * The years the board shows: the last and the current year, reaching back (at most
 * BOARD_MAX_YEARS_BACK years) to the earliest period any commune holds a table, a report or a
 * dated disclosure for, so a commune's older records (the demo's 2024) are on the board too.
 */
export function boardYears(communes: CommuneSnapshot[], today: IsoDate): number[] {
  const year = Number(today.slice(0, 4));
  const held = communes.flatMap((c) =>
    c.data
      ? [
          ...c.data.procedureReports.map((r) => r.period.year),
          ...c.data.democracyReports.map((r) => r.period.year),
          ...c.data.disclosures.flatMap((d) => {
            const range = labelRange(d.periodLabel);
            return range ? [Number(range.start.slice(0, 4))] : [];
          }),
        ]
      : [],
  );
  const earliest = held.length ? Math.min(...held) : year - 1;
  const from = Math.max(year - BOARD_MAX_YEARS_BACK, Math.min(year - 1, earliest));
  return Array.from({ length: year - from + 1 }, (_, i) => from + i);
}

/**
 * The board on `today`: per duty, its periods in boardYears that have begun, oldest first, and
 * each commune's state in each.
 */
export function dutyBoard(communes: CommuneSnapshot[], today: IsoDate, duties: Duty[] = DUTIES): DutyBoard[] {
  const years = boardYears(communes, today);
  return duties.map((duty) => {
    const periods = years.flatMap(duty.periods).filter((p) => periodRange(p).start <= today);
    return {
      duty,
      periods,
      rows: communes.map((c) => ({ commune: c.commune, name: communeName(c, today), cells: periods.map((p) => dutyStatus(duty, c, p, today)) })),
    };
  });
}
