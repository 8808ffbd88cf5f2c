import {
  agencyCounts,
  defaultRecipients,
  RECIPIENT_TO_FILL,
  DISTRICTS_ENDED_ON,
  reportParts,
  reportPeriodOf,
  type ReportPeriod,
  type ReportSection,
  REPORT_SECTION_KEYS,
  ReportDraftUpdateSchema,
  ReportPeriodSchema,
  ReportTextSchema,
  reportName,
  REPORT_SECTIONS,
  type ReportDraft,
  type ReportText,
} from './democracy-report.ts';
import { categoryExists, currentMinimums } from '../disclosure/categories.db.ts';
import { todayInVietnam } from '../core/dates.ts';
import {
  computeReportFigures,
  findReportForPeriod,
  getReport,
  insertReport,
  listReports,
  publishReport as storePublished,
  saveReport,
} from './democracy-reports.db.ts';
import { freeSlug, getDisclosure, listCitations, listDisclosures, PUBLIC_STATUSES } from '../disclosure/disclosures.db.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { labelRange, periodRange } from '../statistics/period.ts';
import { getUnit } from '../unit/unit.db.ts';
import { getUnitOn } from '../unit/unit-names.db.ts';
import { documentTypeOf } from '../disclosure/document-number.ts';
import { ForbiddenError, NotFoundError, RuleError, VersionConflictError } from '../core/errors.ts';
import { pagesShowing } from '../publishing/publish.ts';
import { mayPublish } from '../accounts/review.ts';
import { committeeName } from '../unit/unit.ts';
import { z } from '../core/zod.ts';
import { authorize } from '../accounts/roles.ts';
import { parseInput } from '../core/validation.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * Drafting the periodic report on grassroots democracy: make a draft for a period (its text
 * starts from the previous report's), edit the narrative parts, publish it as a disclosure of
 * type BC with its figures frozen. Editors draft; approvers publish, under the four-eyes rule.
 */

const NOT_FOUND = 'Không tìm thấy báo cáo này.';

/**
 * The text a new draft for `period` starts from. Most of a commune's narrative carries over, so
 * the parts come from the previous report drafted here; without one, from the latest report
 * published as a disclosure of type BC for this period or an earlier one (the demo's 78/BC-UBND,
 * whose text is stored): its parts found under their headings. Figures never carry over from
 * another period: the office-democracy counts are taken only from a report of this very period.
 * The signer comes from the unit; "Nơi nhận" follows the unit's superior for the period.
 */
export async function offeredText(db: D1Database, period: ReportPeriod, registryProvince: string | null = null): Promise<ReportText> {
  const unit = await getUnit(db);
  const signer = { signPrefix: unit?.signPrefix ?? 'TM', signerTitle: unit?.signerTitle ?? '', signerName: unit?.signerName ?? '' };
  const recipients = defaultRecipients(period, unit, registryProvince);
  const blank = ReportTextSchema.parse({ recipients, ...signer });
  const previous = (await listReports(db)).find((r) => r.period.to < period.from);
  if (previous) {
    const sameEra = (previous.period.to < DISTRICTS_ENDED_ON) === (period.to < DISTRICTS_ENDED_ON);
    // A line the previous report left to fill is offered anew: the province may be named since.
    const carried = sameEra && !previous.recipients.includes(RECIPIENT_TO_FILL);
    return { ...blank, ...narrativeOf(previous), recipients: carried ? previous.recipients : recipients };
  }
  const whole = periodRange(reportPeriodOf(period));
  const stored = (await listDisclosures(db, { statuses: PUBLIC_STATUSES }))
    .filter((d) => d.documentType === 'BC' && d.status === 'published' && d.body.trim() !== '')
    .map((d) => ({ d, range: labelRange(d.periodLabel) }))
    .filter((x): x is { d: Disclosure; range: { start: string; end: string } } => x.range !== null && x.range.end <= whole.end)
    .sort((a, b) => b.range.end.localeCompare(a.range.end) || b.d.issuedOn.localeCompare(a.d.issuedOn))[0];
  if (!stored) return blank;
  const parts = reportParts(stored.d.body);
  const samePeriod = stored.range.start === whole.start && stored.range.end === whole.end;
  return { ...blank, ...parts, ...(samePeriod ? agencyCounts(parts.agencyNote ?? '') : {}) };
}

const narrativeOf = (r: ReportText): Pick<ReportText, ReportSection> => Object.fromEntries(REPORT_SECTION_KEYS.map((k) => [k, r[k]])) as Pick<ReportText, ReportSection>;

/** The text of the draft for a period: the stored draft's, else the text a new draft would start from. */
export async function draftText(db: D1Database, period: ReportPeriod, registryProvince: string | null = null): Promise<ReportText> {
  const stored = await findReportForPeriod(db, period);
  return stored ?? offeredText(db, period, registryProvince);
}

/** `registryProvince`: the province's name in the deployment's registry (null: not named), for "Nơi nhận". */
export async function createReport(ctx: WriteContext, raw: unknown, registryProvince: string | null = null): Promise<Outcome<ReportDraft>> {
  authorize(ctx.actor, 'record.draft');
  const period = parseInput(ReportPeriodSchema, raw);
  const existing = await findReportForPeriod(ctx.db, period);
  if (existing) throw new RuleError('period', `Kỳ này đã có báo cáo (mã ${existing.id}): hãy mở báo cáo đó để sửa.`);
  const text: ReportText = { ...(await offeredText(ctx.db, period, registryProvince)), documentNumber: '' };
  const created = await insertReport(ctx.db, period, text, ctx.actor, ctx.now);
  if (!created) throw new RuleError('period', 'Kỳ này vừa có báo cáo do người khác lập: hãy mở danh sách báo cáo.');
  return { value: created, publish: null };
}

