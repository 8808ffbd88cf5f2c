import { z } from '../core/zod.ts';
import { editOver, type FieldList } from '../core/fields.ts';
import { codeEnum, codesOf, type CodeOf } from '../core/codes.ts';
import { dateField, daysBetween, formatDate, parseDate, type IsoDate } from '../core/dates.ts';
import { documentNumberField } from './document-number.ts';
import { optionalText, paragraphs, requiredText } from '../core/text.ts';
import {
  channelDetailIssues,
  ChannelDetailsSchema,
  ChannelMinimumsSchema,
  MIN_REASON_LENGTH,
  shortPostingGroundField,
  usedDetails,
} from './channels.ts';

/**
 * A disclosure (công khai): one item the commune makes known to the people under
 * Law 10/2022/QH15, Điều 11–14. Plans and reports are disclosures too; their kind follows
 * from the type code in the document number ("28/KH-UBND" is a plan).
 */

/** Forms of disclosure (Điều 12–13). Codes are stable; labels are what people read. */
export const CHANNELS = {
  office_board: 'Niêm yết tại trụ sở Ủy ban nhân dân',
  community_house: 'Niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng',
  portal: 'Đăng trên cổng thông tin điện tử',
  loudspeaker: 'Đọc trên hệ thống loa truyền thanh',
  village_head: 'Thông qua trưởng thôn, tổ trưởng tổ dân phố',
  other: 'Hình thức khác',
} as const;
export const CHANNEL_CODES = codesOf(CHANNELS);
// schema/disclosure/channels.ts lists the same codes (it cannot import this module): a difference is a type error.
type SameCodes = (typeof CHANNEL_CODES)[number] extends keyof z.output<typeof ChannelDetailsSchema> ? (keyof z.output<typeof ChannelDetailsSchema> extends (typeof CHANNEL_CODES)[number] ? true : never) : never;
void (true satisfies SameCodes);

export const STATUSES = {
  draft: 'Bản nháp',
  published: 'Đã công khai',
  withdrawn: 'Đã thu hồi',
} as const;
export type DisclosureStatus = CodeOf<typeof STATUSES>;

/** A plan's progress; '' for every other kind of document. */
export const PLAN_STATUSES = { in_progress: 'Đang thực hiện', completed: 'Đã hoàn thành' } as const;

/** Where no law sets a period, posting lasts at least 30 days (Law on Access to Information, Điều 21). */
export const MIN_POSTING_DAYS = 30;

const categoryField = z
  .string({ error: 'Chưa chọn nội dung công khai (Điều 11).' })
  .regex(/^[a-z0-9-]{1,60}$/, { error: 'Nội dung công khai (Điều 11) không hợp lệ: hãy chọn một mục trong danh sách.' });

/** The fields an official types. The form, the API and the demo data all go through this. */
export const DisclosureFieldsSchema = z.object({
  title: requiredText('Tiêu đề', 300).meta({ examples: ['Công khai dự toán ngân sách thị trấn năm 2025'] }),
  category: categoryField.meta({ description: 'Mã nội dung công khai theo Điều 11 (xem danh mục)', examples: ['ngan-sach'] }),
  documentNumber: documentNumberField.default(''),
  issuedOn: dateField('Ngày ban hành'),
  issuer: requiredText('Cơ quan ban hành', 200),
  summary: paragraphs('Tóm tắt', 2000).min(1, { error: 'Chưa nhập tóm tắt.' }),
  body: paragraphs('Nội dung', 100_000).default(''),
  channels: z
    .array(z.enum(CHANNEL_CODES, { error: 'Hình thức công khai không hợp lệ.' }), {
      error: 'Chưa chọn hình thức công khai.',
    })
    .min(1, { error: 'Chọn ít nhất một hình thức công khai.' })
    .transform((list) => CHANNEL_CODES.filter((code) => list.includes(code))),
  postingStart: dateField('Ngày bắt đầu niêm yết'),
  postingEnd: dateField('Ngày kết thúc niêm yết').optional(),
  permanent: z.boolean({ error: 'Giá trị "công khai thường xuyên" phải là đúng/sai.' }).default(false),
  shortPostingReason: optionalText(`Căn cứ niêm yết dưới ${MIN_POSTING_DAYS} ngày`, 500),
  /** The legal ground chosen from a list, for a posting shorter than MIN_POSTING_DAYS. */
  shortPostingGround: shortPostingGroundField,
  /** Per channel used: its own days and, for boards, the places (schema/disclosure/channels.ts). */
  channelDetails: ChannelDetailsSchema,
  /**
   * Entered afterwards to record a disclosure made before (on boards, by loudspeaker): going on the
   * portal was then not the disclosure, and the report counts it by its channels' own days, or
   * `postedPeriod` (issue 21).
   */
  recordedAfter: z.boolean({ error: 'Giá trị "ghi nhận sau" phải là đúng/sai.' }).default(false),
  /** When the days are not known: the period it was made known in ("6 tháng đầu năm 2024"). */
  postedPeriod: optionalText('Thời gian công khai thực tế', 100),
  /** Plans and reports: the period covered ("Năm 2024", "6 tháng đầu năm 2024"). */
  periodLabel: optionalText('Thời kỳ', 100),
  /** Plans: whether they are being carried out or done. */
  planStatus: z.enum(['', ...codesOf(PLAN_STATUSES)], { error: 'Tình trạng kế hoạch không hợp lệ.' }).default(''),
  /** The day the plan's status was recorded; set to the day of the save when the status changes without one. */
  planStatusOn: dateField('Ngày cập nhật tình trạng kế hoạch').optional(),
  /** Numbers of the documents this one cites or implements ("28/KH-UBND"). */
  cites: z
    .union([z.array(z.string()), z.string()], { error: 'Văn bản liên quan phải là danh sách số, ký hiệu.' })
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,;\n]/)).map((x) => x.normalize('NFC').trim()).filter(Boolean))
    .pipe(z.array(documentNumberField).max(20, { error: 'Tối đa 20 văn bản liên quan.' }))
    .default([]),
});

