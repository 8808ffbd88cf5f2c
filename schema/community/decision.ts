import { z } from '../core/zod.ts';
import { codesText, type FieldList } from '../core/fields.ts';
import { codeEnum, codesOf } from '../core/codes.ts';
import {
  known,
  optionalBoolean,
  optionalCount,
  optionalDate,
  optionalDocumentNumber,
  ordered,
  EditSchema,
  RecordStateSchema,
} from './community-record.ts';
import { shareOfAll, thresholds } from '../unit/democracy-rules.ts';
import { optionalText, paragraphs, requiredText } from '../core/text.ts';

/**
 * A decision by the people (Nhân dân bàn và quyết định, Law 10/2022/QH15, Điều 15–24): a matter
 * the residents of the commune, or of named villages / residential groups, decided at a
 * community meeting, by household ballot or by an online vote (Decree 59/2023/NĐ-CP), with its
 * turnout, its result and the document that recognises it. Numbers the commune does not know
 * stay null.
 */

/** The matters the law lets the people decide (law-brief.md §2). */
export const DECISION_MATTERS = {
  cong_trinh_dong_gop: 'Chủ trương, mức đóng góp xây dựng công trình công cộng của cộng đồng',
  thu_chi_dong_gop: 'Thu, chi, quản lý các khoản đóng góp và quỹ của cộng đồng',
  huong_uoc: 'Hương ước, quy ước',
  truong_thon: 'Bầu, cho thôi làm trưởng thôn, tổ trưởng tổ dân phố',
  thanh_vien_ban: 'Bầu, bãi nhiệm thành viên Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng',
  khac: 'Công việc tự quản khác của cộng đồng',
} as const;
export const DECISION_MATTER_CODES = codesOf(DECISION_MATTERS);
/** The path segment of a matter's list page: /nhan-dan-quyet-dinh/noi-dung/<slug>/. */
export const MATTER_SLUGS: Record<keyof typeof DECISION_MATTERS, string> = {
  cong_trinh_dong_gop: 'cong-trinh-dong-gop',
  thu_chi_dong_gop: 'thu-chi-dong-gop',
  huong_uoc: 'huong-uoc-quy-uoc',
  truong_thon: 'truong-thon-to-truong',
  thanh_vien_ban: 'thanh-vien-ban',
  khac: 'khac',
};

/**
 * How a decision takes effect. Luật 10/2022/QH15 Điều 15 lists the matters; its Điều 21 gives a
 * decision on contributions and community funds (khoản 1–2 of Điều 15) effect by the community's
 * own vote, while a hương ước, a village head or a board member elected needs recognition by a
 * competent body (the commune People's Committee or its Chairman, the Fatherland Front). Until
 * that recognition is recorded such a decision is shown "chưa được công nhận".
 */
export const DECISION_PATHS = {
  truc_tiep: 'Nhân dân bàn và quyết định trực tiếp',
  cong_nhan: 'Nhân dân bàn, biểu quyết để cơ quan có thẩm quyền công nhận, quyết định',
} as const;

/** The path a matter takes when the official does not say: contributions and funds are decided directly. */
const DEFAULT_PATH: Record<keyof typeof DECISION_MATTERS, keyof typeof DECISION_PATHS> = {
  cong_trinh_dong_gop: 'truc_tiep',
  thu_chi_dong_gop: 'truc_tiep',
  huong_uoc: 'cong_nhan',
  truong_thon: 'cong_nhan',
  thanh_vien_ban: 'cong_nhan',
  khac: 'truc_tiep',
};

/** How the people decided (Decree 59/2023/NĐ-CP allows the online vote). */
export const DECISION_FORMS = {
  hoi_nghi: 'Hội nghị (cuộc họp) cộng đồng dân cư',
  phat_phieu: 'Phát phiếu lấy ý kiến hộ gia đình',
  truc_tuyen: 'Biểu quyết trực tuyến (Nghị định 59/2023/NĐ-CP)',
} as const;

/** Whether turnout and votes count households or voters. */
export const VOTER_UNITS = { ho: 'hộ gia đình', cu_tri: 'cử tri' } as const;

/** The whole commune, or named villages / residential groups. */
export const SCOPES = { toan_xa: 'Toàn xã (phường, thị trấn)', thon: 'Một số thôn, tổ dân phố' } as const;

const nullableCode = <T extends Record<string, string>>(labels: T, error: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), codeEnum(labels, error).nullable());

