import { z } from '@hono/zod-openapi';
import { CategorySchema } from '../schema/disclosure/category.ts';
import { MIN_REPLACE_REASON_LENGTH } from '../schema/statistics/statistics-history.ts';
import type { Context } from 'hono';
import { DisclosureSchema, type DisclosureCreateInput, type DisclosureUpdateSchema } from '../schema/disclosure/disclosure.ts';
import { ATTACHMENT_STATE_CODES } from '../schema/disclosure/attachment.ts';
import { HolidaySchema } from '../schema/calendar/holidays.ts';
import { PendingRevisionSchema } from '../schema/lifecycle/revision.ts';
import { DecisionSchema, type DecisionInput } from '../schema/community/decision.ts';
import { ActivitySchema, BoardSchema, type ActivityInput, type BoardInput } from '../schema/community/supervision.ts';
import { PeriodSchema } from '../schema/statistics/period.ts';
import { PetitionStatsSchema, type PetitionStatsInput } from '../schema/statistics/petition-stats.ts';
import { ProcedureReportSchema, ProcedureRowSchema, type ProcedureReportInput } from '../schema/statistics/procedure-stats.ts';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../schema/core/idempotency.db.ts';
import {
  ExtraSessionSchema,
  NOTICE_WORKING_DAYS,
  ReceptionRuleSchema,
  SESSION_KIND_CODES,
  SESSION_STATUS_CODES,
  SessionChangeSchema,
  SessionCorrectionSchema,
  SessionRecordSchema,
  type ExtraSessionInput,
  type ReceptionRuleInput,
  type SessionChangeInput,
  type SessionRecordInput,
} from '../schema/reception/reception.ts';
import type { AppEnv } from './env.ts';

/**
 * The pieces of the OpenAPI 3.1 description of /api/v1. The operations themselves are the
 * routes in functions/routes/{disclosures,reception,statistics}.ts (createRoute): the document
 * is generated from them, and from the same zod schemas that the core validates with, so it
 * cannot describe an operation that does not exist or miss one that does
 * (tests/api/openapi.test.ts lists the app's routes and compares).
 */

/** Turns a zod schema into JSON Schema 2020-12 (what OpenAPI 3.1 uses), as zod itself writes it. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // The core's transforms keep the shape (sort, dedupe, tidy): describe their output as their input.
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as unknown as { type: string; in?: z.ZodType; out?: z.ZodType };
      if (io === 'output' && def.type === 'pipe' && def.out?._zod.def.type === 'transform' && def.in) Object.assign(ctx.jsonSchema, jsonSchema(def.in, io));
      // `.int()` is bounded by JavaScript's safe integers; saying so on every count is noise.
      if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
      if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
    },
  }) as Record<string, unknown>;
  return rest;
}

/**
 * A request body the core validates: documented from its schema (the form a client sends),
 * but not checked here. The use case checks it, with the rules that need the database, and
 * answers every problem at once, exactly as the admin form does.
 */
export function jsonBody<S extends z.ZodType>(schema: S, example: z.input<S>, description?: string) {
  return {
    required: true,
    description,
    content: { 'application/json': { schema: jsonSchema(schema, 'input'), example } },
  };
}

/** A stored record as the API answers it, named in components/schemas. */
const record = <S extends z.ZodType>(name: string, schema: S) => schema.openapi(name, jsonSchema(schema, 'output'));

const id = z.number().int();