/** What an official writes about a disclosure; the data module's column map must cover every key. */
export type DisclosureFields = z.output<typeof DisclosureFieldsSchema>;
type Fields = DisclosureFields;

/** A field that parsed to a real `YYYY-MM-DD` day (a field with its own error does not). */
const isDay = (v: unknown): v is IsoDate => typeof v === 'string' && parseDate(v) === v;

/**
 * Rules that span fields: each channel's own days fit its record, a document is posted from its
 * issue date on, a period has an end unless permanent, and lasts MIN_POSTING_DAYS unless a ground
 * and a real reason are given. They run even when
 * other fields are wrong (`when` below), so a form shows every problem in one pass; a rule
 * only looks at fields that parsed.
 */
function checkPostingPeriod(value: Partial<Fields>, ctx: z.RefinementCtx) {
  if (Array.isArray(value.channels) && value.channelDetails) {
    for (const issue of channelDetailIssues(value.channels, value.channelDetails)) ctx.addIssue({ code: 'custom', ...issue });
  }
  if (isDay(value.issuedOn) && isDay(value.postingStart) && daysBetween(value.issuedOn, value.postingStart) < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['postingStart'],
      message: `Ngày bắt đầu niêm yết (${formatDate(value.postingStart)}) trước ngày ban hành (${formatDate(value.issuedOn)}): văn bản chỉ niêm yết được từ ngày ban hành.`,
    });
  }
  if (value.permanent === true) return;
  if (value.postingEnd === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['postingEnd'],
      message: 'Chưa nhập ngày kết thúc niêm yết (hoặc chọn "Công khai thường xuyên").',
    });
    return;
  }
  if (!isDay(value.postingStart) || !isDay(value.postingEnd)) return;
  const days = postingDays(value.postingStart, value.postingEnd);
  if (days < 1) {
    ctx.addIssue({ code: 'custom', path: ['postingEnd'], message: 'Ngày kết thúc niêm yết phải sau ngày bắt đầu.' });
  } else if (days < MIN_POSTING_DAYS) {
    if (!value.shortPostingGround) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortPostingGround'],
        message: `Thời gian niêm yết là ${days} ngày, ít hơn ${MIN_POSTING_DAYS} ngày: hãy chọn căn cứ cho thời hạn này, hoặc kéo dài đến ít nhất ${MIN_POSTING_DAYS} ngày.`,
      });
    }
    if ((value.shortPostingReason ?? '').length < MIN_REASON_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortPostingReason'],
        message: `Thời gian niêm yết là ${days} ngày, ít hơn ${MIN_POSTING_DAYS} ngày: hãy ghi rõ căn cứ pháp lý (ít nhất ${MIN_REASON_LENGTH} ký tự, ví dụ "khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP"), hoặc kéo dài đến ít nhất ${MIN_POSTING_DAYS} ngày.`,
      });
    }
  }
}

/** Runs the cross-field rules whenever the input is an object, even with other fields wrong. */
const ALWAYS = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/** Number of posting days, counting both the first and the last day. */
export function postingDays(start: IsoDate, end: IsoDate): number {
  return daysBetween(start, end) + 1;
}

/** Drops the end date of a permanent posting so that stored data has one meaning. */
function tidy<T extends Fields>(value: T): T {
  const kept = { ...value, channelDetails: usedDetails(value.channels, value.channelDetails) };
  return kept.permanent ? { ...kept, postingEnd: undefined } : kept;
}

// Create adds the choice to publish at once; update carries the version it was based on,
// so a save made on a stale copy is refused instead of overwriting another person's work.
export const DisclosureCreateSchema = DisclosureFieldsSchema.extend({
  publish: z.boolean({ error: 'Giá trị "công khai ngay" phải là đúng/sai.' }).default(false),
})
  .superRefine(checkPostingPeriod, ALWAYS)
  .transform(tidy);

export const DisclosureUpdateSchema = DisclosureFieldsSchema.extend({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1, { error: 'Số phiên bản không hợp lệ.' }),
  changeNote: optionalText('Lý do sửa đổi', 500),
})
  .superRefine(checkPostingPeriod, ALWAYS)
  .transform(tidy);

export const WithdrawSchema = z.object({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1),
  reason: requiredText('Lý do thu hồi', 500),
});

