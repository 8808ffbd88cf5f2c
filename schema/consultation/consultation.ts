import { z } from '../core/zod.ts';
import type { FieldList } from '../core/fields.ts';
import { codeEnum, codesOf } from '../core/codes.ts';
import { dateField, type IsoDate } from '../core/dates.ts';
import { documentNumberField } from '../disclosure/document-number.ts';
import { oneLineText, optionalText, paragraphs, requiredText } from '../core/text.ts';

/**
 * A consultation (lấy ý kiến Nhân dân): a matter the people are asked about before the
 * authorities decide (Law 10/2022/QH15, Điều 25–29), the opinions they give — on paper, at
 * meetings, or on the portal — and the published result: how each group of opinions was taken
 * up (tiếp thu) or why not (giải trình).
 */

/** The matters of Điều 25 (law-brief.md §3; wording kept general where it is unconfirmed). */
export const CONSULTATION_SUBJECTS = {
  socio_economic_plan: 'Dự thảo kế hoạch phát triển kinh tế - xã hội',
  land_use_plan: 'Dự thảo quy hoạch, kế hoạch sử dụng đất',
  compensation: 'Phương án bồi thường, hỗ trợ, tái định cư',
  boundary: 'Đề án thành lập, nhập, chia, điều chỉnh địa giới, đặt tên đơn vị hành chính',
  construction_plan: 'Dự thảo quy hoạch xây dựng',
  draft_decision: 'Dự thảo quyết định hành chính có ảnh hưởng đến cộng đồng',
  democracy_regulation: 'Dự thảo quy chế thực hiện dân chủ ở cơ sở',
  projects: 'Chương trình, dự án, công trình trên địa bàn',
  other: 'Nội dung khác theo quy định',
} as const;

/** How opinions are collected (law-brief.md §3); "voter_meeting" is the report's "tiếp xúc cử tri". */
export const CONSULTATION_CHANNELS = {
  dialogue: 'Hội nghị đối thoại',
  meeting: 'Họp dân ở thôn, tổ dân phố',
  voter_meeting: 'Tiếp xúc cử tri',
  questionnaire: 'Phiếu lấy ý kiến hộ gia đình',
  suggestion_box: 'Hòm thư góp ý, đường dây nóng',
  portal: 'Cổng thông tin điện tử',
  social: 'Mạng xã hội',
} as const;
export const CONSULTATION_CHANNEL_CODES = codesOf(CONSULTATION_CHANNELS);
export type ConsultationChannel = (typeof CONSULTATION_CHANNEL_CODES)[number];

export const CONSULTATION_STATUSES = { draft: 'Bản nháp', published: 'Đã công khai', withdrawn: 'Đã thu hồi' } as const;
export const SUMMARY_STATUSES = { none: 'Chưa có', draft: 'Bản nháp', published: 'Đã công khai' } as const;
export const OPINION_STATUSES = { pending: 'Chờ duyệt', published: 'Đã đăng', hidden: 'Không đăng' } as const;
export const THEME_OUTCOMES = { taken_up: 'Tiếp thu', explained: 'Giải trình' } as const;
export const OpinionStatusSchema = codeEnum(OPINION_STATUSES, 'Trạng thái ý kiến không hợp lệ.');

/** An opinion's text: long enough for a page of argument, small enough to read on a phone. */
export const MAX_OPINION_CHARS = 5000;
/** The whole opinion form as sent; a bigger body is refused with 413 before it is read. */
export const MAX_OPINION_BYTES = 32 * 1024;
/** One address may give this many opinions per window (all consultations); the next is refused. */
export const OPINIONS_PER_ADDRESS = 10;
/**
 * One consultation takes at most this many portal opinions not hidden per window from addresses
 * it has already heard (a flood guard); a first-time address is never refused by it (issue 22.9).
 */
export const OPINIONS_PER_CONSULTATION = 500;
/**
 * From this many opinions waiting for moderation, the form's bot check turns on by itself: the
 * Turnstile widget when the unit set its keys; without keys, an address the consultation has
 * already heard is refused until moderators catch up (a first-time address still gets through).
 */
export const PENDING_BOT_CHECK = 100;
export const OPINION_WINDOW_HOURS = 24;

