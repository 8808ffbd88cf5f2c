import { z } from '../core/zod.ts';
import { codesText, type FieldList } from '../core/fields.ts';
import { codeEnum } from '../core/codes.ts';
import { optionalDate, optionalDocumentNumber, ordered, EditSchema, RecordStateSchema } from './community-record.ts';
import { optionalText, paragraphs, requiredText } from '../core/text.ts';

/**
 * The people inspect and supervise (Law 10/2022/QH15, Điều 30–45) through the People's
 * Inspection Board (Ban thanh tra nhân dân), the Community Investment Supervision Board (Ban
 * giám sát đầu tư của cộng đồng) and the supervision teams that board sets up for each work.
 * A board has members (public office holders' names are public), a term and the decision that
 * set it up; its activities are plans, and findings with recommendations and the commune's
 * responses; a finding may name the investment-project disclosures of the works supervised.
 */

export const BOARD_KINDS = {
  thanh_tra_nhan_dan: 'Ban thanh tra nhân dân',
  giam_sat_dau_tu: 'Ban giám sát đầu tư của cộng đồng',
  to_giam_sat: 'Tổ giám sát đầu tư của cộng đồng',
} as const;

export const ACTIVITY_KINDS = {
  ke_hoach: 'Chương trình, kế hoạch hoạt động',
  phat_hien: 'Kết quả giám sát, kiến nghị',
} as const;

const member = z.object({
  name: requiredText('Họ tên thành viên', 100),
  role: requiredText('Chức danh trong ban', 100),
  village: optionalText('Thôn, tổ dân phố', 100),
});
export type BoardMember = z.output<typeof member>;

/**
 * Members: a list of objects, or text as the admin form sends it, one member a line:
 * "Họ tên; chức danh; thôn" (the village may be left out).
 */
const members = z
  .union([z.array(z.unknown()), z.string()], { error: 'Thành viên phải là danh sách.' })
  .transform((v) =>
    Array.isArray(v)
      ? v
      : v
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [name = '', role = '', village = ''] = line.split(';').map((x) => x.trim());
            return { name, role, village };
          }),
  )
  .pipe(z.array(member).max(50, { error: 'Tối đa 50 thành viên.' }))
  .default([]);

/** Members as the admin form shows them: one "Họ tên; chức danh; thôn" a line. */
export const membersText = (list: BoardMember[]) => list.map((m) => [m.name, m.role, m.village].filter(Boolean).join('; ')).join('\n');

const slugList = z
  .union([z.array(z.string()), z.string()], { error: 'Công trình được giám sát phải là danh sách địa chỉ trang công khai.' })
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(/[,;\s]+/))
      .map((x) => x.trim().replace(/^.*\/cong-khai\//, '').replace(/\/$/, ''))
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,90}$/, { error: 'Công trình: hãy dán địa chỉ trang /cong-khai/… của dự án.' })).max(20))
  .default([]);

