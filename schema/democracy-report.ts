import { z } from 'zod';
import { codeEnum } from './codes.ts';
import { dateField, formatDate, todayInVietnam, type IsoDate } from './dates.ts';
import type { Disclosure } from './disclosure.ts';
import { documentNumberField } from './document-number.ts';
import { disclosurePath } from './paths.ts';
import { periodKey, periodLabel, periodRange, PeriodSchema, type Period } from './period.ts';
import type { PetitionStats } from './petition-stats.ts';
import { formatPercent, onTimeRate, ProcedureRowSchema, totalRow, type ProcedureReport, type ProcedureRow } from './procedure-stats.ts';
import type { Session } from './reception.ts';
import { paragraphs } from './text.ts';

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
  assessment: 'III. Đánh giá chung',
  tasks: 'IV. Nhiệm vụ, giải pháp thời gian tới',
} as const;
export type ReportSection = keyof typeof REPORT_SECTIONS;
export const REPORT_SECTION_KEYS = Object.keys(REPORT_SECTIONS) as ReportSection[];

/** Where a half-year or annual report is sent (78/BC-UBND's "Nơi nhận"); the official edits it. */
export const DEFAULT_RECIPIENTS = 'UBND huyện;\nĐảng ủy (b/cáo);\nTT. UBND;\nLưu: VT.';

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
  assessment: section('assessment'),
  tasks: section('tasks'),
  recipients: paragraphs('Nơi nhận', 1000).default(DEFAULT_RECIPIENTS),
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
type FigureSource = z.output<typeof FigureSourceSchema>;

const FigureSchema = z.object({
  key: z.string().meta({ examples: ['procedures.receivedTotal'] }),
  label: z.string().meta({ examples: ['Hồ sơ tiếp nhận'] }),
  value: z.number().nullable().meta({ description: 'null: cổng chưa có số liệu này (không phải 0)', examples: [966] }),
  source: FigureSourceSchema,
});
export type Figure = z.output<typeof FigureSchema>;

const CitedDocumentSchema = z.object({ documentNumber: z.string(), issuedOn: z.string(), title: z.string(), path: z.string() });
type CitedDocument = z.output<typeof CitedDocumentSchema>;
const countBy = z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int() }));

/** A record of the other pillars, as the report lists it: its own date, or when unknown the day it was published. */
const PillarItemSchema = z.object({ title: z.string(), date: z.string(), dateKnown: z.boolean(), path: z.string() });
type PillarItem = z.output<typeof PillarItemSchema>;
const pillar = z.object({ source: FigureSourceSchema, figures: z.array(FigureSchema), items: z.array(PillarItemSchema) });

export const ReportFiguresSchema = z.object({
  period: StoredReportPeriodSchema,
  periodLabel: z.string(),
  disclosures: z.object({ total: FigureSchema, byCategory: countBy, byChannel: countBy, items: z.array(CitedDocumentSchema) }),
  plans: z.array(CitedDocumentSchema).meta({ description: 'Kế hoạch (KH) ban hành trong kỳ' }),
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
});
export type ReportFigures = z.output<typeof ReportFiguresSchema>;

/** The sources a report is computed from, loaded by schema/db/democracy-report.ts. */
export interface ReportInputs {
  disclosures: Disclosure[];
  categories: { slug: string; label: string }[];
  channels: Record<string, string>;
  procedure: ProcedureReport | null;
  petitions: PetitionStats | null;
  sessions: Session[];
  ruleDescriptions: string[];
  /** Published decisions by the people. */
  decisions: { title: string; date: IsoDate | null; publishedAt: string | null; path: string }[];
  /** Published consultations with their counts (null: unknown). */
  consultations: { title: string; date: IsoDate | null; publishedAt: string | null; path: string; received: number | null; published: number; takenUp: number | null }[];
  /** Published supervision activities: plans, and findings with their recommendation and the commune's answer. */
  activities: { title: string; date: IsoDate | null; publishedAt: string | null; path: string; finding: boolean; recommended: boolean; answered: boolean }[];
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

const within = (date: IsoDate, p: ReportPeriod) => date >= p.from && date <= p.to;
const fig = (key: string, label: string, value: number | null, source: FigureSource): Figure => ({ key, label, value, source });

/** Computes every figure of the report from the portal's records. Pure: tested on 78/BC-UBND's data. */
export function reportFigures(period: ReportPeriod, inputs: ReportInputs): ReportFigures {
  const key = periodKey(reportPeriodOf(period));
  const pLabel = reportPeriodLabel(period);
  const cited = (d: Disclosure): CitedDocument => ({ documentNumber: d.documentNumber, issuedOn: d.issuedOn, title: d.title, path: disclosurePath(d) });

  // Disclosed in the period: public documents issued in it (withdrawn ones were disclosed too).
  const disclosed = inputs.disclosures
    .filter((d) => d.status !== 'draft' && within(d.issuedOn, period))
    .sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.title.localeCompare(b.title, 'vi'));
  const byCategory = inputs.categories
    .map((c) => ({ code: c.slug, label: c.label, count: disclosed.filter((d) => d.category === c.slug).length }))
    .filter((c) => c.count > 0);
  const byChannel = Object.entries(inputs.channels)
    .map(([code, label]) => ({ code, label, count: disclosed.filter((d) => (d.channels as string[]).includes(code)).length }))
    .filter((c) => c.count > 0);
  const disclosureSource = { label: 'Danh sách nội dung công khai trên cổng', path: '/cong-khai/' };