const countField = (label: string) =>
  z
    .union([z.number(), z.string(), z.null()], { error: `${label} phải là số.` })
    .transform((v, ctx) => {
      if (v === null || (typeof v === 'string' && v.trim() === '')) return null;
      const n = typeof v === 'number' ? v : Number(v.trim());
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
        ctx.addIssue({ code: 'custom', message: `${label} phải là số nguyên từ 0 trở lên (để trống nếu không rõ).` });
        return z.NEVER;
      }
      return n;
    });

/** The fields an official types about a consultation; the admin and the demo use this. */
export const ConsultationFieldsSchema = z.object({
  title: requiredText('Tên nội dung lấy ý kiến', 300),
  subject: codeEnum(CONSULTATION_SUBJECTS, 'Chưa chọn nội dung lấy ý kiến theo Điều 25: hãy chọn một mục trong danh sách.'),
  summary: paragraphs('Tóm tắt', 5000).min(1, { error: 'Chưa nhập tóm tắt nội dung lấy ý kiến.' }),
  opensOn: dateField('Ngày bắt đầu lấy ý kiến').nullable().default(null),
  closesOn: dateField('Ngày kết thúc lấy ý kiến').nullable().default(null),
  /** When the days are not known: the period the source names ("6 tháng đầu năm 2024"); the report counts it there. */
  periodLabel: optionalText('Thời kỳ', 100),
  channels: z
    .array(z.enum(CONSULTATION_CHANNEL_CODES, { error: 'Hình thức lấy ý kiến không hợp lệ.' }), { error: 'Chưa chọn hình thức lấy ý kiến.' })
    .min(1, { error: 'Chọn ít nhất một hình thức lấy ý kiến.' })
    .transform((list) => CONSULTATION_CHANNEL_CODES.filter((code) => list.includes(code))),
  illustration: z.boolean({ error: 'Giá trị "ví dụ minh họa" phải là đúng/sai.' }).default(false),
});
export type ConsultationFields = z.output<typeof ConsultationFieldsSchema>;

function checkDates(value: Pick<ConsultationFields, 'opensOn' | 'closesOn'>, ctx: z.RefinementCtx) {
  if (value.opensOn && value.closesOn && value.closesOn < value.opensOn) {
    ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'Ngày kết thúc lấy ý kiến phải từ ngày bắt đầu trở đi.' });
  }
}

export const ConsultationCreateSchema = ConsultationFieldsSchema.extend({
  publish: z.boolean({ error: 'Giá trị "công khai ngay" phải là đúng/sai.' }).default(false),
}).superRefine(checkDates);

/** The version an official's page was based on: a save on a stale copy is refused, never overwritten. */
export const VersionSchema = z.object({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1, { error: 'Số phiên bản không hợp lệ.' }),
});

// An edit of a published consultation carries a public reason: the past never changes silently.
export const ConsultationUpdateSchema = ConsultationFieldsSchema.extend({
  ...VersionSchema.shape,
  changeNote: optionalText('Lý do sửa đổi', 500),
}).superRefine(checkDates);

/** Opinions received outside the portal, per channel; an empty box is "not known", never 0. */
export const OfflineCountsSchema = z.object(
  Object.fromEntries(CONSULTATION_CHANNEL_CODES.filter((c) => c !== 'portal').map((c) => [c, countField(`Số ý kiến qua "${CONSULTATION_CHANNELS[c]}"`).optional()])) as Record<
    Exclude<ConsultationChannel, 'portal'>,
    z.ZodOptional<ReturnType<typeof countField>>
  >,
);

export const ThemeSchema = z.object({
  theme: requiredText('Nhóm ý kiến', 300),
  opinions: countField('Số ý kiến của nhóm').default(null),
  outcome: codeEnum(THEME_OUTCOMES, 'Chọn "Tiếp thu" hoặc "Giải trình" cho mỗi nhóm ý kiến.'),
  response: paragraphs('Nội dung tiếp thu, giải trình', 3000).min(1, { error: 'Chưa nhập nội dung tiếp thu hoặc giải trình.' }),
});

