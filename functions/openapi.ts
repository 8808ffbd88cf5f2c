import { z } from 'zod';
import {
  DisclosureCreateSchema,
  DisclosureSchema,
  DisclosureUpdateSchema,
  PublishSchema,
  WithdrawSchema,
  type DisclosureCreateInput,
} from '../schema/disclosure.ts';
import { HolidaySchema } from '../schema/holidays.ts';
import {
  ExtraSessionSchema,
  ReceptionRuleSchema,
  SessionChangeSchema,
  type ExtraSessionInput,
  type ReceptionRuleInput,
  type SessionChangeInput,
} from '../schema/reception.ts';

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the same zod schemas that validate
 * requests. OpenAPI 3.1 uses JSON Schema 2020-12, which is what `z.toJSONSchema` emits.
 */

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
    { date: '2025-01-27', name: 'Tết Nguyên Đán Ất Tỵ' },
    { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương' },
  ],
};

const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorResponse = {
  description: 'Lỗi: mã, thông báo tiếng Việt và (khi có) từng trường sai',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

export function openApiDocument(serverUrl: string) {
  const DisclosureOut = { ...schema(DisclosureSchema, 'output') };
  const ok = (ref: string, description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
  });
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  const body = (ref: string, example: unknown) => ({
    required: true,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` }, example } },
  });
  const errors = { 401: errorResponse, 404: errorResponse, 409: errorResponse, 415: errorResponse, 422: errorResponse };
  return {
    openapi: '3.1.0',
    info: {
      title: 'API công khai thông tin của Ủy ban nhân dân cấp xã',
      version: '1.0.0',
      description:
        'Đưa nội dung công khai (Luật Thực hiện dân chủ ở cơ sở, Điều 11) vào cổng thông tin từ phần mềm khác. ' +
        'Mọi yêu cầu cần tiêu đề Authorization: Bearer <mã truy cập>. Văn bản gửi lên được chuẩn hóa Unicode NFC.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/disclosures': {
        get: {
          summary: 'Danh sách nội dung công khai, mới nhất trước',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['draft', 'published', 'withdrawn'] } },
            { name: 'category', in: 'query', schema: { type: 'string' } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
          ],
          responses: { 200: ok('DisclosureList', 'Một trang danh sách'), 401: errorResponse },
        },
        post: {
          summary: 'Tạo nội dung công khai (và công khai ngay nếu publish = true)',
          requestBody: body('DisclosureCreate', CREATE_EXAMPLE),
          responses: { 201: ok('Disclosure', 'Đã tạo'), ...errors },
        },
      },
      '/api/v1/disclosures/{id}': {
        get: { summary: 'Một nội dung công khai', parameters: [idParam], responses: { 200: ok('Disclosure', 'Nội dung'), ...errors } },
        put: {
          summary: 'Sửa nội dung (gửi kèm version đang sửa; nội dung đã công khai cần changeNote)',
          parameters: [idParam],
          requestBody: body('DisclosureUpdate', {
            ...CREATE_EXAMPLE,
            publish: undefined,
            version: 1,
            changeNote: 'Sửa lỗi chính tả ở phần tóm tắt',
          }),
          responses: { 200: ok('Disclosure', 'Đã lưu'), ...errors },
        },
      },
      '/api/v1/disclosures/{id}/publish': {
        post: {
          summary: 'Công khai một bản nháp hoặc công khai lại nội dung đã thu hồi',
          parameters: [idParam],
          requestBody: body('Publish', { version: 1 }),
          responses: { 200: ok('Disclosure', 'Đã công khai'), ...errors },
        },
      },
      '/api/v1/disclosures/{id}/withdraw': {
        post: {
          summary: 'Thu hồi nội dung đang công khai (trang vẫn còn, ghi rõ lý do)',
          parameters: [idParam],
          requestBody: body('Withdraw', { version: 2, reason: 'Văn bản đã được thay thế bằng Quyết định số 20/QĐ-UBND' }),
          responses: { 200: ok('Disclosure', 'Đã thu hồi'), ...errors },
        },
      },
      '/api/v1/reception/rules': {
        get: { summary: 'Các lịch tiếp công dân định kỳ', responses: { 200: { description: 'Danh sách' }, 401: errorResponse } },
        post: {
          summary: 'Thêm lịch tiếp định kỳ (ngày trong tuần 1 = Thứ Hai … 7 = Chủ nhật)',
          requestBody: body('ReceptionRule', RULE_EXAMPLE),
          responses: { 201: { description: 'Đã thêm' }, ...errors },
        },
      },
      '/api/v1/reception/rules/{id}': {
        put: {
          summary: 'Sửa lịch tiếp định kỳ (gửi kèm version)',
          parameters: [idParam],
          requestBody: body('ReceptionRuleUpdate', { ...RULE_EXAMPLE, version: 1 }),
          responses: { 200: { description: 'Đã lưu' }, ...errors },
        },
      },
      '/api/v1/reception/changes': {
        post: {
          summary: 'Hủy, dời hoặc đổi người tiếp một buổi (sessionDate là ngày theo lịch định kỳ)',
          requestBody: body('SessionChange', CHANGE_EXAMPLE),
          responses: { 201: { description: 'Đã lưu' }, ...errors },
        },
      },
      '/api/v1/reception/changes/{ruleId}/{date}': {
        delete: {
          summary: 'Bỏ thay đổi, buổi tiếp trở về theo lịch định kỳ',
          parameters: [
            { name: 'ruleId', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'date', in: 'path', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: { 204: { description: 'Đã bỏ' }, ...errors },
        },
      },
      '/api/v1/reception/sessions': {
        get: {
          summary: 'Các buổi tiếp (tính từ lịch, thay đổi, buổi đột xuất và ngày nghỉ lễ)',
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          ],
          responses: { 200: { description: 'Danh sách buổi tiếp' }, 401: errorResponse, 422: errorResponse },
        },
        post: {
          summary: 'Thêm buổi tiếp đột xuất hoặc phối hợp',
          requestBody: body('ExtraSession', EXTRA_EXAMPLE),
          responses: { 201: { description: 'Đã thêm' }, ...errors },
        },
      },
      '/api/v1/reception/holidays/{year}': {
        get: {
          summary: 'Ngày nghỉ lễ của năm (đã lưu, hoặc tính theo mặc định)',
          parameters: [{ name: 'year', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'Danh sách' }, 401: errorResponse },
        },
        put: {
          summary: 'Lưu danh sách ngày nghỉ lễ của năm (thay toàn bộ)',
          parameters: [{ name: 'year', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: body('HolidayYear', HOLIDAYS_EXAMPLE),
          responses: { 200: { description: 'Đã lưu' }, ...errors },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        DisclosureCreate: schema(DisclosureCreateSchema, 'input'),
        DisclosureUpdate: schema(DisclosureUpdateSchema, 'input'),
        Publish: schema(PublishSchema, 'input'),
        Withdraw: schema(WithdrawSchema, 'input'),
        ReceptionRule: schema(ReceptionRuleSchema, 'input'),
        ReceptionRuleUpdate: { allOf: [{ $ref: '#/components/schemas/ReceptionRule' }, { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } }] },
        SessionChange: schema(SessionChangeSchema, 'input'),
        ExtraSession: schema(ExtraSessionSchema, 'input'),
        HolidayYear: { type: 'object', required: ['holidays'], properties: { holidays: { type: 'array', items: schema(HolidaySchema, 'input') } } },
        Disclosure: { ...DisclosureOut, properties: { ...(DisclosureOut.properties as object), url: { type: 'string' } } },
        DisclosureList: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { $ref: '#/components/schemas/Disclosure' } },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            total: { type: 'integer' },
          },
        },
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: {
                  type: 'array',
                  items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
  };
}