/** Names of villages or residential groups: a list, or text with one per line or comma. */
const placeList = z
  .union([z.array(z.string()), z.string()], { error: 'Thôn, tổ dân phố phải là danh sách tên.' })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[,;\n]/)).map((x) => x.normalize('NFC').trim()).filter(Boolean))
  .pipe(z.array(requiredText('Tên thôn, tổ dân phố', 100)).max(100, { error: 'Tối đa 100 thôn, tổ dân phố.' }))
  .default([]);

/** The fields an official types; the form, the API and the demo data all go through this. */
export const DecisionFieldsSchema = z.object({
  title: requiredText('Tên nội dung', 300).meta({ examples: ['Mức đóng góp làm đường bê tông khu phố 2'] }),
  matter: codeEnum(DECISION_MATTERS, 'Chưa chọn loại nội dung Nhân dân quyết định.'),
  /** Null: the matter's usual path (DEFAULT_PATH). */
  path: nullableCode(DECISION_PATHS, 'Cách quyết định không hợp lệ: trực tiếp, hoặc biểu quyết để cơ quan có thẩm quyền công nhận.'),
  scope: nullableCode(SCOPES, 'Phạm vi không hợp lệ: toàn xã hoặc một số thôn, tổ dân phố.'),
  places: placeList,
  form: nullableCode(DECISION_FORMS, 'Hình thức quyết định không hợp lệ.'),
  heldFrom: optionalDate('Ngày bắt đầu'),
  heldTo: optionalDate('Ngày kết thúc'),
  /** When the days are not known: the period the source names ("6 tháng đầu năm 2024"); the report counts it there. */
  periodLabel: optionalText('Thời kỳ', 100),
  voterUnit: nullableCode(VOTER_UNITS, 'Đơn vị tính phải là hộ gia đình hoặc cử tri.'),
  eligible: optionalCount('Số hộ (cử tri) được tham gia'),
  participating: optionalCount('Số hộ (cử tri) tham gia'),
  votesFor: optionalCount('Số tán thành'),
  votesAgainst: optionalCount('Số không tán thành'),
  votesBlank: optionalCount('Số phiếu trắng, không ý kiến'),
  passed: optionalBoolean('Được thông qua'),
  summary: paragraphs('Nội dung', 5000).min(1, { error: 'Chưa nhập nội dung.' }),
  /** The body that recognises the result ("Ủy ban nhân dân cấp xã"); "" when not known. */
  recognisingBody: optionalText('Cơ quan công nhận', 200),
  recognisedBy: optionalDocumentNumber,
  recognisedOn: optionalDate('Ngày văn bản công nhận'),
  /** Where the facts come from, when not from the recognising document ("Báo cáo 78/BC-UBND"). */
  source: optionalText('Nguồn', 300),
});
export type DecisionFields = z.output<typeof DecisionFieldsSchema>;
export type DecisionInput = z.input<typeof DecisionFieldsSchema>;

/**
 * The rules that span fields, each reported on the field to fix: turnout within the eligible,
 * votes within the turnout, dates in order, places only for a scope of named places.
 */
