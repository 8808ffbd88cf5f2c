import { Hono } from 'hono';
import { addDays, parseDate, todayInVietnam } from '../../schema/dates.ts';
import { HolidaySchema } from '../../schema/holidays.ts';
import { ExtraSessionSchema, generateSessions, ReceptionRuleSchema, SessionChangeSchema } from '../../schema/reception.ts';
import { z } from 'zod';
import { requireToken } from '../auth.ts';
import { idempotent } from '../idempotency.ts';
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
import type { AppEnv } from '../env.ts';
import { NO_DETAIL_PAGES, requestPublish } from '../publish.ts';
import { apiError, parseOrFail, readJson, validationError } from './api-helpers.ts';

/** JSON API for the reception calendar: /api/v1/reception. */

const HolidayYearSchema = z.object({ holidays: z.array(HolidaySchema, { error: 'Thiếu danh sách ngày nghỉ (holidays).' }) });

const notFound = () => apiError(404, 'not_found', 'Không có lịch tiếp định kỳ này.');

export const receptionApi = new Hono<AppEnv>()
  .get('/rules', requireToken('reception:read'), async (c) => c.json({ items: await listRules(c.env.DB) }))
  .post('/rules', requireToken('reception:write'), idempotent, async (c) => {
    const rule = parseOrFail(ReceptionRuleSchema, await readJson(c));
    const created = await createRule(c.env.DB, rule, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception rule created', NO_DETAIL_PAGES));
    return c.json(created, 201);
  })
  .put('/rules/:id{[0-9]+}', requireToken('reception:write'), idempotent, async (c) => {
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const { version } = parseOrFail(z.object({ version: z.coerce.number({ error: 'Thiếu số phiên bản (version).' }).int().min(1) }), body);
    const rule = parseOrFail(ReceptionRuleSchema, body);
    try {
      const saved = await updateRule(c.env.DB, Number(c.req.param('id')), version, rule, c.get('actor'), new Date().toISOString());
      if (!saved) throw notFound();
      c.executionCtx.waitUntil(requestPublish(c.env, 'reception rule updated', NO_DETAIL_PAGES));
      return c.json(saved);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        return c.json({ error: { code: 'version_conflict', message: 'Lịch này vừa được sửa; hãy tải bản mới nhất rồi sửa lại. Không có gì bị ghi đè.' } }, 409);
      }
      throw error;
    }
  })
  .post('/changes', requireToken('reception:write'), idempotent, async (c) => {
    const change = parseOrFail(SessionChangeSchema, await readJson(c));
    if (!(await getRule(c.env.DB, change.ruleId))) throw notFound();
    const saved = await saveChange(c.env.DB, change, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception session changed', NO_DETAIL_PAGES));
    return c.json(saved, 201);
  })
  .delete('/changes/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', requireToken('reception:write'), idempotent, async (c) => {
    const deleted = await deleteChange(c.env.DB, Number(c.req.param('rule')), c.req.param('date'), c.get('actor'), new Date().toISOString());
    if (!deleted) return c.json({ error: { code: 'not_found', message: 'Buổi tiếp này không có thay đổi nào.' } }, 404);
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception change undone', NO_DETAIL_PAGES));
    return c.body(null, 204);
  })
  .post('/sessions', requireToken('reception:write'), idempotent, async (c) => {
    const extra = parseOrFail(ExtraSessionSchema, await readJson(c));
    const created = await createExtra(c.env.DB, extra, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'extra reception session', NO_DETAIL_PAGES));
    return c.json(created, 201);
  })
  .get('/sessions', requireToken('reception:read'), async (c) => {
    const today = todayInVietnam();
    const from = parseDate(c.req.query('from') ?? '') ?? today;
    const to = parseDate(c.req.query('to') ?? '') ?? addDays(from, 90);
    if (to < from || Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 5) {
      throw validationError([{ field: 'to', message: 'Khoảng ngày không hợp lệ: "to" phải sau "from" và không quá 5 năm.' }]);
    }
    const years = Array.from({ length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 }, (_, i) => Number(from.slice(0, 4)) + i);
    return c.json({ from, to, items: generateSessions(await loadCalendar(c.env.DB, years), from, to) });
  })
  .get('/holidays/:year{[0-9]{4}}', requireToken('reception:read'), async (c) => {
    const year = Number(c.req.param('year'));
    const stored = await listStoredHolidays(c.env.DB);
    const confirmed = stored.some((h) => h.date.startsWith(`${year}-`));
    return c.json({ year, source: confirmed ? 'stored' : 'computed', holidays: holidaysFor(stored, [year]) });
  })
  .put('/holidays/:year{[0-9]{4}}', requireToken('reception:write'), idempotent, async (c) => {
    const year = Number(c.req.param('year'));
    const { holidays } = parseOrFail(HolidayYearSchema, await readJson(c));
    const outside = holidays.findIndex((h) => !h.date.startsWith(`${year}-`));
    if (outside >= 0) throw validationError([{ field: 'holidays', message: `Ngày ${holidays[outside]!.date} không thuộc năm ${year}.` }]);
    if (new Set(holidays.map((h) => h.date)).size !== holidays.length) throw validationError([{ field: 'holidays', message: 'Có ngày bị lặp lại.' }]);
    await saveHolidayYear(c.env.DB, year, holidays, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, `holidays ${year}`, NO_DETAIL_PAGES));
    return c.json({ year, source: 'stored', holidays });
  });
