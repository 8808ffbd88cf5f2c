import { z } from '../core/zod.ts';
import { codeEnum } from '../core/codes.ts';
import { dateField, formatDate, type IsoDate } from '../core/dates.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { documentNumberField } from '../disclosure/document-number.ts';
import { disclosurePath, procedureReportPath } from '../publishing/paths.ts';
import { labelRange, periodKey, periodLabel, periodRange, PeriodSchema, type Period } from '../statistics/period.ts';
import type { PetitionStats } from '../statistics/petition-stats.ts';
import type { ReceptionFacts } from '../reception/reception.ts';
import {
  formatPercent,
  onTimeRate,
  ProcedureRowSchema,
  totalRow,
  type ProcedureReport,
  type ProcedureRow,
} from '../statistics/procedure-stats.ts';
import { optionalText, paragraphs } from '../core/text.ts';
import { unknownCount } from '../core/count.ts';
import { SIGN_PREFIXES } from '../unit/unit.ts';

/**
 * The periodic report on grassroots democracy (the kind 78/BC-UBND is: "Báo cáo tình hình thực
 * hiện dân chủ ở cơ sở"), drafted from what the portal holds. The figures are computed, each
 * with the public page it comes from; the narrative parts are the official's own text. A
 * figure the portal does not hold is null — "chưa có số liệu" — never 0.
 */

/** Communes report every six months and every year. */
export const REPORT_PERIOD_KINDS = { half: '6 tháng', year: 'Năm' } as const;

/** A report is a draft until it is published (as a disclosure of type BC); then it is final. */
export const REPORT_STATUSES = { draft: 'Bản nháp', published: 'Đã công khai' } as const;

/** The narrative parts, in the order of 78/BC-UBND; each is the official's own text. */
export const REPORT_SECTIONS = {
  leadership: 'I. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện',
  disclosureNote: 'II.1.a. Công khai thông tin — nhận xét',
  decideNote: 'II.1.b. Nhân dân bàn và quyết định',
  consultNote: 'II.1.c. Nhân dân tham gia ý kiến',
  superviseNote: 'II.1.d. Nhân dân kiểm tra, giám sát',
  reformNote: 'II.2. Cải cách hành chính — nhận xét',
  receptionNote: 'II.3. Tiếp công dân, giải quyết đơn thư — nhận xét',
  agencyNote: 'II.4. Thực hiện dân chủ trong hoạt động của cơ quan (Nghị định 04/2015/NĐ-CP)',
  assessment: 'III. Đánh giá chung',
  tasks: 'IV. Nhiệm vụ, giải pháp thời gian tới',
} as const;
export type ReportSection = keyof typeof REPORT_SECTIONS;
export const REPORT_SECTION_KEYS = Object.keys(REPORT_SECTIONS) as ReportSection[];

/** The day the district level ended and local government became two-level (law-brief.md): a commune reports to the province from then on. */
export const DISTRICTS_ENDED_ON: IsoDate = '2025-07-01';

/**
 * The "Nơi nhận" line of a province nobody named: it says plainly that the official must fill it,
 * never a placeholder that reads like a value ("UBND tỉnh (thành phố)" was signed as is). The
 * DOCX highlights it; publishing refuses while it is left (schema/report/democracy-reports.use-cases.ts).
 */
export const RECIPIENT_TO_FILL = '[Cần điền: tên Ủy ban nhân dân tỉnh, thành phố nhận báo cáo]';

/** "UBND tỉnh Quảng Ninh" from "Quảng Ninh", "Tỉnh Quảng Ninh" or "Thành phố Hải Phòng" as typed. */
const provinceCommittee = (name: string) => {
  const typed = /^(tỉnh|thành phố)\s+(.+)$/i.exec(name);
  return typed ? `UBND ${typed[1]!.toLowerCase()} ${typed[2]}` : `UBND tỉnh ${name}`;
};

/**
 * Where a half-year or annual report is sent (78/BC-UBND's "Nơi nhận"), by default; the official
 * edits it. The first line is the unit's superior for the period: the district ("UBND huyện")
 * only for a period that ended before 1/7/2025 — after that the district level no longer
 * exists and the commune reports to the province: its name from the unit's configuration, else
 * the deployment's registry (schema/province/commune-registry.ts, content/province.json), else
 * RECIPIENT_TO_FILL.
 */
