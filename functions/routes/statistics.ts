import { z } from '@hono/zod-openapi';
import { PeriodSchema } from '../../schema/statistics/period.ts';
import { PetitionStatsSchema } from '../../schema/statistics/petition-stats.ts';
import { parseProcedureCsv, readCsvUpload } from '../../schema/statistics/procedure-csv.ts';
import { readProcedureUpload, XLSX_TYPE } from '../../schema/statistics/procedure-upload.ts';
import { ProcedureReportSchema } from '../../schema/statistics/procedure-stats.ts';
import { listPetitionStats } from '../../schema/statistics/petition-stats.db.ts';
import { listProcedureReports } from '../../schema/statistics/procedure-stats.db.ts';
import { savePetitionStats, saveProcedureReport } from '../../schema/statistics/statistics.use-cases.ts';
import { act } from '../act.ts';
import {
  errors,
  itemsOf,
  json,
  jsonBody,
  PETITION_EXAMPLE,
  PetitionStatsAnswer,
  PROCEDURE_CSV_EXAMPLE,
  PROCEDURE_EXAMPLE,
  ProcedureReportAnswer,
  SavedPetitionStatsAnswer,
  SavedProcedureReportAnswer,
  versionedBody,
} from '../openapi.ts';
import { apiApp, apiError, apiRoute, parseOrFail, readJson, validationError } from './api-helpers.ts';

/**
 * JSON API for statistics: /api/v1/statistics. A table that does not add up is refused whole.
 * Each route is its own OpenAPI description.
 */

const tags: ['Thống kê'] = ['Thống kê'];

export const statisticsApi = apiApp();

statisticsApi.openapi(
  apiRoute('statistics:read', {
    method: 'get',
    path: '/procedures',
    operationId: 'listProcedureReports',
    summary: 'Kết quả giải quyết thủ tục hành chính, mỗi kỳ một bảng',
    tags,
    responses: { 200: json(itemsOf('ProcedureReportList', ProcedureReportAnswer), 'Danh sách') },
  }),
  async (c) => c.json({ items: await listProcedureReports(c.env.DB) }, 200),
);

statisticsApi.openapi(
  apiRoute('statistics:write', {
    method: 'put',
    path: '/procedures',
    operationId: 'saveProcedureReport',
    summary: 'Lưu bảng kết quả giải quyết thủ tục của một kỳ (thay bảng cũ của kỳ đó)',
    description: 'Các cột phải cộng đúng: tổng tiếp nhận = trực tuyến + trực tiếp + kỳ trước chuyển sang = đã giải quyết + đang giải quyết, …',
    tags,
    request: { body: jsonBody(ProcedureReportSchema.safeExtend(versionedBody), PROCEDURE_EXAMPLE) },
    responses: { 200: json(SavedProcedureReportAnswer, 'Đã lưu'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => saveProcedureReport(ctx, body, 'api')), 200);
  },
);

statisticsApi.openapi(
  apiRoute('statistics:write', {
    method: 'post',
    path: '/procedures/csv',
    operationId: 'importProcedureCsv',
    summary: 'Nhập bảng kết quả giải quyết thủ tục của một kỳ từ tệp CSV hoặc tệp Excel (.xlsx)',
    description:
      'Tiêu đề cột bằng tiếng Việt, có hoặc không dấu; CSV ngăn cách bằng dấu phẩy hoặc chấm phẩy, UTF-8 (có hoặc không BOM). Tệp .xlsx gửi nguyên tệp: dòng tiêu đề, dòng tên cột gộp của Biểu 06 và dòng đánh số cột được bỏ qua.',
    tags,
    request: {
      // The period is in the query; the body is the file itself.
      query: z.object({
        kind: PeriodSchema.shape.kind.openapi({ description: 'Loại kỳ: tháng, quý, 6 tháng, năm', example: 'quarter' }),
        year: PeriodSchema.shape.year.openapi({ description: 'Năm', example: 2025 }),
        number: PeriodSchema.shape.number.openapi({ description: 'Số kỳ trong năm (tháng 1–12, quý 1–4, 6 tháng 1–2)', example: 1 }),
        version: z.coerce.number().int().min(1).optional().openapi({ description: 'Phiên bản của bảng đã lưu mà tệp này thay (bắt buộc khi kỳ đã có bảng); không khớp: 409.' }),
        reason: z.string().optional().openapi({ description: 'Lý do thay bảng, hiện trên trang công khai (bắt buộc khi kỳ đã có bảng khác); thiếu: 422.' }),
      }),
      body: {
        required: true,
        content: { 'text/csv': { schema: { type: 'string' }, example: PROCEDURE_CSV_EXAMPLE }, [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
      },
    },
    responses: { 200: json(SavedProcedureReportAnswer, 'Đã nhập'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { version, reason, ...query } = c.req.valid('query');
    const period = parseOrFail(PeriodSchema, query);
    const type = c.req.header('content-type') ?? '';
    if (type.toLowerCase().startsWith(XLSX_TYPE)) {
      const sheet = await readProcedureUpload(new Uint8Array(await c.req.arrayBuffer()));
      if (!sheet.ok && 'tooLarge' in sheet) throw apiError(413, 'too_large', sheet.errors.join(' '));
      if (!sheet.ok) throw validationError(sheet.errors.map((message) => ({ field: 'file', message })));
      return c.json(await act(c, (ctx) => saveProcedureReport(ctx, { period, rows: sheet.rows, version, reason }, 'xlsx')), 200);
    }
    if (!/^text\/(csv|plain)\b/i.test(type)) {
      throw apiError(415, 'unsupported_media_type', `Gửi tệp CSV với Content-Type: text/csv, hoặc tệp .xlsx với Content-Type: ${XLSX_TYPE}.`);
    }
    const upload = readCsvUpload(new Uint8Array(await c.req.arrayBuffer()));
    if (!upload.ok && upload.tooLarge) throw apiError(413, 'too_large', upload.message);
    if (!upload.ok) throw validationError([{ field: 'csv', message: upload.message }]);
    const csv = parseProcedureCsv(upload.text);
    if (!csv.ok) throw validationError(csv.errors.map((message) => ({ field: 'csv', message })));
    return c.json(await act(c, (ctx) => saveProcedureReport(ctx, { period, rows: csv.rows, version, reason }, 'csv')), 200);
  },
);

statisticsApi.openapi(
  apiRoute('statistics:read', {
    method: 'get',
    path: '/petitions',
    operationId: 'listPetitionStats',
    summary: 'Số liệu đơn thư và tiếp công dân, mỗi kỳ một dòng',
    tags,
    responses: { 200: json(itemsOf('PetitionStatsList', PetitionStatsAnswer), 'Danh sách') },
  }),
  async (c) => c.json({ items: await listPetitionStats(c.env.DB) }, 200),
);

statisticsApi.openapi(
  apiRoute('statistics:write', {
    method: 'put',
    path: '/petitions',
    operationId: 'savePetitionStats',
    summary: 'Lưu số liệu đơn thư của một kỳ (thay số liệu cũ của kỳ đó)',
    description: 'Các số phải cộng đúng: tổng số đơn = đã giải quyết + chuyển cấp trên + đang giải quyết; theo loại đơn (nếu có) cộng bằng tổng số.',
    tags,
    request: { body: jsonBody(PetitionStatsSchema.safeExtend(versionedBody), PETITION_EXAMPLE) },
    responses: { 200: json(SavedPetitionStatsAnswer, 'Đã lưu'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => savePetitionStats(ctx, body)), 200);
  },
);
