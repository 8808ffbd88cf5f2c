import { z } from '@hono/zod-openapi';
import { addDays, parseDate, todayInVietnam } from '../../schema/dates.ts';
import { HolidaySchema } from '../../schema/holidays.ts';
import { ExtraSessionSchema, generateSessions, ReceptionRuleSchema, SessionChangeSchema } from '../../schema/reception.ts';
import {
  createExtra,
  createRule,
  deleteChange,
  getRule,
  holidaysFor,
  listRules,
  listStoredHolidays,
  loadCalendar,
  saveChange,
  saveHolidayYear,
  StaleVersionError,
  updateRule,
} from '../../schema/db/reception.ts';
import {
  CHANGE_EXAMPLE,
  errors,
  EXTRA_EXAMPLE,
  ExtraSessionAnswer,
  HOLIDAYS_EXAMPLE,
  HolidayYearAnswer,
  itemsOf,
  json,
  jsonBody,
  ReceptionRuleAnswer,
  RULE_EXAMPLE,
  SessionAnswer,
  SessionChangeAnswer,
} from '../openapi.ts';
import { NO_DETAIL_PAGES, requestPublish } from '../publish.ts';
import { apiApp, apiError, apiRoute, parseOrFail, pathId, readJson, validationError } from './api-helpers.ts';

/** JSON API for the reception calendar: /api/v1/reception. Each route is its own OpenAPI description. */

const HolidayYearSchema = z.object({ holidays: z.array(HolidaySchema, { error: 'Thiếu danh sách ngày nghỉ (holidays).' }) });
const RuleUpdateSchema = ReceptionRuleSchema.safeExtend({ version: z.coerce.number({ error: 'Thiếu số phiên bản (version).' }).int().min(1) });

const notFound = () => apiError(404, 'not_found', 'Không có lịch tiếp định kỳ này.');

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
    responses: { 201: json(ReceptionRuleAnswer, 'Đã thêm'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const rule = parseOrFail(ReceptionRuleSchema, await readJson(c));
    const created = await createRule(c.env.DB, rule, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception rule created', NO_DETAIL_PAGES));
    return c.json(created, 201);
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
    responses: { 200: json(ReceptionRuleAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const { version } = parseOrFail(z.object({ version: z.coerce.number({ error: 'Thiếu số phiên bản (version).' }).int().min(1) }), body);
    const rule = parseOrFail(ReceptionRuleSchema, body);
    try {
      const saved = await updateRule(c.env.DB, c.req.valid('param').id, version, rule, c.get('actor'), new Date().toISOString());
      if (!saved) throw notFound();
      c.executionCtx.waitUntil(requestPublish(c.env, 'reception rule updated', NO_DETAIL_PAGES));
      return c.json(saved, 200);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        return c.json({ error: { code: 'version_conflict', message: 'Lịch này vừa được sửa; hãy tải bản mới nhất rồi sửa lại. Không có gì bị ghi đè.' } }, 409);
      }
      throw error;
    }
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
    responses: { 201: json(SessionChangeAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const change = parseOrFail(SessionChangeSchema, await readJson(c));
    if (!(await getRule(c.env.DB, change.ruleId))) throw notFound();
    const saved = await saveChange(c.env.DB, change, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception session changed', NO_DETAIL_PAGES));
    return c.json(saved, 201);
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
    const deleted = await deleteChange(c.env.DB, ruleId, date, c.get('actor'), new Date().toISOString());
    if (!deleted) return c.json({ error: { code: 'not_found', message: 'Buổi tiếp này không có thay đổi nào.' } }, 404);
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception change undone', NO_DETAIL_PAGES));
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
    responses: { 201: json(ExtraSessionAnswer, 'Đã thêm'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const extra = parseOrFail(ExtraSessionSchema, await readJson(c));
    const created = await createExtra(c.env.DB, extra, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'extra reception session', NO_DETAIL_PAGES));
    return c.json(created, 201);
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
    return c.json({ year, source: confirmed ? ('stored' as const) : ('computed' as const), holidays: holidaysFor(stored, [year]) }, 200);
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
    const { holidays } = parseOrFail(HolidayYearSchema, await readJson(c));
    const outside = holidays.findIndex((h) => !h.date.startsWith(`${year}-`));
    if (outside >= 0) throw validationError([{ field: 'holidays', message: `Ngày ${holidays[outside]!.date} không thuộc năm ${year}.` }]);
    if (new Set(holidays.map((h) => h.date)).size !== holidays.length) throw validationError([{ field: 'holidays', message: 'Có ngày bị lặp lại.' }]);
    await saveHolidayYear(c.env.DB, year, holidays, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, `holidays ${year}`, NO_DETAIL_PAGES));
    return c.json({ year, source: 'stored' as const, holidays }, 200);
  },
);