export const BoardFieldsSchema = z.object({
  kind: codeEnum(BOARD_KINDS, 'Chưa chọn loại ban (Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng hoặc tổ giám sát).'),
  name: requiredText('Tên ban, tổ', 200).meta({ examples: ['Ban thanh tra nhân dân thị trấn Bình Dương'] }),
  /** A supervision team belongs to the Community Investment Supervision Board that set it up. */
  parentId: z.preprocess((v) => (v === '' || v === undefined ? null : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number({ error: 'Ban cấp trên không hợp lệ.' }).int().min(1).nullable()),
  termFrom: optionalDate('Nhiệm kỳ từ ngày'),
  termTo: optionalDate('Nhiệm kỳ đến ngày'),
  foundedBy: optionalDocumentNumber,
  foundedOn: optionalDate('Ngày quyết định thành lập'),
  /**
   * The body that recognised the board: for the Ban thanh tra nhân dân, the commune Fatherland
   * Front committee (Luật 10/2022/QH15 Điều 36; Nghị định 59/2023/NĐ-CP); "" when not recorded.
   */
  recognisedByBody: optionalText('Cơ quan công nhận', 200),
  members,
  summary: paragraphs('Giới thiệu', 5000).default(''),
  source: optionalText('Nguồn', 300),
});
export type BoardFields = z.output<typeof BoardFieldsSchema>;
export type BoardInput = z.input<typeof BoardFieldsSchema>;

function checkBoard(v: BoardFields, ctx: z.RefinementCtx) {
  const issue = (path: keyof BoardFields, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!ordered(v.termFrom, v.termTo)) issue('termTo', 'Nhiệm kỳ phải kết thúc sau ngày bắt đầu.');
  if (v.foundedOn !== null && v.foundedBy === '') issue('foundedBy', 'Có ngày quyết định thành lập thì hãy ghi số, ký hiệu quyết định đó.');
  if (v.kind === 'to_giam_sat' && v.parentId === null) issue('parentId', 'Tổ giám sát phải thuộc một Ban giám sát đầu tư của cộng đồng: hãy chọn ban.');
  if (v.kind !== 'to_giam_sat' && v.parentId !== null) issue('parentId', 'Chỉ tổ giám sát mới thuộc một ban khác.');
}

export const BoardCreateSchema = BoardFieldsSchema.extend({
  publish: z.boolean({ error: 'Giá trị "công khai ngay" phải là đúng/sai.' }).default(false),
}).superRefine(checkBoard);
export const BoardUpdateSchema = BoardFieldsSchema.extend(EditSchema.shape).superRefine(checkBoard);
export const BoardSchema = BoardFieldsSchema.extend(RecordStateSchema.shape);
export type Board = z.output<typeof BoardSchema>;

export const ActivityFieldsSchema = z.object({
  boardId: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number({ error: 'Chưa chọn ban, tổ.' }).int().min(1, { error: 'Chưa chọn ban, tổ.' })),
  kind: codeEnum(ACTIVITY_KINDS, 'Chưa chọn loại: kế hoạch hoặc kết quả giám sát.'),
  title: requiredText('Tiêu đề', 300),
  /** The plan's date or the day of the supervision. */
  heldOn: optionalDate('Ngày'),
  /** Plans: the period they cover ("Năm 2024"). */
  periodLabel: optionalText('Thời kỳ', 100),
  body: paragraphs('Nội dung', 10_000).min(1, { error: 'Chưa nhập nội dung.' }),
  recommendation: paragraphs('Kiến nghị', 5000).default(''),
  response: paragraphs('Trả lời của Ủy ban nhân dân', 5000).default(''),
  respondedOn: optionalDate('Ngày trả lời'),
  /** Works supervised: slugs of their investment-project disclosures (/cong-khai/<slug>/). */
  works: slugList,
  source: optionalText('Nguồn', 300),
});
export type ActivityFields = z.output<typeof ActivityFieldsSchema>;
export type ActivityInput = z.input<typeof ActivityFieldsSchema>;