export function defaultRecipients(period: Pick<ReportPeriod, 'to'>, unit: { parent: string; province: string } | null, registryProvince: string | null = null): string {
  const parent = unit?.parent.trim() ?? '';
  const districtEra = period.to < DISTRICTS_ENDED_ON;
  const province = unit?.province.trim() || registryProvince?.trim() || '';
  const superior = districtEra
    ? parent || 'UBND huyện'
    : parent && !/huyện/i.test(parent)
      ? parent
      : province
        ? provinceCommittee(province)
        : RECIPIENT_TO_FILL;
  return `${superior};\nĐảng ủy (b/cáo);\nTT. UBND;\nLưu: VT.`;
}

const section = (k: ReportSection) => paragraphs(REPORT_SECTIONS[k], 20_000).default('');

const periodFields = {
  kind: codeEnum(REPORT_PERIOD_KINDS, 'Chọn kỳ báo cáo: 6 tháng hoặc năm.'),
  year: PeriodSchema.shape.year,
  number: PeriodSchema.shape.number,
};

/** A stored period: its kind and year (half 1 or 2), and the dates it actually counts. */
export const StoredReportPeriodSchema = z.object({ ...periodFields, year: z.number().int(), number: z.number().int(), from: z.string(), to: z.string() });

/**
 * The period a new report covers. Dates left out cover the whole period; a half-year report
 * is often cut off before 30/6 to be sent on time, and gives its own `to`.
 */
export const ReportPeriodSchema = z
  .object({ ...periodFields, from: dateField('Số liệu từ ngày').optional(), to: dateField('Số liệu đến ngày').optional() })
  .superRefine((p, ctx) => {
    if (p.kind === 'half' && p.number > 2) return ctx.addIssue({ code: 'custom', path: ['number'], message: '6 tháng chỉ có kỳ 1 (đầu năm) hoặc kỳ 2 (cuối năm).' });
    if (p.kind === 'year' && p.number !== 1) return ctx.addIssue({ code: 'custom', path: ['number'], message: 'Báo cáo năm chỉ có kỳ 1.' });
    const range = periodRange({ kind: p.kind, year: p.year, number: p.number });
    const from = p.from ?? range.start;
    const to = p.to ?? range.end;
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Ngày cuối của số liệu phải sau ngày đầu.' });
    else if (from < range.start || to > range.end) {
      ctx.addIssue({ code: 'custom', path: [p.from && p.from < range.start ? 'from' : 'to'], message: `Số liệu phải nằm trong kỳ báo cáo (${formatDate(range.start)} – ${formatDate(range.end)}).` });
    }
  })
  .transform((p) => {
    const range = periodRange({ kind: p.kind, year: p.year, number: p.number });
    return { ...p, from: p.from ?? range.start, to: p.to ?? range.end };
  });
export type ReportPeriod = z.output<typeof ReportPeriodSchema>;

/** What the official writes: the narrative parts, the recipients, and — to publish — the number. */
export const ReportTextSchema = z.object({
  leadership: section('leadership'),
  disclosureNote: section('disclosureNote'),
  decideNote: section('decideNote'),
  consultNote: section('consultNote'),
  superviseNote: section('superviseNote'),
  reformNote: section('reformNote'),
  receptionNote: section('receptionNote'),
  agencyNote: section('agencyNote'),
  assessment: section('assessment'),
  tasks: section('tasks'),
  recipients: paragraphs('Nơi nhận', 1000).default(''),
  /** Democracy inside the office (Decree 04/2015): contents carried out, of how many; blank is unknown. */
  agencyDone: unknownCount('Số nội dung đã thực hiện', 100),
  agencyTotal: unknownCount('Tổng số nội dung', 100),
  /** Who signs: "TM." or "KT.", the title and the name (default from the unit). */
  signPrefix: codeEnum(SIGN_PREFIXES, 'Hình thức ký phải là TM. hoặc KT.').default('TM'),
  signerTitle: optionalText('Chức vụ người ký', 100),
  signerName: optionalText('Họ tên người ký', 100),
  documentNumber: documentNumberField.default(''),
});
export type ReportText = z.output<typeof ReportTextSchema>;

export const ReportDraftUpdateSchema = ReportTextSchema.extend({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1),
});