export const DisclosureAnswer = record('Disclosure', DisclosureSchema.extend({ url: z.string().meta({ description: 'Trang công khai của nội dung, trên cổng' }) }));
export const DisclosureListAnswer = z
  .object({ items: z.array(DisclosureAnswer), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
  .openapi('DisclosureList');
export const AttachmentAnswer = record(
  'Attachment',
  z.object({
    id,
    disclosureId: id,
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    objectKey: z.string(),
    createdAt: z.string(),
    url: z.string().meta({ description: 'Địa chỉ tải tệp, công khai khi nội dung đã công khai' }),
  }),
);

export const AttachmentStateAnswer = record(
  'AttachmentListed',
  z.object({
    id,
    disclosureId: id,
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    createdAt: z.string(),
    state: z.enum(ATTACHMENT_STATE_CODES).meta({ description: 'pending: chờ người duyệt thứ hai; attached: đính kèm; withdrawn: đã rút (không còn tải được); rejected: bị từ chối' }),
    withdrawnAt: z.string().nullable(),
    withdrawalReason: z.string().nullable(),
    url: z.string().meta({ description: 'Địa chỉ tải tệp (chỉ tải được khi tệp đang đính kèm)' }),
  }),
);
export const PendingRevisionAnswer = record('PendingRevision', PendingRevisionSchema);

export const ReceptionRuleAnswer = record('ReceptionRule', ReceptionRuleSchema.safeExtend({ id, version: z.number().int(), updatedAt: z.string() }));
const SessionChangeAnswer = record('SessionChange', SessionChangeSchema.safeExtend({ id, createdAt: z.string() }));
// Defined after SessionAnswer below; the write answers carry the late list.
const lateOf = () => ({ lateSessions: LateSessionsField });
const ExtraSessionAnswer = record('ExtraSession', ExtraSessionSchema.safeExtend({ id, createdAt: z.string() }));
const recordedFields = { recordedAt: z.string(), version: z.number().int().min(1) };
const SessionOutcomeAnswer = SessionRecordSchema.safeExtend(recordedFields);
export const SessionRecordAnswer = record(
  'SessionRecord',
  SessionRecordSchema.safeExtend({ sessionKey: z.string(), sessionDate: z.string().meta({ format: 'date' }), ...recordedFields }),
);
export const SessionCorrectionAnswer = record(
  'SessionCorrection',
  SessionCorrectionSchema.safeExtend({
    id,
    sessionKey: z.string(),
    sessionDate: z.string().meta({ format: 'date' }),
    correctedOn: z.string().meta({ format: 'date', description: 'Ngày đính chính (giờ Việt Nam)' }),
    createdAt: z.string(),
  }),
);
export const SessionAnswer = record(
  'Session',
  z.object({
    key: z.string().meta({ description: 'Không đổi qua các lần xây dựng lại trang và khi buổi tiếp thay đổi' }),
    kind: z.enum(SESSION_KIND_CODES),
    ruleId: id.optional(),
    date: z.string().meta({ format: 'date' }),
    startTime: z.string().nullable().meta({ description: 'Giờ bắt đầu (HH:MM); null nếu chưa có thông tin' }),
    endTime: z.string().nullable().meta({ description: 'Giờ kết thúc (HH:MM); null nếu chưa có thông tin' }),
    place: z.string().nullable().meta({ description: 'Địa điểm; null nếu chưa có thông tin' }),
    hostTitle: z.string(),
    hostName: z.string(),
    topics: z.string(),
    withBodies: z.string(),
    status: z.enum(SESSION_STATUS_CODES),
    originalDate: z.string().meta({ format: 'date' }).optional(),
    reason: z.string().optional(),
    hostChanged: z.boolean(),
    hostNotChairman: z.boolean().meta({ description: 'Buổi tiếp định kỳ từ 01/07/2026 không do Chủ tịch trực tiếp tiếp (lý do ở "reason")' }),
    lateChange: z.boolean().meta({ description: `Thay đổi muộn: báo trước ít hơn ${NOTICE_WORKING_DAYS} ngày làm việc` }),
    provisional: z.boolean().meta({ description: 'Ngày nghỉ của năm này là dự kiến — chưa xác nhận (tính theo mặc định)' }),
    changedAt: z.string().optional(),
    sequence: z.number().int(),
    record: SessionOutcomeAnswer.nullable().meta({ description: 'Kết quả buổi tiếp do cán bộ ghi nhận sau ngày tiếp; null: chưa ghi nhận (buổi đã qua) hoặc chưa diễn ra' }),
    corrections: z
      .array(SessionCorrectionAnswer)
      .meta({ description: 'Các đính chính công bố bên cạnh buổi tiếp như đã thông báo ("Đính chính ngày …: …"), cũ nhất trước' }),
  }),
);
/** Exactly the sessions a write marked "Thay đổi muộn": before and after the write. */
const LateSessionsField = z
  .array(z.object({ key: z.string(), before: SessionAnswer.optional(), after: SessionAnswer.optional(), late: z.boolean() }))
  .optional()
  .meta({ description: 'Các buổi tiếp bị đánh dấu "Thay đổi muộn" bởi lần ghi này (trước và sau thay đổi)' });
export const ReceptionRuleWriteAnswer = ReceptionRuleAnswer.safeExtend(lateOf()).openapi('ReceptionRuleWrite');
export const SessionChangeWriteAnswer = SessionChangeAnswer.safeExtend(lateOf()).openapi('SessionChangeWrite');
export const ExtraSessionWriteAnswer = ExtraSessionAnswer.safeExtend(lateOf()).openapi('ExtraSessionWrite');
export const HolidayYearAnswer = z
  .object({ year: z.number().int(), source: z.enum(['stored', 'official', 'computed']), holidays: z.array(HolidaySchema), lateSessions: LateSessionsField })
  .openapi('HolidayYear', {
    description:
      '"stored": danh sách cán bộ đã lưu cho năm đó; "official": danh sách Chính phủ đã quyết định, có sẵn trong phần mềm kèm căn cứ; "computed": tính theo Bộ luật Lao động (dự kiến — chưa xác nhận)',
  });

/** The version a save names to replace stored figures (schema/statistics/statistics.use-cases.ts). */
const statsVersion = z.number().int().min(1).meta({ description: 'Phiên bản của số liệu đã lưu; gửi kèm khi lưu lại kỳ này, nếu không khớp sẽ nhận 409.' });
/** Why the current figures replaced earlier ones, and the figures they replaced (migration 0021). */
const changeReason = z.string().nullable().meta({ description: 'Lý do thay số liệu của phiên bản này (null: số liệu đầu tiên của kỳ)' });
const replaced = <S extends z.ZodType>(name: string, figures: S) =>
  z
    .array(z.object({ version: statsVersion, savedAt: z.string(), changeReason, replacedAt: z.string(), figures }).openapi(name))
    .meta({ description: 'Các phiên bản đã bị thay, mới nhất trước; vẫn công khai' });
export const ProcedureReportAnswer = record(
  'ProcedureReport',
  z.object({ id, period: PeriodSchema, rows: z.array(ProcedureRowSchema), updatedAt: z.string(), version: statsVersion, changeReason, history: replaced('ReplacedProcedureTable', z.array(ProcedureRowSchema)) }),
);
export const SavedProcedureReportAnswer = record('ProcedureReportSaved', ProcedureReportSchema);
export const PetitionStatsAnswer = record(
  'PetitionStats',
  PetitionStatsSchema.safeExtend({ id, updatedAt: z.string(), version: statsVersion, changeReason, history: replaced('ReplacedPetitionCounts', z.record(z.string(), z.number().int().nullable()).meta({ description: 'Các số của phiên bản đó, cùng tên trường như trên' })) }),
);
/** A save's body: the figures, and the version and the public reason when they replace a period's figures. */
export const versionedBody = {
  version: statsVersion.optional(),
  reason: z
    .string()
    .optional()
    .meta({ description: `Lý do thay số liệu, hiện trên trang công khai; bắt buộc (ít nhất ${MIN_REPLACE_REASON_LENGTH} ký tự) khi kỳ đã có số liệu khác, nếu thiếu: 422.` }),
};
export const SavedPetitionStatsAnswer = record('PetitionStatsSaved', PetitionStatsSchema);
export const CategoryAnswer = record('Category', CategorySchema);

/** `{ items: [...] }`, the shape of every list but the paged disclosures. */
export const itemsOf = <S extends z.ZodType>(name: string, item: S) => z.object({ items: z.array(item) }).openapi(name);

/** The body of every 4xx and 5xx answer. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          'Mã cố định để phần mềm xử lý: validation, rule, not_found, version_conflict, review, forbidden, unauthorized, ' +
          'malformed_json, unsupported_media_type, too_large, idempotency_key, idempotency_key_reused, in_progress, internal',
      }),
      message: z.string().meta({ description: 'Lời giải thích tiếng Việt cho người đọc' }),
      fields: z
        .array(z.object({ field: z.string().meta({ description: 'Tên trường, ví dụ "documentNumber" hoặc "rows.2.receivedTotal"' }), message: z.string() }))
        .optional()
        .meta({ description: 'Từng trường sai (mã validation và rule)' }),
      currentVersion: z.number().int().optional().meta({ description: 'Phiên bản hiện tại (mã version_conflict)' }),
    }),
  })
  .openapi('Error');

const ERRORS = {
  400: `JSON không hợp lệ (malformed_json), hoặc Idempotency-Key dài quá ${MAX_IDEMPOTENCY_KEY_LENGTH} ký tự (idempotency_key)`,
  401: 'Thiếu mã truy cập, hoặc mã không đúng hay đã bị thu hồi (unauthorized)',
  403: 'Mã truy cập không có quyền này (forbidden), hoặc quy tắc duyệt không cho phép, ví dụ người soạn tự công khai (review)',
  404: 'Không tìm thấy (not_found)',
  409: 'Nội dung vừa được người khác sửa, không có gì bị ghi đè (version_conflict, kèm currentVersion); hoặc yêu cầu cùng Idempotency-Key đang được xử lý (in_progress)',
  413: 'Nội dung gửi lên quá lớn (too_large)',
  415: 'Sai Content-Type (unsupported_media_type)',
  422: 'Dữ liệu chưa hợp lệ (validation, kèm fields), thao tác không hợp với trạng thái hiện tại (rule, kèm fields), hoặc Idempotency-Key đã dùng cho yêu cầu khác (idempotency_key_reused); không có gì được lưu',
} as const;
type ErrorStatus = keyof typeof ERRORS;

/** The documented error answers of an operation. */
export function errors<const S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: ERRORS[status], content: { 'application/json': { schema: ErrorSchema } } }]),
  ) as unknown as { [K in S]: { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } } };
}