function checkActivity(v: ActivityFields, ctx: z.RefinementCtx) {
  const issue = (path: keyof ActivityFields, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (!ordered(v.heldOn, v.respondedOn)) issue('respondedOn', 'Ngày trả lời không được trước ngày giám sát.');
  if (v.respondedOn !== null && v.response === '') issue('response', 'Có ngày trả lời thì hãy ghi nội dung trả lời.');
  if (v.response !== '' && v.recommendation === '') issue('recommendation', 'Trả lời của Ủy ban nhân dân phải gắn với một kiến nghị: hãy ghi kiến nghị.');
  if (v.kind === 'ke_hoach' && (v.recommendation !== '' || v.response !== '')) {
    issue('recommendation', 'Kế hoạch không có kiến nghị, trả lời: hãy chọn loại "Kết quả giám sát, kiến nghị".');
  }
}

export const ActivityCreateSchema = ActivityFieldsSchema.extend({
  publish: z.boolean({ error: 'Giá trị "công khai ngay" phải là đúng/sai.' }).default(false),
}).superRefine(checkActivity);
export const ActivityUpdateSchema = ActivityFieldsSchema.extend(EditSchema.shape).superRefine(checkActivity);
export const ActivitySchema = ActivityFieldsSchema.extend(RecordStateSchema.shape);
export type Activity = z.output<typeof ActivitySchema>;

/** Each field of a board as the admin form asks for it and the pending panel and audit log name it. */
export const BOARD_FIELDS: FieldList<BoardFields> = {
  kind: { label: 'Loại', data: `Loại: ${codesText(BOARD_KINDS)}`, control: 'select', options: BOARD_KINDS, placeholder: 'Chọn loại' },
  name: { label: 'Tên ban, tổ', control: 'text' },
  parentId: {
    label: 'Thuộc ban',
    data: 'Mã ban cấp trên (với tổ giám sát)',
    hint: 'Chỉ với tổ giám sát: Ban giám sát đầu tư của cộng đồng đã thành lập tổ.',
    control: 'select',
    options: {},
    placeholder: 'Không thuộc ban nào',
    from: 'investmentBoards',
  },
  termFrom: { label: 'Nhiệm kỳ từ ngày', control: 'date' },
  termTo: { label: 'Nhiệm kỳ đến ngày', control: 'date' },
  foundedBy: { label: 'Số, ký hiệu quyết định thành lập', control: 'text' },
  foundedOn: { label: 'Ngày quyết định thành lập', control: 'date' },
  recognisedByBody: { label: 'Cơ quan công nhận', data: 'Cơ quan công nhận ban (trống nếu chưa ghi)', hint: 'Ban thanh tra nhân dân: Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã.', control: 'text' },
  members: { label: 'Thành viên', data: 'Thành viên: "Họ tên (chức danh, thôn)", phân cách bằng dấu chấm phẩy', hint: 'Mỗi dòng một người: Họ tên; chức danh; thôn, tổ dân phố.', control: 'textarea' },
  summary: { label: 'Giới thiệu', control: 'textarea' },
  source: { label: 'Nguồn', control: 'text' },
};

/** Each field of a plan or finding as the admin form asks for it and the pending panel and audit log name it. */
export const ACTIVITY_FIELDS: FieldList<ActivityFields> = {
  boardId: { label: 'Ban, tổ', data: 'Mã ban, tổ (xem tệp giam-sat-ban)', control: 'select', options: {}, placeholder: 'Chọn ban, tổ', from: 'boards' },
  kind: { label: 'Loại', data: `Loại: ${codesText(ACTIVITY_KINDS)}`, control: 'select', options: ACTIVITY_KINDS, placeholder: 'Chọn loại' },
  title: { label: 'Tiêu đề', control: 'text' },
  heldOn: { label: 'Ngày', control: 'date' },
  periodLabel: { label: 'Thời kỳ', data: 'Thời kỳ của kế hoạch', hint: 'Với kế hoạch, ví dụ "Năm 2025".', control: 'text' },
  body: { label: 'Nội dung', control: 'textarea' },
  recommendation: { label: 'Kiến nghị', control: 'textarea' },
  response: { label: 'Trả lời của Ủy ban nhân dân', control: 'textarea' },
  respondedOn: { label: 'Ngày trả lời', control: 'date' },
  works: {
    label: 'Công trình được giám sát',
    data: 'Công trình được giám sát: địa chỉ /cong-khai/<slug>/ của dự án (phân cách bằng dấu chấm phẩy)',
    hint: 'Địa chỉ trang công khai của dự án, mỗi dòng một trang, ví dụ /cong-khai/duong-khu-pho-2/.',
    control: 'textarea',
  },
  source: { label: 'Nguồn', control: 'text' },
};