/** A stored draft. `figures` is frozen when the report is published; before that it is computed anew. */
export interface ReportDraft extends ReportText {
  id: number;
  period: ReportPeriod;
  status: keyof typeof REPORT_STATUSES;
  version: number;
  disclosureId: number | null;
  figures: ReportFigures | null;
  lastEditorId: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a figure comes from: a public page of the portal. */
const FigureSourceSchema = z.object({
  label: z.string().meta({ description: 'Tên nguồn số liệu', examples: ['Bảng kết quả giải quyết thủ tục hành chính 6 tháng đầu năm 2024'] }),
  path: z.string().meta({ description: 'Trang công khai chứa số liệu, trên cổng', examples: ['/thong-ke/thu-tuc-hanh-chinh/2024-h1/'] }),
});
export type FigureSource = z.output<typeof FigureSourceSchema>;

const FigureSchema = z.object({
  key: z.string().meta({ examples: ['procedures.receivedTotal'] }),
  label: z.string().meta({ examples: ['Hồ sơ tiếp nhận'] }),
  value: z.number().nullable().meta({ description: 'null: cổng chưa có số liệu này (không phải 0)', examples: [966] }),
  source: FigureSourceSchema,
});
export type Figure = z.output<typeof FigureSchema>;

const CitedDocumentSchema = z.object({ documentNumber: z.string(), issuedOn: z.string(), title: z.string(), path: z.string() });
type CitedDocument = z.output<typeof CitedDocumentSchema>;
/** null: some of the records are known only by a named period (see `place` in reportFigures): how many is unknown. */
const countBy = z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int().nullable() }));

/** "chưa xác định thời gian": a record the report lists but does not count, because nobody recorded when it happened. */
const UNDATED = 'chưa xác định thời gian';

/**
 * A record as the report lists it, with when it happened: `date` its first day when recorded, else
 * `when` the period its source names ("6 tháng đầu năm 2024"), else "chưa xác định thời gian".
 */
const PillarItemSchema = z.object({ title: z.string(), date: z.string().nullable(), when: z.string(), path: z.string() });
type PillarItem = z.output<typeof PillarItemSchema>;
const pillar = z.object({
  source: FigureSourceSchema,
  figures: z.array(FigureSchema),
  items: z.array(PillarItemSchema).meta({ description: 'Được tính vào kỳ: đã diễn ra trong kỳ' }),
  undated: z.array(PillarItemSchema).meta({ description: 'Chưa xác định thời gian: liệt kê, không tính vào số liệu của kỳ' }),
});

const DisclosedSchema = CitedDocumentSchema.extend({ when: z.string(), channels: z.array(z.string()) });

export const ReportFiguresSchema = z.object({
  period: StoredReportPeriodSchema,
  periodLabel: z.string(),
  disclosures: z.object({
    total: FigureSchema,
    byCategory: countBy,
    byChannel: countBy.meta({ description: 'Hình thức công khai đã dùng trong kỳ, theo ngày thực hiện của từng hình thức (không theo ngày đưa lên cổng)' }),
    items: z.array(DisclosedSchema),
    undated: z.array(DisclosedSchema).meta({ description: 'Ban hành trong kỳ nhưng chưa ghi ngày công khai thực tế: không tính' }),
  }),
  plans: z.array(CitedDocumentSchema).meta({ description: 'Kế hoạch (KH) còn hiệu lực trong kỳ, kể cả kế hoạch ban hành trước kỳ' }),
  procedures: z.object({
    source: FigureSourceSchema,
    rows: z.array(ProcedureRowSchema).nullable().meta({ description: 'null: cổng chưa có bảng của kỳ này' }),
    total: ProcedureRowSchema.nullable(),
    figures: z.array(FigureSchema),
    onTimeRate: z.number().nullable().meta({ description: 'Tỷ lệ giải quyết trước và đúng hạn, 0..1' }),
  }),
  reception: z.object({ source: FigureSourceSchema, rules: z.array(z.string()), figures: z.array(FigureSchema) }),
  petitions: z.object({ source: FigureSourceSchema, figures: z.array(FigureSchema) }),
  /** Nhân dân bàn và quyết định, tham gia ý kiến, kiểm tra giám sát (Điều 15–45). */
  decisions: pillar,
  consultations: pillar,
  supervision: pillar,
  /** Dân chủ trong hoạt động của cơ quan (Nghị định 04/2015/NĐ-CP): what the official or the source states. */
  agency: z.object({ source: FigureSourceSchema, figures: z.array(FigureSchema) }),
});
export type ReportFigures = z.output<typeof ReportFiguresSchema>;