/** The result after closing; publishing it follows the four-eyes rule like any publication. */
export const SummarySchema = z.object({
  ...VersionSchema.shape,
  themes: z.array(ThemeSchema).min(1, { error: 'Nhập ít nhất một nhóm ý kiến và cách tiếp thu, giải trình.' }).max(30),
  resultNote: paragraphs('Kết quả chung', 5000).default(''),
  finalDocumentNumber: documentNumberField.default(''),
  publish: z.boolean().default(false),
  changeNote: optionalText('Lý do sửa đổi', 500),
});

/** What a citizen sends from the consultation page. */
export const OpinionSchema = z.object({
  body: paragraphs('Ý kiến', MAX_OPINION_CHARS).min(1, { error: 'Chưa nhập ý kiến.' }),
  authorName: oneLineText('Họ và tên', 100),
  authorPlace: oneLineText('Thôn, tổ dân phố', 100),
  contact: oneLineText('Số điện thoại hoặc thư điện tử', 150),
  consent: z.literal(true, { error: 'Hãy đánh dấu ô đồng ý để Ủy ban nhân dân được xử lý ý kiến và thông tin bạn gửi.' }),
});

export const ModerationSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('publish'),
    publishedBody: paragraphs('Nội dung đăng công khai', MAX_OPINION_CHARS).min(1, { error: 'Chưa nhập nội dung đăng công khai (đã bỏ thông tin cá nhân).' }),
    showName: z.boolean().default(false),
  }),
  z.object({ decision: z.literal('hide'), hideReason: requiredText('Lý do không đăng', 300) }),
], { error: 'Chọn "Đăng" hoặc "Không đăng".' });

