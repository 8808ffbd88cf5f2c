import { z } from '@hono/zod-openapi';
import { addDays, parseDate, todayInVietnam } from '../../schema/core/dates.ts';
import { holidaysFor, listRules, listStoredHolidays, loadCalendar } from '../../schema/reception/reception.db.ts';
import {
  ExtraSessionSchema,
  generateSessions,
  ReceptionRuleSchema,
  SessionChangeSchema,
  SessionCorrectionSchema,
  SessionRecordSchema,
} from '../../schema/reception/reception.ts';
import { isDecidedYear } from '../../schema/calendar/holidays.ts';
import {
  correctSession,
  createExtra,
  createRule,
  HolidayYearSchema,
  recordSession,
  RecordVersionSchema,
  RuleEditSchema,
  saveChange,
  saveHolidays,
  undoChange,
  updateRule,
  VersionSchema,
} from '../../schema/reception/reception.use-cases.ts';
import { act } from '../act.ts';
import {
  CHANGE_EXAMPLE,
  CORRECTION_EXAMPLE,
  errors,
  EXTRA_EXAMPLE,
  ExtraSessionWriteAnswer,
  HOLIDAYS_EXAMPLE,
  HolidayYearAnswer,
  itemsOf,
  json,
  jsonBody,
  ReceptionRuleAnswer,
  ReceptionRuleWriteAnswer,
  SessionChangeWriteAnswer,
  RECORD_EXAMPLE,
  RULE_EXAMPLE,
  SessionAnswer,
  SessionCorrectionAnswer,
  SessionRecordAnswer,
} from '../openapi.ts';
import { apiApp, apiRoute, pathId, readJson, validationError } from './api-helpers.ts';

/**
 * JSON API for the reception calendar: /api/v1/reception. Each route is its own OpenAPI
 * description; the use cases validate and apply the rules.
 */

// What the rule update reads: the rule's fields and the version being edited.
const RuleUpdateSchema = ReceptionRuleSchema.safeExtend(VersionSchema.shape).safeExtend(RuleEditSchema.shape);

const tags: ['Tiếp công dân'] = ['Tiếp công dân'];
const isoDate = (description: string) => z.string().openapi({ format: 'date', description, example: '2025-06-19' });
const YearParam = z.object({
  year: z.coerce.number().int().min(1000).max(9999).openapi({ param: { name: 'year', in: 'path' }, description: 'Năm, bốn chữ số', example: 2025 }),
});

export const receptionApi = apiApp();