  const procedureSource = { label: `Bảng kết quả giải quyết thủ tục hành chính ${pLabel}`, path: `/thong-ke/thu-tuc-hanh-chinh/${key}/` };
  const rows = inputs.procedure?.rows ?? null;
  const total = rows ? totalRow(rows) : null;
  const procedureFigure = (k: keyof ProcedureRow & string, label: string) => fig(`procedures.${k}`, label, total ? (total[k] as number) : null, procedureSource);

  const receptionSource = { label: 'Lịch tiếp công dân trên cổng', path: '/lich-tiep-cong-dan/' };
  const inPeriod = inputs.sessions.filter((s) => within(s.date, period) || (s.originalDate !== undefined && within(s.originalDate, period)));
  const regular = inPeriod.filter((s) => s.kind === 'regular');
  const count = (list: Session[]) => list.length;

  const petitionSource = { label: `Số liệu đơn thư ${pLabel}`, path: '/thong-ke/don-thu/' };
  const petition = (k: 'received' | 'resolved' | 'mediated' | 'forwarded' | 'pending', label: string) =>
    fig(`petitions.${k}`, label, inputs.petitions ? ((inputs.petitions[k] as number | null | undefined) ?? null) : null, petitionSource);

  // A record of the other pillars counts in the period by its own date (meeting, opening,
  // supervision); one whose date the source does not give, by the day it was published — in
  // Vietnam: a record published at 20:00 UTC on 30/06 was published on 01/07 and counts in July.
  const inPeriodRecords = <R extends { title: string; date: IsoDate | null; publishedAt: string | null; path: string }>(list: R[]) =>
    list
      .map((r) => ({ r, date: r.date ?? (r.publishedAt ? todayInVietnam(new Date(r.publishedAt)) : null) }))
      .filter((x): x is { r: R; date: IsoDate } => x.date !== null && within(x.date, period))
      .sort((a, b) => a.date.localeCompare(b.date));
  const item = (x: { r: { title: string; date: IsoDate | null; path: string }; date: IsoDate }): PillarItem => ({ title: x.r.title, date: x.date, dateKnown: x.r.date !== null, path: x.r.path });
  const sum = (values: (number | null)[]) => (values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0));

  const decisions = inPeriodRecords(inputs.decisions);
  const decisionSource = { label: 'Nhân dân bàn và quyết định', path: '/nhan-dan-quyet-dinh/' };
  const consultations = inPeriodRecords(inputs.consultations);
  const consultationSource = { label: 'Lấy ý kiến Nhân dân', path: '/lay-y-kien/' };
  const activities = inPeriodRecords(inputs.activities);
  const supervisionSource = { label: 'Kiểm tra, giám sát', path: '/giam-sat/' };
  const findings = activities.filter((a) => a.r.finding);

  return {
    period,
    periodLabel: pLabel,
    decisions: {
      source: decisionSource,
      figures: [fig('decisions.total', 'Nội dung Nhân dân bàn và quyết định ghi trên cổng', decisions.length, decisionSource)],
      items: decisions.map(item),
    },
    consultations: {
      source: consultationSource,
      figures: [
        fig('consultations.total', 'Nội dung lấy ý kiến Nhân dân ghi trên cổng', consultations.length, consultationSource),
        fig('consultations.received', 'Ý kiến nhận được (mọi hình thức)', sum(consultations.map((c) => c.r.received)), consultationSource),
        fig('consultations.published', 'Ý kiến gửi trên cổng đã đăng', sum(consultations.map((c) => c.r.published)), consultationSource),
        fig('consultations.takenUp', 'Ý kiến được tiếp thu', sum(consultations.map((c) => c.r.takenUp)), consultationSource),
      ],
      items: consultations.map(item),
    },
    supervision: {
      source: supervisionSource,
      figures: [
        fig('supervision.activities', 'Hoạt động kiểm tra, giám sát ghi trên cổng', activities.length, supervisionSource),
        fig('supervision.recommendations', 'Kiến nghị sau giám sát', findings.filter((a) => a.r.recommended).length, supervisionSource),
        fig('supervision.answered', 'Kiến nghị đã được trả lời', findings.filter((a) => a.r.answered).length, supervisionSource),
      ],
      items: activities.map(item),
    },
    disclosures: {
      total: fig('disclosures.total', 'Số văn bản, nội dung đã công khai trên cổng', disclosed.length, disclosureSource),
      byCategory,
      byChannel,
      items: disclosed.map(cited),
    },
    plans: disclosed.filter((d) => d.documentType === 'KH').map(cited),
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
      figures: [
        fig('reception.regularScheduled', 'Buổi tiếp định kỳ theo lịch', count(regular.filter((s) => s.status !== 'cancelled')), receptionSource),
        fig('reception.regularMoved', 'Trong đó: buổi dời ngày', count(regular.filter((s) => s.status === 'moved')), receptionSource),
        fig('reception.regularCancelled', 'Buổi tiếp định kỳ bị hủy', count(regular.filter((s) => s.status === 'cancelled')), receptionSource),
        fig('reception.extra', 'Buổi tiếp đột xuất, phối hợp', count(inPeriod.filter((s) => s.kind !== 'regular')), receptionSource),
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