/** "07/12/2026 08:30" (or "2026-12-07T08:30") typed in Vietnam time → UTC ISO; '' → null. */
const vietnamInstant = (label: string) =>
  z
    .string()
    .default('')
    .transform((v, ctx) => {
      const t = v.trim();
      if (t === '') return null;
      const vn = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})[ T]+(\d{1,2}):(\d{2})$/.exec(t);
      const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}T${vn[4]!.padStart(2, '0')}:${vn[5]}` : t;
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(iso);
      const at = m ? Date.parse(`${m[1]}T${m[2]}:00+07:00`) : NaN;
      if (Number.isNaN(at)) {
        ctx.addIssue({ code: 'custom', message: `${label} phải có dạng ngày và giờ, ví dụ 07/12/2026 08:30.` });
        return z.NEVER;
      }
      return new Date(at).toISOString();
    });

/** A moderator's bulk hide: from one sender (address hash), within a time range, or both; always with a reason. */
export const BulkHideSchema = z
  .object({
    addressHash: z
      .string()
      .default('')
      .transform((v) => v.trim() || null)
      .refine((v) => v === null || /^[0-9a-f]{64}$/.test(v), { error: 'Người gửi đã chọn không hợp lệ; tải lại trang rồi chọn lại.' }),
    from: vietnamInstant('Thời điểm bắt đầu'),
    to: vietnamInstant('Thời điểm kết thúc'),
    hideReason: requiredText('Lý do không đăng', 300),
  })
  .check((ctx) => {
    const v = ctx.value;
    if (v.addressHash === null && v.from === null && v.to === null) {
      ctx.issues.push({ code: 'custom', path: ['addressHash'], message: 'Chọn người gửi hoặc nhập khoảng thời gian: không ẩn mọi ý kiến cùng lúc.', input: v });
    } else if (v.from !== null && v.to !== null && v.from >= v.to) {
      ctx.issues.push({ code: 'custom', path: ['to'], message: 'Thời điểm kết thúc phải sau thời điểm bắt đầu.', input: v });
    }
  });

/** The draft document put to the people; its bytes are in R2 under `objectKey`. */
const DraftDocumentSchema = z.object({
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  objectKey: z.string(),
});
export type DraftDocument = z.output<typeof DraftDocumentSchema>;

export const ConsultationSchema = ConsultationFieldsSchema.extend({
  id: z.number().int(),
  draftDocument: DraftDocumentSchema.nullable(),
  slug: z.string(),
  status: codeEnum(CONSULTATION_STATUSES, 'Trạng thái không hợp lệ.'),
  offlineCounts: z.record(z.string(), z.number().nullable()),
  themes: z.array(ThemeSchema),
  resultNote: z.string(),
  finalDocumentNumber: z.string(),
  summaryStatus: codeEnum(SUMMARY_STATUSES, 'Trạng thái không hợp lệ.'),
  summaryPublishedAt: z.string().nullable(),
  changeNotes: z.array(z.object({ at: z.string(), note: z.string() })),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** A withdrawn consultation stays public, marked with the date and the reason (migration 0034). */
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  lastEditorId: z.number().int().nullable(),
});
export type Consultation = z.output<typeof ConsultationSchema>;

export interface Opinion {
  id: number;
  consultationId: number;
  receipt: string;
  body: string;
  authorName: string;
  authorPlace: string;
  contact: string;
  status: z.output<typeof OpinionStatusSchema>;
  publishedBody: string;
  showName: boolean;
  hideReason: string;
  createdAt: string;
  moderatedAt: string | null;
}

/** What any public output may show of an opinion: never the contact, the raw text or the address. */
export interface PublicOpinion {
  receipt: string;
  consultation: string;
  text: string;
  authorName: string;
  authorPlace: string;
  receivedOn: string;
}

export type ConsultationPhase = 'upcoming' | 'open' | 'closed' | 'undated';

/** Whether opinions are taken on `today`: between both dates, counting the first and last day. */
export function consultationPhase(c: Pick<Consultation, 'opensOn' | 'closesOn'>, today: IsoDate): ConsultationPhase {
  if (!c.opensOn || !c.closesOn) return 'undated';
  if (today < c.opensOn) return 'upcoming';
  return today <= c.closesOn ? 'open' : 'closed';
}

/** The portal form is offered only while open and only when the portal is one of the channels. */
export const acceptsOpinions = (c: Pick<Consultation, 'opensOn' | 'closesOn' | 'channels' | 'status'>, today: IsoDate) =>
  c.status === 'published' && c.channels.includes('portal') && consultationPhase(c, today) === 'open';

export const PHASE_LABELS: Record<ConsultationPhase, string> = {
  upcoming: 'Sắp lấy ý kiến',
  open: 'Đang lấy ý kiến',
  closed: 'Đã hết thời gian lấy ý kiến',
  undated: 'Không ghi thời gian',
};

export interface ConsultationCounts {
  /** Per channel; null when the commune did not give the number. */
  byChannel: { channel: ConsultationChannel; count: number | null }[];
  /** The sum over channels, or null if any channel's count is not known. */
  received: number | null;
  published: number;
  /** Opinions in groups taken up; null when a group's count is not known or there is no result yet. */
  takenUp: number | null;
}

/** The public counts: offline channels as entered, the portal as counted. */
export function consultationCounts(c: Pick<Consultation, 'channels' | 'offlineCounts' | 'themes' | 'summaryStatus'>, portal: { received: number; published: number }): ConsultationCounts {
  const byChannel = c.channels.map((channel) => ({
    channel,
    count: channel === 'portal' ? portal.received : (c.offlineCounts[channel] ?? null),
  }));
  const received = byChannel.some((b) => b.count === null) ? null : byChannel.reduce((s, b) => s + (b.count ?? 0), 0);
  const taken = c.themes.filter((t) => t.outcome === 'taken_up');
  const takenUp = c.summaryStatus !== 'published' || taken.some((t) => t.opinions === null) ? null : taken.reduce((s, t) => s + (t.opinions ?? 0), 0);
  return { byChannel, received, published: portal.published, takenUp };
}

/**
 * Each field of a consultation as officials know it: the pending panel and the audit log name
 * the fields by these labels. The consultation form lays them out itself
 * (functions/admin/consultation-pages.tsx), hence 'custom'.
 */
export const CONSULTATION_FIELDS: FieldList<ConsultationFields> = {
  title: { label: 'Tên nội dung', control: 'custom' },
  subject: { label: 'Lĩnh vực', control: 'custom' },
  summary: { label: 'Tóm tắt', control: 'custom' },
  opensOn: { label: 'Ngày bắt đầu', control: 'custom' },
  closesOn: { label: 'Ngày kết thúc', control: 'custom' },
  periodLabel: { label: 'Thời kỳ', control: 'custom' },
  channels: { label: 'Hình thức lấy ý kiến', control: 'custom' },
  illustration: { label: 'Minh họa', control: 'custom' },
};