/**
 * When a record happened, apart from when it was entered: its first and last day when recorded,
 * else the period its source names, else nothing (unknown). `enteredOn` is the day it was typed
 * in, in Vietnam: an unknown record is listed in that day's report, never counted there.
 */
export interface Occurrence {
  from: IsoDate | null;
  periodLabel: string;
  enteredOn: IsoDate;
}

/** The marker of invented examples in the demo (content/demo/illustrations.json): never counted in a real period. */
const ILLUSTRATION_MARKER = '[Minh họa]';
const isIllustration = (r: { title: string; illustration?: boolean }) => r.illustration === true || r.title.startsWith(ILLUSTRATION_MARKER);

type RecordInput = { title: string; path: string; illustration?: boolean } & Occurrence;

/** The sources a report is computed from, loaded by schema/report/democracy-reports.db.ts. */
export interface ReportInputs {
  disclosures: Disclosure[];
  categories: { slug: string; label: string }[];
  channels: Record<string, string>;
  procedure: ProcedureReport | null;
  petitions: PetitionStats | null;
  ruleDescriptions: string[];
  /**
   * What officials recorded after each session of the period (schema/reception/reception.ts factsOf): held,
   * not held, unscheduled sessions, citizens received — null where nobody recorded it. Absent: unknown.
   */
  reception?: ReceptionFacts | null;
  /** Published decisions by the people. */
  decisions: RecordInput[];
  /** Published consultations with their counts (null: unknown). */
  consultations: (RecordInput & { received: number | null; published: number; takenUp: number | null })[];
  /** Published supervision activities: plans, and findings with their recommendation and the commune's answer. */
  activities: (RecordInput & { finding: boolean; recommended: boolean; answered: boolean })[];
  /** Democracy inside the office, as the draft (or the text it was offered) states it: null when not stated. */
  agency: Pick<ReportText, 'agencyDone' | 'agencyTotal'>;
}

export const reportPeriodOf = (p: ReportPeriod): Period => ({ kind: p.kind, year: p.year, number: p.number });

/** "6 tháng đầu năm 2024", "năm 2024". */
export function reportPeriodLabel(p: ReportPeriod): string {
  const label = periodLabel(reportPeriodOf(p));
  return p.kind === 'year' ? label.toLowerCase() : label;
}

/** The report's title line under "BÁO CÁO". */
export function reportTitle(p: ReportPeriod): string {
  return `Tình hình thực hiện dân chủ ở cơ sở ${reportPeriodLabel(p)}`;
}

/** The report's name in a list or as a disclosure's title: "Báo cáo tình hình thực hiện dân chủ ở cơ sở 6 tháng đầu năm 2024". */
export function reportName(p: ReportPeriod): string {
  return `Báo cáo tình hình thực hiện dân chủ ở cơ sở ${reportPeriodLabel(p)}`;
}

const within = (date: IsoDate, p: { from: IsoDate; to: IsoDate }) => date >= p.from && date <= p.to;
const fig = (key: string, label: string, value: number | null, source: FigureSource): Figure => ({ key, label, value, source });

/**
 * Where a record falls for a report: 'in' the period (counted) when its first day is in the
 * report's dates, or when the period its source names lies inside the report's period (a period
 * is not a day: "6 tháng đầu năm 2024" falls in the first half and in the year 2024, not in a
 * quarter); 'listed' — shown as "chưa xác định thời gian", not counted — when its named period
 * only overlaps the report's, or when nothing says when it happened and it was entered during the
 * report's period; 'out' otherwise. Never counted by the day it was typed or published.
 */
export function placeOccurrence(o: Occurrence, period: ReportPeriod): 'in' | 'listed' | 'out' {
  if (o.from) return within(o.from, period) ? 'in' : 'out';
  const named = labelRange(o.periodLabel);
  const whole = periodRange(reportPeriodOf(period));
  if (named) {
    if (named.start >= whole.start && named.end <= whole.end) return 'in';
    return named.start <= whole.end && named.end >= whole.start ? 'listed' : 'out';
  }
  return within(o.enteredOn, { from: whole.start, to: whole.end }) ? 'listed' : 'out';
}