/** `200: { description, content: JSON of schema }`. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

export const TAGS = [
  { name: 'Công khai', description: 'Nội dung công khai theo Luật Thực hiện dân chủ ở cơ sở, Điều 11, và tệp đính kèm' },
  { name: 'Tiếp công dân', description: 'Lịch tiếp định kỳ, thay đổi từng buổi, buổi đột xuất và ngày nghỉ lễ' },
  { name: 'Thống kê', description: 'Kết quả giải quyết thủ tục hành chính (Biểu 06) và số liệu đơn thư' },
  { name: 'Báo cáo', description: 'Báo cáo tình hình thực hiện dân chủ ở cơ sở 6 tháng, năm: số liệu kèm nguồn, bản Word, công khai' },
  { name: 'Lấy ý kiến', description: 'Nội dung lấy ý kiến Nhân dân (Điều 25–29) và duyệt ý kiến người dân gửi trên cổng' },
  { name: 'Nhân dân quyết định', description: 'Nội dung Nhân dân bàn và quyết định (Luật Thực hiện dân chủ ở cơ sở, Điều 15–24)' },
  { name: 'Giám sát', description: 'Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng, tổ giám sát và hoạt động của các ban (Điều 30–45)' },
  { name: 'Hệ thống', description: 'Tình trạng dịch vụ và danh sách xã, phường của cổng' },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

/** The document's header; the operations come from the routes. */
export const documentConfig = (c: Context<AppEnv>) => ({
  openapi: '3.1.0',
  info: {
    title: 'API công khai thông tin của Ủy ban nhân dân cấp xã',
    version: '1.0.0',
    description:
      'Đưa nội dung công khai (Luật Thực hiện dân chủ ở cơ sở, Điều 11), lịch tiếp công dân và số liệu thống kê vào cổng ' +
      'thông tin từ phần mềm khác. Mọi yêu cầu (trừ /api/v1/health và /api/v1/communes) cần tiêu đề Authorization: Bearer <mã truy cập> ' +
      'có quyền ghi ở từng thao tác. Thao tác ghi nhận tiêu đề Idempotency-Key: gửi lại cùng khóa thì nhận lại câu trả lời ' +
      'lần đầu (kèm Idempotent-Replayed: true), không tạo bản ghi thứ hai. Văn bản gửi lên được chuẩn hóa Unicode NFC.',
  },
  servers: [{ url: new URL(c.req.url).origin }],
  tags: [...TAGS],
});