async function loadDraftAt(ctx: WriteContext, id: number, version: number): Promise<ReportDraft> {
  const current = await getReport(ctx.db, id);
  if (!current) throw new NotFoundError(NOT_FOUND);
  if (current.status !== 'draft') throw new RuleError('status', 'Báo cáo đã công khai nên không sửa được nữa; nếu cần đính chính, hãy sửa nội dung công khai của báo cáo (có ghi lý do).');
  if (current.version !== version) throw new VersionConflictError(current.version);
  return current;
}

/** Saves the official's text of a draft, guarded by its version. */
export async function updateReport(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<ReportDraft>> {
  authorize(ctx.actor, 'record.draft');
  const { version, ...text } = parseInput(ReportDraftUpdateSchema, raw);
  const before = await loadDraftAt(ctx, id, version);
  const after: ReportDraft = { ...before, ...text, version: before.version + 1, lastEditorId: ctx.actor.accountId };
  if (!(await saveReport(ctx.db, before, after, ctx.actor, ctx.now))) throw new VersionConflictError((await getReport(ctx.db, id))?.version ?? version);
  return { value: (await getReport(ctx.db, id))!, publish: null };
}

const PublishReportSchema = z.object({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1),
  category: z.string({ error: 'Chưa chọn nội dung công khai.' }).regex(/^[a-z0-9-]{1,60}$/, { error: 'Nội dung công khai không hợp lệ.' }),
});

/**
 * Publishes a draft: it needs its number (type BC); its figures are computed one last time and
 * frozen; a disclosure of type BC is published with the report's text, citing the plans it
 * reports on. Approvers only; with four eyes, not by the draft's last writer.
 */
export async function publishReport(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<ReportDraft>> {
  const { version, category } = parseInput(PublishReportSchema, raw);
  const before = await loadDraftAt(ctx, id, version);
  authorize(ctx.actor, 'record.publish');
  const unit = await getUnit(ctx.db);
  const verdict = mayPublish(ctx.actor, { lastEditorId: before.lastEditorId }, unit?.fourEyes ?? false);
  if (!verdict.ok) throw new ForbiddenError(verdict.message);
  if (!before.documentNumber) throw new RuleError('documentNumber', 'Chưa có số, ký hiệu của báo cáo (ví dụ 78/BC-UBND): hãy ghi số rồi lưu trước khi công khai.');
  if (documentTypeOf(before.documentNumber) !== 'BC') throw new RuleError('documentNumber', `Số, ký hiệu "${before.documentNumber}" không phải của báo cáo (BC), ví dụ 78/BC-UBND.`);
  if (!(await categoryExists(ctx.db, category))) throw new RuleError('category', 'Nội dung công khai không có trong danh mục.');
  if (before.recipients.includes(RECIPIENT_TO_FILL)) throw new RuleError('recipients', 'Nơi nhận còn dòng "Cần điền": hãy ghi tên Ủy ban nhân dân tỉnh, thành phố nhận báo cáo rồi lưu trước khi công khai.');

  const figures = await computeReportFigures(ctx.db, before.period, before);
  const title = reportName(before.period);
  // The calendar day in Vietnam: ctx.now is UTC, which is still yesterday until 07:00 there.
  const issuedOn = todayInVietnam(new Date(ctx.now));
  // The issuer is the committee under its name in force on the report's date.
  const issuingUnit = await getUnitOn(ctx.db, issuedOn);
  const after: ReportDraft = { ...before, status: 'published', version: before.version + 1, figures };
  const disclosureId = await storePublished(
    ctx.db,
    before,
    after,
    {
      title,
      category,
      documentNumber: before.documentNumber,
      documentType: 'BC',
      issuedOn,
      issuer: issuingUnit ? committeeName(issuingUnit) : 'Ủy ban nhân dân',
      summary: before.leadership.split('\n')[0] || title,
      body: reportBody(before),
      channels: ['portal'],
      postingStart: issuedOn,
      postingEnd: undefined,
      permanent: true,
      shortPostingReason: '',
      shortPostingGround: '',
      channelDetails: {},
      periodLabel: figures.periodLabel,
      recordedAfter: false,
      postedPeriod: '',
      planStatus: '',
      cites: figures.plans.map((p) => p.documentNumber).filter(Boolean),
      slug: await freeSlug(ctx.db, title),
      status: 'published',
      publishedAt: ctx.now,
      channelMinimums: await currentMinimums(ctx.db, category),
    },
    ctx.actor,
    ctx.now,
  );
  if (disclosureId === null) throw new VersionConflictError((await getReport(ctx.db, id))?.version ?? version);
  const saved = (await getReport(ctx.db, id))!;
  const disclosure = (await getDisclosure(ctx.db, disclosureId))!;
  // The new report's page, and the plans it cites (their "Văn bản liên quan" now lists it).
  return { value: saved, publish: { reason: `democracy report ${id} published`, scope: async () => ({ disclosures: pagesShowing(disclosure, await listCitations(ctx.db)), areas: ['disclosures'] }) } };
}

/** The report's narrative as the disclosure's body text, under its section headings; the tables are shown from the frozen figures. */
function reportBody(r: ReportDraft): string {
  return REPORT_SECTION_KEYS.filter((k) => r[k].trim() !== '')
    .map((k) => `${REPORT_SECTIONS[k]}\n${r[k]}`)
    .join('\n\n');
}