/** How the report writes when a record happened. */
function whenText(o: Occurrence, placed: 'in' | 'listed'): string {
  if (o.from) return `ngày ${formatDate(o.from)}`;
  if (placed === 'in') return o.periodLabel.trim();
  return o.periodLabel.trim() ? `${UNDATED} (ghi: ${o.periodLabel.trim()})` : UNDATED;
}

/**
 * When a disclosure was really made known: each channel on the day its own record gives; the
 * portal on its posting start — unless the item was entered afterwards to record an earlier
 * disclosure (`recordedAfter`), when going on the portal was not the disclosure. Without any day,
 * the period the official recorded it in (`postedPeriod`); else unknown. Anchored, when unknown, on
 * its issue date: a document is not made known before it is issued.
 */
function disclosureOccurrence(d: Pick<Disclosure, 'channels' | 'channelDetails' | 'postingStart' | 'issuedOn' | 'recordedAfter' | 'postedPeriod'>): Occurrence & { byChannel: { channel: string; date: IsoDate | null }[] } {
  const byChannel = d.channels
    .filter((c) => !(c === 'portal' && d.recordedAfter))
    .map((c) => ({ channel: c as string, date: d.channelDetails[c]?.start ?? (c === 'portal' ? d.postingStart : null) }));
  const dates = byChannel.map((c) => c.date).filter((x): x is IsoDate => x !== null).sort();
  return { from: dates[0] ?? null, periodLabel: d.postedPeriod, enteredOn: d.issuedOn, byChannel };
}

/**
 * A plan is in force in a period when it was issued by the period's end and the period it names
 * overlaps it. Naming none the portal can read, it is in force in the period it was issued in,
 * and in a later one only on evidence: a document issued in that period cites it (78/BC-UBND
 * cites 17/KH-UBND of 2023) and it is not recorded as completed before the period began. The
 * portal never guesses how long a plan without a period lasts.
 */
function inForce(d: Disclosure, period: ReportPeriod, citedInPeriod: Set<string>): boolean {
  if (d.documentType !== 'KH' || d.status !== 'published' || isIllustration(d) || d.issuedOn > period.to) return false;
  const named = labelRange(d.periodLabel);
  if (named) return named.start <= period.to && named.end >= period.from;
  if (d.issuedOn >= period.from) return true;
  const completedBefore = d.planStatus === 'completed' && (d.planStatusOn ?? d.issuedOn) < period.from;
  return citedInPeriod.has(d.documentNumber) && !completedBefore;
}