export const BEARER_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  description: 'Mã truy cập do cán bộ duyệt cấp trong trang quản trị (Mã API), kèm các quyền (scope) mà mã được dùng.',
} as const;

/** Posting this as it stands creates and publishes a disclosure (a test proves it). */
export const CREATE_EXAMPLE: DisclosureCreateInput = {
  title: 'Công khai dự toán ngân sách thị trấn năm 2025',
  category: 'ngan-sach',
  documentNumber: '15/QĐ-UBND',
  issuedOn: '2025-01-10',
  issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
  summary: 'Dự toán thu, chi ngân sách thị trấn năm 2025 đã được Hội đồng nhân dân thị trấn thông qua.',
  body: 'Tổng thu ngân sách trên địa bàn và tổng chi ngân sách thị trấn năm 2025 theo biểu kèm theo.',
  channels: ['office_board', 'portal', 'loudspeaker'],
  postingStart: '2025-01-10',
  postingEnd: '2025-02-28',
  permanent: false,
  publish: true,
};

const { publish: _publish, ...createFields } = CREATE_EXAMPLE;
export const UPDATE_EXAMPLE: z.input<typeof DisclosureUpdateSchema> = { ...createFields, version: 1, changeNote: 'Sửa lỗi chính tả ở phần tóm tắt' };