receptionApi.openapi(
  apiRoute('reception:read', {
    method: 'get',
    path: '/rules',
    operationId: 'listReceptionRules',
    summary: 'Các lịch tiếp công dân định kỳ',
    tags,
    responses: { 200: json(itemsOf('ReceptionRuleList', ReceptionRuleAnswer), 'Danh sách') },
  }),
  async (c) => c.json({ items: await listRules(c.env.DB) }, 200),
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'post',
    path: '/rules',
    operationId: 'createReceptionRule',
    summary: 'Thêm lịch tiếp định kỳ (ngày trong tuần 1 = Thứ Hai … 7 = Chủ nhật)',
    tags,
    request: { body: jsonBody(ReceptionRuleSchema, RULE_EXAMPLE) },
    responses: { 201: json(ReceptionRuleWriteAnswer, 'Đã thêm'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    const { value: created, lateSessions } = await act(c, (ctx) => createRule(ctx, body));
    return c.json({ ...created, lateSessions }, 201);
  },
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'put',
    path: '/rules/{id}',
    operationId: 'updateReceptionRule',
    summary: 'Sửa lịch tiếp định kỳ (gửi kèm version đang sửa)',
    tags,
    request: { params: pathId('id', 'Mã lịch tiếp định kỳ'), body: jsonBody(RuleUpdateSchema, { ...RULE_EXAMPLE, version: 1 }) },
    responses: { 200: json(ReceptionRuleWriteAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = await readJson(c);
    const { value: saved, lateSessions } = await act(c, (ctx) => updateRule(ctx, id, body));
    return c.json({ ...saved, lateSessions }, 200);
  },
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'post',
    path: '/changes',
    operationId: 'changeReceptionSession',
    summary: 'Hủy, dời hoặc đổi người tiếp một buổi (sessionDate là ngày theo lịch định kỳ)',
    tags,
    request: { body: jsonBody(SessionChangeSchema, CHANGE_EXAMPLE) },
    responses: { 201: json(SessionChangeWriteAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    const { value: saved, lateSessions } = await act(c, (ctx) => saveChange(ctx, body));
    return c.json({ ...saved, lateSessions }, 201);
  },
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'delete',
    path: '/changes/{ruleId}/{date}',
    operationId: 'undoReceptionSessionChange',
    summary: 'Bỏ thay đổi, buổi tiếp trở về theo lịch định kỳ',
    tags,
    request: {
      params: z.object({
        ruleId: z.coerce.number().int().min(1).openapi({ param: { name: 'ruleId', in: 'path' }, description: 'Mã lịch tiếp định kỳ', example: 1 }),
        date: z
          .string()
          .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
          .openapi({ param: { name: 'date', in: 'path' }, format: 'date', description: 'Ngày của buổi tiếp theo lịch định kỳ', example: '2025-06-19' }),
      }),
    },
    responses: { 204: { description: 'Đã bỏ' }, ...errors(404, 409) },
  }),
  async (c) => {
    const { ruleId, date } = c.req.valid('param');
    await act(c, (ctx) => undoChange(ctx, ruleId, date));
    return c.body(null, 204);
  },
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'post',
    path: '/sessions',
    operationId: 'addReceptionSession',
    summary: 'Thêm buổi tiếp đột xuất hoặc phối hợp',
    tags,
    request: { body: jsonBody(ExtraSessionSchema, EXTRA_EXAMPLE) },
    responses: { 201: json(ExtraSessionWriteAnswer, 'Đã thêm; lateSessions: buổi này nếu thêm khi chưa đủ thời hạn thông báo (thay đổi muộn)'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    const { value: created, lateSessions } = await act(c, (ctx) => createExtra(ctx, body));
    return c.json({ ...created, lateSessions }, 201);
  },
);

receptionApi.openapi(
  apiRoute('reception:read', {
    method: 'get',
    path: '/sessions',
    operationId: 'listReceptionSessions',
    summary: 'Các buổi tiếp (tính từ lịch, thay đổi, buổi đột xuất và ngày nghỉ lễ)',
    tags,
    // Lenient, as it always was: a date that does not parse falls back to today, and "to" to 90 days later.
    request: {
      query: z.object({
        from: isoDate('Từ ngày (mặc định: hôm nay)').optional(),
        to: isoDate('Đến ngày (mặc định: 90 ngày sau "from"; tối đa 5 năm)').optional(),
      }),
    },
    responses: {
      200: json(z.object({ from: isoDate('Từ ngày'), to: isoDate('Đến ngày'), items: z.array(SessionAnswer) }).openapi('SessionList'), 'Danh sách buổi tiếp'),
      ...errors(422),
    },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const today = todayInVietnam();
    const from = parseDate(query.from ?? '') ?? today;
    const to = parseDate(query.to ?? '') ?? addDays(from, 90);
    if (to < from || Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 5) {
      throw validationError([{ field: 'to', message: 'Khoảng ngày không hợp lệ: "to" phải sau "from" và không quá 5 năm.' }]);
    }
    const years = Array.from({ length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 }, (_, i) => Number(from.slice(0, 4)) + i);
    return c.json({ from, to, items: generateSessions(await loadCalendar(c.env.DB, years), from, to) }, 200);
  },
);

const SessionKeyParam = z.object({
  key: z
    .string()
    .regex(/^(rule-[0-9]+-[0-9]{4}-[0-9]{2}-[0-9]{2}|extra-[0-9]+)$/)
    .openapi({ param: { name: 'key', in: 'path' }, description: 'Mã buổi tiếp ("key" trong danh sách buổi tiếp)', example: 'rule-1-2024-06-20' }),
});

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'put',
    path: '/sessions/{key}/record',
    operationId: 'recordReceptionSession',
    summary: 'Ghi nhận kết quả một buổi tiếp sau ngày tiếp: có diễn ra không, ai tiếp, số lượt công dân (gửi kèm version đang sửa, 0 nếu chưa ghi nhận)',
    tags,
    request: { params: SessionKeyParam, body: jsonBody(SessionRecordSchema.safeExtend(RecordVersionSchema.shape), RECORD_EXAMPLE) },
    responses: { 200: json(SessionRecordAnswer, 'Đã ghi nhận'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { key } = c.req.valid('param');
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => recordSession(ctx, key, body)), 200);
  },
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'post',
    path: '/sessions/{key}/corrections',
    operationId: 'correctReceptionSession',
    summary: 'Đính chính công khai một buổi tiếp đã thông báo (hiện bên cạnh thông báo ban đầu trên trang, ICS và JSON)',
    tags,
    request: { params: SessionKeyParam, body: jsonBody(SessionCorrectionSchema, CORRECTION_EXAMPLE) },
    responses: { 201: json(SessionCorrectionAnswer, 'Đã đính chính'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { key } = c.req.valid('param');
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => correctSession(ctx, key, body)), 201);
  },
);

receptionApi.openapi(
  apiRoute('reception:read', {
    method: 'get',
    path: '/holidays/{year}',
    operationId: 'getHolidays',
    summary: 'Ngày nghỉ lễ của năm (đã lưu, hoặc tính theo mặc định)',
    tags,
    request: { params: YearParam },
    responses: { 200: json(HolidayYearAnswer, 'Danh sách'), ...errors(404) },
  }),
  async (c) => {
    const { year } = c.req.valid('param');
    const stored = await listStoredHolidays(c.env.DB);
    const confirmed = stored.some((h) => h.date.startsWith(`${year}-`));
    const source = confirmed ? ('stored' as const) : isDecidedYear(year) ? ('official' as const) : ('computed' as const);
    return c.json({ year, source, holidays: holidaysFor(stored, [year]) }, 200);
  },
);

receptionApi.openapi(
  apiRoute('reception:write', {
    method: 'put',
    path: '/holidays/{year}',
    operationId: 'saveHolidays',
    summary: 'Lưu danh sách ngày nghỉ lễ của năm (thay toàn bộ)',
    tags,
    request: { params: YearParam, body: jsonBody(HolidayYearSchema, HOLIDAYS_EXAMPLE) },
    responses: { 200: json(HolidayYearAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { year } = c.req.valid('param');
    const body = await readJson(c);
    const { value: holidays, lateSessions } = await act(c, (ctx) => saveHolidays(ctx, year, body));
    return c.json({ year, source: 'stored' as const, holidays, lateSessions }, 200);
  },
);