/** Computes every figure of the report from the portal's records. Pure: tested on 78/BC-UBND's data. */
export function reportFigures(period: ReportPeriod, inputs: ReportInputs): ReportFigures {
  const pLabel = reportPeriodLabel(period);
  const cited = (d: Disclosure): CitedDocument => ({ documentNumber: d.documentNumber, issuedOn: d.issuedOn, title: d.title, path: disclosurePath(d) });

  // Disclosed in the period: by the days each channel was really used (withdrawn items were
  // disclosed too); the marked illustrations of the demo never count.
  const placedDisclosures = inputs.disclosures
    .filter((d) => d.status !== 'draft' && !isIllustration(d))
    .map((d) => {
      const o = disclosureOccurrence(d);
      return { d, o, placed: placeOccurrence(o, period) };
    })
    .filter((x) => x.placed !== 'out')
    .sort((a, b) => (a.o.from ?? a.d.issuedOn).localeCompare(b.o.from ?? b.d.issuedOn) || a.d.title.localeCompare(b.d.title, 'vi'));
  const disclosed = placedDisclosures.filter((x) => x.placed === 'in');
  const undatedDisclosures = placedDisclosures.filter((x) => x.placed === 'listed');
  // A channel counts when its own day is in the period, or — the item placed only by a period — when it has no day.
  const channelsUsed = (x: (typeof disclosed)[number]) => x.o.byChannel.filter((c) => (c.date === null ? !x.o.from : within(c.date, period))).map((c) => c.channel);
  // Items issued in the period whose real posting nobody recorded may have been made known in it,
  // and an item known only by a named period is a summary of what was disclosed ("Công khai để
  // cán bộ … các nội dung …"): the counts are then unknown, never the count of the items typed.
  const countKnown = undatedDisclosures.length === 0 && disclosed.every((x) => x.o.from !== null);
  const byCategory = inputs.categories
    .map((c) => ({ code: c.slug, label: c.label, n: disclosed.filter((x) => x.d.category === c.slug).length }))
    .filter((c) => c.n > 0)
    .map(({ n, ...c }) => ({ ...c, count: countKnown ? n : null }));
  const byChannel = Object.entries(inputs.channels)
    .map(([code, label]) => ({ code, label, n: disclosed.filter((x) => channelsUsed(x).includes(code)).length }))
    .filter((c) => c.n > 0)
    .map(({ n, ...c }) => ({ ...c, count: countKnown ? n : null }));
  const disclosureSource = { label: 'Danh sách nội dung công khai trên cổng', path: '/cong-khai/' };
  const disclosedItem = (x: (typeof placedDisclosures)[number]) => ({ ...cited(x.d), when: whenText(x.o, x.placed as 'in' | 'listed'), channels: x.placed === 'in' ? channelsUsed(x as (typeof disclosed)[number]) : x.o.byChannel.map((c) => c.channel) });

  const citedInPeriod = new Set(
    inputs.disclosures.filter((d) => d.status !== 'draft' && !isIllustration(d) && within(d.issuedOn, period)).flatMap((d) => d.cites),
  );

  const procedureSource = { label: `Bảng kết quả giải quyết thủ tục hành chính ${pLabel}`, path: procedureReportPath(reportPeriodOf(period)) };
  const rows = inputs.procedure?.rows ?? null;
  const total = rows ? totalRow(rows) : null;
  const procedureFigure = (k: keyof ProcedureRow & string, label: string) => fig(`procedures.${k}`, label, total ? (total[k] as number) : null, procedureSource);

  const receptionSource = { label: 'Lịch tiếp công dân trên cổng', path: '/lich-tiep-cong-dan/' };

  const petitionSource = { label: `Số liệu đơn thư ${pLabel}`, path: '/thong-ke/don-thu/' };
  const petition = (k: 'received' | 'resolved' | 'mediated' | 'forwarded' | 'pending', label: string) =>
    fig(`petitions.${k}`, label, inputs.petitions ? ((inputs.petitions[k] as number | null | undefined) ?? null) : null, petitionSource);

  // A record of the other pillars counts in the period it happened in (placeOccurrence); the demo's
  // illustrations never count.
  const place = <R extends RecordInput>(list: R[]) => {
    const placed = list
      .filter((r) => !isIllustration(r))
      .map((r) => ({ r, placed: placeOccurrence(r, period) }))
      .filter((x) => x.placed !== 'out')
      .sort((a, b) => (a.r.from ?? '').localeCompare(b.r.from ?? '') || a.r.title.localeCompare(b.r.title, 'vi'));
    const item = (x: { r: R; placed: 'in' | 'listed' | 'out' }): PillarItem => ({ title: x.r.title, date: x.r.from, when: whenText(x.r, x.placed as 'in' | 'listed'), path: x.r.path });
    const counted = placed.filter((x) => x.placed === 'in').map((x) => x.r);
    // A record known only by the period a later document names (78/BC-UBND's "6 tháng đầu năm
    // 2024") was entered afterwards from that document's summary: it says the people did it, not
    // how many contents or opinions it stands for. Its pillar's counts are then unknown, never
    // the number of records someone typed (issue 21: every stated figure exact, the rest null).
    const summarised = counted.some((r) => r.from === null);
    return { counted, summarised, items: placed.filter((x) => x.placed === 'in').map(item), undated: placed.filter((x) => x.placed === 'listed').map(item) };
  };
  const countOf = (p: { counted: unknown[]; summarised: boolean }) => (p.summarised ? null : p.counted.length);
  const sum = (values: (number | null)[]) => (values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0));
  const sumOf = (p: { summarised: boolean }, values: (number | null)[]) => (p.summarised ? null : sum(values));

  const decisions = place(inputs.decisions);
  const decisionSource = { label: 'Nhân dân bàn và quyết định', path: '/nhan-dan-quyet-dinh/' };
  const consultations = place(inputs.consultations);
  const consultationSource = { label: 'Lấy ý kiến Nhân dân', path: '/lay-y-kien/' };
  const activities = place(inputs.activities);
  const supervisionSource = { label: 'Kiểm tra, giám sát', path: '/giam-sat/' };
  const findings = activities.counted.filter((a) => a.finding);
  // A finding without a recorded recommendation may have had one the portal was not told of:
  // the count is unknown then, never 0 (issue 21).
  // No finding recorded in the period is not "no recommendation": nobody told the portal (issue 21).
  const recommendations = !activities.summarised && findings.length > 0 && findings.every((a) => a.recommended) ? findings.length : null;
  const agencySource = { label: 'Thực hiện dân chủ trong hoạt động của cơ quan (Nghị định 04/2015/NĐ-CP)', path: '/bao-cao/' };

  return {
    period,
    periodLabel: pLabel,
    decisions: {
      source: decisionSource,
      figures: [fig('decisions.total', 'Nội dung Nhân dân bàn và quyết định ghi trên cổng', countOf(decisions), decisionSource)],
      items: decisions.items,
      undated: decisions.undated,
    },
    consultations: {
      source: consultationSource,
      figures: [
        fig('consultations.total', 'Nội dung lấy ý kiến Nhân dân ghi trên cổng', countOf(consultations), consultationSource),
        fig('consultations.received', 'Ý kiến nhận được (mọi hình thức)', sumOf(consultations, consultations.counted.map((c) => c.received)), consultationSource),
        fig('consultations.published', 'Ý kiến gửi trên cổng đã đăng', sumOf(consultations, consultations.counted.map((c) => c.published)), consultationSource),
        fig('consultations.takenUp', 'Ý kiến được tiếp thu', sumOf(consultations, consultations.counted.map((c) => c.takenUp)), consultationSource),
      ],
      items: consultations.items,
      undated: consultations.undated,
    },
    supervision: {
      source: supervisionSource,
      figures: [
        fig('supervision.activities', 'Hoạt động kiểm tra, giám sát ghi trên cổng', countOf(activities), supervisionSource),
        fig('supervision.recommendations', 'Kiến nghị sau giám sát', recommendations, supervisionSource),
        fig('supervision.answered', 'Kiến nghị đã được trả lời', recommendations === null ? null : findings.filter((a) => a.answered).length, supervisionSource),
      ],
      items: activities.items,
      undated: activities.undated,
    },
    disclosures: {
      total: fig('disclosures.total', 'Số văn bản, nội dung đã công khai', countKnown ? disclosed.length : null, disclosureSource),
      byCategory,
      byChannel,
      items: disclosed.map(disclosedItem),
      undated: undatedDisclosures.map(disclosedItem),
    },
    plans: inputs.disclosures
      .filter((d) => inForce(d, period, citedInPeriod))
      .sort((a, b) => a.issuedOn.localeCompare(b.issuedOn))
      .map(cited),
    procedures: {
      source: procedureSource,
      rows,
      total,
      figures: [
        procedureFigure('receivedTotal', 'Hồ sơ tiếp nhận'),
        procedureFigure('resolvedTotal', 'Hồ sơ đã giải quyết'),
        procedureFigure('resolvedEarly', 'Giải quyết trước hạn'),
        procedureFigure('resolvedOnTime', 'Giải quyết đúng hạn'),
        procedureFigure('resolvedLate', 'Giải quyết quá hạn'),
      ],
      onTimeRate: total ? onTimeRate(total) : null,
    },
    reception: {
      source: receptionSource,
      rules: inputs.ruleDescriptions,
      // A session the rule plans is not a session held: these come only from what the official
      // recorded after the day (issue 21 item 2); until then they are unknown, never the plan's count.
      figures: [
        fig('reception.regularScheduled', 'Buổi tiếp định kỳ đã tổ chức', inputs.reception?.held ?? null, receptionSource),
        fig('reception.regularCancelled', 'Buổi tiếp định kỳ không tổ chức', inputs.reception?.notHeld ?? null, receptionSource),
        fig('reception.extra', 'Buổi tiếp đột xuất, phối hợp', inputs.reception?.unscheduled ?? null, receptionSource),
        fig('reception.citizensReceived', 'Lượt công dân được tiếp', inputs.reception?.citizensReceived ?? null, receptionSource),
      ],
    },
    petitions: {
      source: petitionSource,
      figures: [
        petition('received', 'Đơn thư tiếp nhận'),
        petition('resolved', 'Đã giải quyết tại cấp xã'),
        petition('mediated', 'Trong đó: hòa giải thành'),
        petition('forwarded', 'Chuyển cấp trên'),
        petition('pending', 'Đang giải quyết'),
      ],
    },
    agency: {
      source: agencySource,
      figures: [
        fig('agency.contentsDone', 'Nội dung dân chủ trong cơ quan đã thực hiện', inputs.agency.agencyDone, agencySource),
        fig('agency.contentsTotal', 'Trên tổng số nội dung', inputs.agency.agencyTotal, agencySource),
      ],
    },
  };
}

