import { Hono } from 'hono';
import { addDays, parseDate, todayInVietnam } from '../../schema/dates.ts';
import { holidaysFor, listRules, listStoredHolidays, loadCalendar } from '../../schema/db/reception.ts';
import { generateSessions } from '../../schema/reception.ts';
import { createExtra, createRule, saveChange, saveHolidays, undoChange, updateRule } from '../../schema/use-cases/reception.ts';
import { act } from '../act.ts';
import { requireToken } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { idempotent } from '../idempotency.ts';
import { readJson, validationError } from './api-helpers.ts';

/** JSON API for the reception calendar: /api/v1/reception. The use cases apply the rules. */

export const receptionApi = new Hono<AppEnv>()
  .get('/rules', requireToken('reception:read'), async (c) => c.json({ items: await listRules(c.env.DB) }))
  .post('/rules', requireToken('reception:write'), idempotent, async (c) => {
    const body = await readJson(c);
    const { value: created } = await act(c, (ctx) => createRule(ctx, body));
    return c.json(created, 201);
  })
  .put('/rules/:id{[0-9]+}', requireToken('reception:write'), idempotent, async (c) => {
    const id = Number(c.req.param('id'));
    const body = await readJson(c);
    const { value: saved } = await act(c, (ctx) => updateRule(ctx, id, body));
    return c.json(saved);
  })
  .post('/changes', requireToken('reception:write'), idempotent, async (c) => {
    const body = await readJson(c);
    const { value: saved } = await act(c, (ctx) => saveChange(ctx, body));
    return c.json(saved, 201);
  })
  .delete('/changes/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', requireToken('reception:write'), idempotent, async (c) => {
    const ruleId = Number(c.req.param('rule'));
    const date = c.req.param('date');
    await act(c, (ctx) => undoChange(ctx, ruleId, date));
    return c.body(null, 204);
  })
  .post('/sessions', requireToken('reception:write'), idempotent, async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => createExtra(ctx, body)), 201);
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
    const body = await readJson(c);
    const { value: holidays } = await act(c, (ctx) => saveHolidays(ctx, year, body));
    return c.json({ year, source: 'stored', holidays });
  });