function checkDecision(v: DecisionFields, ctx: z.RefinementCtx) {
  const issue = (path: keyof DecisionFields, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const unit = v.voterUnit ? VOTER_UNITS[v.voterUnit] : 'hộ (cử tri)';
  const [eligible, participating] = [known(v.eligible), known(v.participating)];
  if (eligible !== null && participating !== null && participating > eligible) {
    issue('participating', `Số ${unit} tham gia (${participating}) lớn hơn số ${unit} được tham gia (${eligible}).`);
  }
  const votes = [v.votesFor, v.votesAgainst, v.votesBlank].map(known).filter((n): n is number => n !== null);
  const cast = votes.reduce((a, b) => a + b, 0);
  if (participating !== null && cast > participating) {
    issue('votesFor', `Tán thành + không tán thành + phiếu trắng = ${cast}, lớn hơn số ${unit} tham gia (${participating}).`);
  } else if (participating === null && eligible !== null && cast > eligible) {
    issue('votesFor', `Tán thành + không tán thành + phiếu trắng = ${cast}, lớn hơn số ${unit} được tham gia (${eligible}).`);
  }
  if (!ordered(v.heldFrom, v.heldTo)) issue('heldTo', 'Ngày kết thúc phải từ ngày bắt đầu trở đi.');
  if (!ordered(v.heldTo ?? v.heldFrom, v.recognisedOn)) issue('recognisedOn', 'Ngày văn bản công nhận không được trước ngày Nhân dân quyết định.');
  if (v.scope === 'thon' && v.places.length === 0) issue('places', 'Phạm vi là một số thôn, tổ dân phố: hãy ghi tên từng thôn, tổ.');
  if (v.scope !== 'thon' && v.places.length > 0) issue('places', 'Chỉ ghi tên thôn, tổ dân phố khi phạm vi là "Một số thôn, tổ dân phố".');
  if (v.recognisedOn !== null && v.recognisedBy === '') issue('recognisedBy', 'Có ngày văn bản công nhận thì hãy ghi số, ký hiệu văn bản đó.');
}

export const DecisionCreateSchema = DecisionFieldsSchema.extend({
  publish: z.boolean({ error: 'Giá trị "công khai ngay" phải là đúng/sai.' }).default(false),
}).superRefine(checkDecision);

// An edit carries the version it was made on (a stale save is refused) and, once published, the public reason.
export const DecisionUpdateSchema = DecisionFieldsSchema.extend(EditSchema.shape).superRefine(checkDecision);

/**
 * The unit's thresholds a decision is judged by (schema/unit/democracy-rules.ts), stored with it: taken
 * while it is a draft and when it is published, kept once published, so raising the shares later
 * never rewrites the verdict of a vote already published (migration 0035).
 */
const AppliedThresholdsSchema = z.object({
  quorumPercent: z.number().int().min(0).max(99).meta({ description: 'Tỷ lệ hộ (cử tri) tham dự áp dụng cho nội dung này: trên mức này của tổng số' }),
  passPercent: z.number().int().min(0).max(99).meta({ description: 'Tỷ lệ tán thành áp dụng cho nội dung này: trên mức này của tổng số hộ (cử tri), không phải số tham gia' }),
});
export type AppliedThresholds = z.output<typeof AppliedThresholdsSchema>;
/** What the `decisions` table holds besides the state: the typed fields and the thresholds applied. */
export type StoredDecisionFields = DecisionFields & AppliedThresholds;

/** A stored decision, as the API answers and the site reads it. */
export const DecisionSchema = DecisionFieldsSchema.extend(AppliedThresholdsSchema.shape).extend(RecordStateSchema.shape);
export type Decision = z.output<typeof DecisionSchema>;

/** The path a decision takes: the one recorded, or its matter's usual one. */
export const pathOf = (d: Pick<Decision, 'path' | 'matter'>) => d.path ?? DEFAULT_PATH[d.matter];

/**
 * The result as citizens read it: passed decisions that need recognition and have no recognising
 * document yet are "chưa được công nhận"; unknown is "—".
 */
export function resultLabel(d: Pick<Decision, 'passed' | 'path' | 'matter' | 'recognisedBy'>): string {
  if (d.passed === null) return '—';
  if (!d.passed) return 'Không được thông qua';
  return pathOf(d) === 'cong_nhan' && d.recognisedBy === '' ? 'Được thông qua, chưa được công nhận' : 'Được thông qua';
}

/** "Có" / "Không" for a yes / no the commune may not know (the empty choice is "Chưa rõ"). */
const YES_NO = { true: 'Có', false: 'Không' } as const;

/** Each field of a decision as the admin form asks for it and the pending panel and audit log name it. */
export const DECISION_FIELDS: FieldList<DecisionFields> = {
  title: { label: 'Tên nội dung', control: 'text' },
  matter: { label: 'Loại nội dung', data: `Loại nội dung: ${codesText(DECISION_MATTERS)}`, control: 'select', options: DECISION_MATTERS, placeholder: 'Chọn loại' },
  path: {
    label: 'Cách quyết định',
    data: `Cách quyết định: ${codesText(DECISION_PATHS)}; trống nếu theo loại nội dung`,
    hint:
      'Để trống: đóng góp, quỹ cộng đồng do Nhân dân quyết định trực tiếp; ' +
      'hương ước, bầu trưởng thôn, thành viên ban cần cơ quan có thẩm quyền công nhận.',
    control: 'select',
    options: DECISION_PATHS,
    placeholder: 'Theo loại nội dung',
  },
  scope: { label: 'Phạm vi', data: `Phạm vi: ${codesText(SCOPES)}; trống nếu chưa rõ`, control: 'select', options: SCOPES, placeholder: 'Chưa rõ' },
  places: { label: 'Thôn, tổ dân phố', data: 'Tên các thôn, tổ dân phố (phân cách bằng dấu chấm phẩy trong CSV)', hint: 'Khi phạm vi là một số thôn, tổ: mỗi dòng một tên.', control: 'textarea' },
  form: { label: 'Hình thức', data: `Hình thức: ${codesText(DECISION_FORMS)}`, control: 'select', options: DECISION_FORMS, placeholder: 'Chưa rõ' },
  heldFrom: { label: 'Ngày bắt đầu', data: 'Ngày bắt đầu (YYYY-MM-DD)', control: 'date' },
  heldTo: { label: 'Ngày kết thúc', hint: 'Để trống nếu chỉ họp một ngày.', control: 'date' },
  periodLabel: {
    label: 'Thời kỳ, khi không rõ ngày',
    data: 'Thời kỳ diễn ra khi không rõ ngày (ví dụ "6 tháng đầu năm 2024")',
    hint: 'Ví dụ "6 tháng đầu năm 2024": báo cáo tính vào kỳ này. Để trống cả ngày và thời kỳ thì báo cáo ghi "chưa xác định thời gian".',
    control: 'text',
  },
  voterUnit: { label: 'Đơn vị tính', data: `Đơn vị tính: ${codesText(VOTER_UNITS)}`, control: 'select', options: VOTER_UNITS, placeholder: 'Chưa rõ' },
  eligible: { label: 'Số được tham gia', hint: 'Để trống nếu chưa rõ.', control: 'text' },
  participating: { label: 'Số tham gia', control: 'text' },
  votesFor: { label: 'Số tán thành', control: 'text' },
  votesAgainst: { label: 'Số không tán thành', control: 'text' },
  votesBlank: { label: 'Số phiếu trắng, không ý kiến', control: 'text' },
  passed: {
    label: 'Được thông qua',
    data: 'Được thông qua (true/false; trống nếu chưa rõ): trên 50% tổng số hộ (cử tri) được tham gia tán thành, không phải số tham gia',
    hint:
      'Chỉ chọn "Có" khi số tán thành trên một nửa tổng số hộ (cử tri) được tham gia, ' +
      'và cuộc họp có trên một nửa tổng số hộ tham dự (tỷ lệ theo cài đặt của đơn vị).',
    control: 'select',
    options: YES_NO,
    placeholder: 'Chưa rõ',
  },
  summary: { label: 'Nội dung', control: 'textarea' },
  recognisingBody: {
    label: 'Cơ quan công nhận',
    hint:
      'Ví dụ: Ủy ban nhân dân cấp xã (hương ước); Chủ tịch Ủy ban nhân dân cấp xã (trưởng thôn); ' +
      'Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã (thành viên ban).',
    control: 'text',
  },
  recognisedBy: { label: 'Số, ký hiệu văn bản công nhận', data: 'Số, ký hiệu văn bản công nhận (trống: chưa được công nhận)', hint: 'Để trống khi chưa được công nhận. Ví dụ 15/QĐ-UBND.', control: 'text' },
  recognisedOn: { label: 'Ngày văn bản công nhận', control: 'date' },
  source: { label: 'Nguồn', hint: 'Ví dụ: Báo cáo 78/BC-UBND ngày 24/6/2024.', control: 'text' },
};

/** The share of all households (voters) a count is, in percent with one decimal; null when unknown. */
const percentOfAll = (part: number | null, eligible: number | null) => (part === null || eligible === null || eligible === 0 ? null : Math.round((part / eligible) * 1000) / 10);

/**
 * What the page, the open data and the embed say of a decision's vote, judged by the thresholds
 * stored with it (never the unit's current ones: a published verdict does not change when the
 * shares are raised later). Shares are of ALL households (voters), never of the participants.
 */
export function voteVerdict(d: Pick<Decision, 'passed' | 'path' | 'matter' | 'recognisedBy' | 'form' | 'eligible' | 'participating' | 'votesFor' | 'quorumPercent' | 'passPercent'>) {
  const met = thresholds(d, d);
  return {
    result: resultLabel(d),
    turnoutPercent: percentOfAll(d.participating, d.eligible),
    sharePercent: shareOfAll(d),
    quorumMet: met.quorum,
    thresholdMet: met.majority,
  };
}