export const PublishSchema = z.object({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1),
});

export type DisclosureCreateInput = z.input<typeof DisclosureCreateSchema>;

/** A stored disclosure, as the API answers and the site reads it. */
export const DisclosureSchema = DisclosureFieldsSchema.extend({
  id: z.number().int(),
  slug: z.string(),
  documentType: z.string(),
  status: codeEnum(STATUSES, 'Trạng thái không hợp lệ.'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  /** The category's minimum days per channel in force when the item was published; null for a draft (schema/disclosure/channels.ts minimumsFor). */
  channelMinimums: ChannelMinimumsSchema.nullable(),
  /** Account that last wrote the item: the four-eyes rule compares it with the publisher. */
  lastEditorId: z.number().int().nullable(),
});
export type Disclosure = z.output<typeof DisclosureSchema>;

export type PostingState =
  | { kind: 'permanent' }
  | { kind: 'upcoming'; from: IsoDate }
  | { kind: 'posting'; until: IsoDate }
  | { kind: 'ended' };

/** Whether a disclosure is being posted on `today`, and from or until when. */
export function postingState(d: Pick<Disclosure, 'permanent' | 'postingStart' | 'postingEnd'>, today: IsoDate): PostingState {
  if (daysBetween(today, d.postingStart) > 0) return { kind: 'upcoming', from: d.postingStart };
  if (d.permanent || !d.postingEnd) return { kind: 'permanent' };
  return daysBetween(today, d.postingEnd) >= 0 ? { kind: 'posting', until: d.postingEnd } : { kind: 'ended' };
}

/**
 * Vietnamese wording of a posting state, by dates: "Đang niêm yết đến hết ngày 30/06/2024".
 * Never "còn 12 ngày": a published page then changes only on the days its state changes (the
 * posting starts or ends), which is all the daily publish renders again (functions/publish.ts).
 */
export function postingLabel(state: PostingState): string {
  switch (state.kind) {
    case 'permanent':
      return 'Công khai thường xuyên';
    case 'upcoming':
      return `Sắp niêm yết, từ ngày ${formatDate(state.from)}`;
    case 'posting':
      return `Đang niêm yết đến hết ngày ${formatDate(state.until)}`;
    case 'ended':
      return 'Hết thời hạn niêm yết';
  }
}

/**
 * Each field of a disclosure as officials know it: the pending panel (what a second approver
 * reads) and the audit log name the fields by these labels. The disclosure form lays its
 * fields out in fieldsets of its own (functions/admin/disclosure-form.tsx, whose valuesOf is
 * typed by the same keys), hence 'custom'.
 */
export const DISCLOSURE_FIELDS: FieldList<DisclosureFields> = {
  title: { label: 'Tiêu đề', control: 'custom' },
  category: { label: 'Nội dung công khai (Điều 11)', control: 'custom' },
  documentNumber: { label: 'Số, ký hiệu văn bản', control: 'custom' },
  issuedOn: { label: 'Ngày ban hành', control: 'custom' },
  issuer: { label: 'Cơ quan ban hành', control: 'custom' },
  summary: { label: 'Tóm tắt', control: 'custom' },
  body: { label: 'Nội dung đầy đủ', control: 'custom' },
  channels: { label: 'Hình thức công khai', control: 'custom' },
  postingStart: { label: 'Niêm yết từ ngày', control: 'custom' },
  postingEnd: { label: 'Niêm yết đến ngày', control: 'custom' },
  permanent: { label: 'Công khai thường xuyên', control: 'custom' },
  shortPostingReason: { label: `Lý do niêm yết dưới ${MIN_POSTING_DAYS} ngày`, control: 'custom' },
  shortPostingGround: { label: `Căn cứ niêm yết dưới ${MIN_POSTING_DAYS} ngày`, control: 'custom' },
  channelDetails: { label: 'Ngày và nơi của từng hình thức', control: 'custom' },
  recordedAfter: { label: 'Ghi nhận việc công khai đã làm trước đó', control: 'custom' },
  postedPeriod: { label: 'Thời gian công khai thực tế', control: 'custom' },
  periodLabel: { label: 'Thời kỳ', control: 'custom' },
  planStatus: { label: 'Tình trạng kế hoạch', control: 'custom' },
  planStatusOn: { label: 'Ngày cập nhật tình trạng', control: 'custom' },
  cites: { label: 'Văn bản liên quan', control: 'custom' },
};

/**
 * An API edit of a disclosure over the stored one (schema/core/fields.ts editOver), with one rule of
 * its own: an edit that changes a plan's status without a status date gets the day of the save
 * (statusDay in schema/disclosure/disclosures.use-cases.ts), not the old status's date carried over.
 */
export function disclosureEditOver(stored: Disclosure, sent: unknown): unknown {
  const fresh = typeof sent === 'object' && sent !== null && 'planStatus' in sent && !('planStatusOn' in sent) && sent.planStatus !== stored.planStatus;
  const keys = Object.keys(DISCLOSURE_FIELDS).filter((key) => !(fresh && key === 'planStatusOn'));
  return editOver(keys, stored, sent);
}