/** Vietnamese number forms: "1.234", "99,79%". Unknown is "chưa có số liệu", never 0. */
const UNKNOWN_FIGURE = 'chưa có số liệu';
export function formatCount(value: number | null): string {
  return value === null ? UNKNOWN_FIGURE : value.toLocaleString('vi-VN');
}
export function formatRate(rate: number | null): string {
  return rate === null ? UNKNOWN_FIGURE : formatPercent(rate);
}

/** The file name of the Word draft: "bao-cao-dan-chu-co-so-2024-h1.docx". */
export const reportFileName = (p: ReportPeriod) => `bao-cao-dan-chu-co-so-${periodKey(reportPeriodOf(p))}.docx`;

/**
 * The parts of a report's stored text, found under their headings: those this portal writes
 * (REPORT_SECTIONS) and those of a report typed elsewhere in 78/BC-UBND's order ("I. …", "II. …"
 * with numbered items "1. Công khai…", "III. Đánh giá chung", "IV. Giải pháp…"). Text before the
 * first heading and under headings it does not know goes to the leadership part, so nothing is lost.
 */
export function reportParts(body: string): Partial<Record<ReportSection, string>> {
  const own = new Map<string, ReportSection>(REPORT_SECTION_KEYS.map((k) => [REPORT_SECTIONS[k], k]));
  const guess = (heading: string, roman: string | null): ReportSection => {
    const own_ = own.get(heading.trim());
    if (own_) return own_;
    const h = heading.normalize('NFC').toLocaleLowerCase('vi');
    if (roman === 'I') return 'leadership';
    if (roman === 'III') return 'assessment';
    if (roman === 'IV' || roman === 'V') return 'tasks';
    if (/04\/2015|trong hoạt động của cơ quan|dân chủ trong cơ quan/.test(h)) return 'agencyNote';
    if (/cải cách hành chính/.test(h)) return 'reformNote';
    if (/tiếp công dân|đơn thư|khiếu nại/.test(h)) return 'receptionNote';
    if (/bàn và quyết định/.test(h)) return 'decideNote';
    if (/tham gia ý kiến/.test(h)) return 'consultNote';
    if (/kiểm tra|giám sát/.test(h)) return 'superviseNote';
    if (/công khai/.test(h)) return 'disclosureNote';
    return 'leadership';
  };
  const parts: Partial<Record<ReportSection, string[]>> = {};
  let current: ReportSection = 'leadership';
  let roman: string | null = null;
  for (const raw of body.normalize('NFC').split('\n')) {
    const line = raw.trim();
    if (own.has(line)) {
      current = own.get(line)!;
      continue;
    }
    const r = /^(I{1,3}|IV|V)\.\s+(.*)$/.exec(line);
    if (r) {
      roman = r[1]!;
      current = guess(r[2]!, roman);
      // "II. Kết quả thực hiện" only opens the numbered items below it.
      continue;
    }
    const n = roman === 'II' ? /^\d+\.\s+(.*)$/.exec(line) : null;
    if (n) current = guess(n[1]!, null);
    (parts[current] ??= []).push(raw);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, lines]) => [k, lines!.join('\n').trim()]).filter(([, t]) => t !== '')) as Partial<Record<ReportSection, string>>;
}

/** "đã thực hiện 9/10 nội dung" in a report's office-democracy part: its two counts, else unknown. */
export function agencyCounts(text: string): Pick<ReportText, 'agencyDone' | 'agencyTotal'> {
  const m = /(\d{1,3})\s*\/\s*(\d{1,3})\s+nội dung/.exec(text.normalize('NFC'));
  return m && Number(m[1]) <= Number(m[2]) ? { agencyDone: Number(m[1]), agencyTotal: Number(m[2]) } : { agencyDone: null, agencyTotal: null };
}