export const RULE_EXAMPLE: ReceptionRuleInput = {
  frequency: 'weekly',
  weekdays: [4],
  startTime: '07:30',
  endTime: '11:00',
  place: 'Phòng tiếp công dân, trụ sở Ủy ban nhân dân thị trấn',
  hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
  topics: 'Tiếp nhận kiến nghị, phản ánh, khiếu nại, tố cáo',
  validFrom: '2025-01-01',
  holidayPolicy: 'next_working_day',
};

/** ruleId 1 is the first rule of a database (the demo's Thursday rule). */
export const CHANGE_EXAMPLE: SessionChangeInput = {
  ruleId: 1,
  sessionDate: '2025-06-19',
  kind: 'moved',
  reason: 'Chủ tịch dự họp tại Ủy ban nhân dân huyện',
  newDate: '2025-06-20',
};

export const RECORD_EXAMPLE: SessionRecordInput & { version: number } = {
  held: true,
  heldByTitle: '',
  citizensReceived: 3,
  note: '',
  version: 0,
};

export const CORRECTION_EXAMPLE = { text: 'Ngày 02/01/2026 là ngày nghỉ hoán đổi (Công văn 12729/VPCP-KGVX); buổi tiếp không diễn ra.' };

export const EXTRA_EXAMPLE: ExtraSessionInput = {
  kind: 'joint',
  date: '2025-07-08',
  startTime: '14:00',
  endTime: '16:30',
  place: 'Hội trường Ủy ban nhân dân thị trấn',
  hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
  withBodies: 'Ủy ban Mặt trận Tổ quốc Việt Nam thị trấn',
  topics: 'Đối thoại về phương án bồi thường, hỗ trợ tái định cư',
};

export const HOLIDAYS_EXAMPLE = {
  holidays: [
    { date: '2025-01-01', name: 'Tết Dương lịch' },
    { date: '2025-01-27', name: 'Tết Nguyên đán Ất Tỵ' },
    { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương' },
  ],
} satisfies { holidays: z.input<typeof HolidaySchema>[] };

/** Adds up: 10 received = 10 direct; 9 resolved = 8 early + 1 on time; 1 pending within the deadline. */
export const PROCEDURE_EXAMPLE: ProcedureReportInput = {
  period: { kind: 'quarter', year: 2025, number: 1 },
  rows: [
    { field: 'Hộ tịch', receivedTotal: 10, receivedDirect: 10, resolvedTotal: 9, resolvedEarly: 8, resolvedOnTime: 1, pendingTotal: 1, pendingWithin: 1 },
  ],
};

/** As Excel saves it with Vietnamese regional settings: ";" between cells. */
export const PROCEDURE_CSV_EXAMPLE = 'Lĩnh vực;Tổng số;Trực tiếp;Đã giải quyết;Trước hạn\r\nChứng thực;602;602;602;602\r\n';

/** Adds up: 11 received = 9 resolved + 2 forwarded. */
export const PETITION_EXAMPLE: PetitionStatsInput = {
  period: { kind: 'half', year: 2025, number: 1 },
  received: 11,
  recommendations: 7,
  reflections: 4,
  resolved: 9,
  mediated: 3,
  forwarded: 2,
};

const withUrl = { url: z.string().meta({ description: 'Trang công khai trên cổng' }) };
export const DecisionAnswer = record('Decision', DecisionSchema.extend(withUrl));
export const BoardAnswer = record('SupervisionBoard', BoardSchema.extend(withUrl));
export const ActivityAnswer = record('SupervisionActivity', ActivitySchema.extend(withUrl));

/** A decision as report 78/BC-UBND tells one: no date or number it does not give. */
export const DECISION_EXAMPLE: DecisionInput & { publish: boolean } = {
  title: 'Họp dân bàn mức đóng góp làm đường bê tông khu phố 2',
  matter: 'cong_trinh_dong_gop',
  path: 'truc_tiep',
  scope: 'thon',
  places: ['Khu phố 2'],
  form: 'hoi_nghi',
  heldFrom: '2025-03-09',
  heldTo: null,
  voterUnit: 'ho',
  eligible: 212,
  participating: 180,
  votesFor: 171,
  votesAgainst: 6,
  votesBlank: 3,
  passed: true,
  summary: 'Các hộ thống nhất mức đóng góp và miễn đóng góp cho hộ nghèo, gia đình chính sách.',
  recognisedOn: null,
  publish: true,
};
export const BOARD_EXAMPLE: BoardInput & { publish: boolean } = {
  kind: 'thanh_tra_nhan_dan',
  name: 'Ban thanh tra nhân dân thị trấn Bình Dương',
  parentId: null,
  termFrom: '2024-07-01',
  termTo: '2026-06-30',
  foundedBy: '12/QĐ-UBND',
  foundedOn: '2024-06-20',
  recognisedByBody: 'Ủy ban Mặt trận Tổ quốc Việt Nam thị trấn Bình Dương',
  members: [{ name: 'Nguyễn Văn A', role: 'Trưởng ban', village: 'Khu phố 1' }],
  publish: true,
};
export const ACTIVITY_EXAMPLE: ActivityInput & { publish: boolean } = {
  boardId: 1,
  kind: 'phat_hien',
  title: 'Giám sát thi công đường bê tông khu phố 2',
  heldOn: '2025-05-12',
  body: 'Tổ giám sát kiểm tra độ dày mặt đường tại ba vị trí.',
  recommendation: 'Đề nghị đơn vị thi công bảo dưỡng mặt đường đủ 14 ngày.',
  response: 'Ủy ban nhân dân đã yêu cầu đơn vị thi công thực hiện.',
  respondedOn: '2025-05-20',
  publish: false,
};
