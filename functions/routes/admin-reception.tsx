import { Hono } from 'hono';
import { addDays, formatDate, todayInVietnam } from '../../schema/dates.ts';
import { formatHolidayList, parseHolidayList } from '../../schema/holidays.ts';
import { generateSessions } from '../../schema/reception.ts';
import type { FieldError } from '../../schema/validation.ts';
import { readForm, type Values } from '../admin/form.ts';
import { ruleValues } from '../admin/reception-forms.tsx';
import { CalendarPage, ChangePage, ExtraPage, HolidayPage, RECEPTION, RulePage } from '../admin/reception-pages.tsx';
import { getRule, holidaysFor, listChanges, listStoredHolidays, loadCalendar } from '../../schema/db/reception.ts';
import { NotFoundError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import { createExtra, createRule, noticeDays, saveChange, saveHolidays, undoChange, updateRule } from '../../schema/use-cases/reception.ts';
import { act } from '../act.ts';
import { requirePermission } from '../admin/roles.tsx';
import type { AppEnv } from '../env.ts';

/** Admin of the reception calendar, under /admin/tiep-cong-dan (the session is checked by the parent app). */

const RULE_ARRAYS = { arrays: ['weekdays', 'weeksOfMonth'] };
const yearOf = (date: string) => Number(date.slice(0, 4));
/** Back to the calendar, saying the change was saved — and, when it was late, that the public page marks it so. */
const savedRedirect = (lateNoticeDays: number | null) =>
  `${RECEPTION}/${lateNoticeDays === null ? '?da-luu' : `?muon=${lateNoticeDays}`}`;

const NEW_RULE: Values = {
  frequency: 'weekly',
  weekdays: ['4'],
  startTime: '07:30',
  endTime: '11:00',
  hostTitle: 'Chủ tịch Ủy ban nhân dân',
  holidayPolicy: 'next_working_day',
};

const STALE_RULE = 'Lịch này vừa được người khác sửa. Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất, so sánh rồi lưu lại.';

export const receptionAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const today = todayInVietnam();
    const year = yearOf(today);
    const calendar = await loadCalendar(c.env.DB, [year, year + 1]);
    const sessions = generateSessions(calendar, today, addDays(today, 70));
    const saved = c.req.query('da-luu') !== undefined;
    const page = <CalendarPage rules={calendar.rules} sessions={sessions} year={year} saved={saved} late={c.req.query('muon')} />;
    return c.render(page, { title: 'Lịch tiếp công dân' });
  })
  .get('/lich/moi', (c) => {
    const values = { ...NEW_RULE, validFrom: todayInVietnam() };
    return c.render(<RulePage values={values} errors={[]} />, { title: 'Thêm lịch định kỳ' });
  })
  .post('/lich/moi', requirePermission('reception.manage'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody({ all: true }), RULE_ARRAYS);
    try {
      const { lateNoticeDays } = await act(c, (ctx) => createRule(ctx, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      c.status(422);
      return c.render(<RulePage values={values} errors={error.errors} />, { title: 'Thêm lịch định kỳ', hasErrors: true });
    }
  })
  .get('/lich/:id{[0-9]+}', async (c) => {
    const rule = await getRule(c.env.DB, Number(c.req.param('id')));
    if (!rule) return c.notFound();
    return c.render(<RulePage values={ruleValues(rule)} errors={[]} editing={rule} />, { title: 'Sửa lịch định kỳ' });
  })
  .post('/lich/:id{[0-9]+}', requirePermission('reception.manage'), async (c) => {
    const rule = await getRule(c.env.DB, Number(c.req.param('id')));
    if (!rule) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody({ all: true }), RULE_ARRAYS);
    const rejected = (errors: FieldError[], status: 409 | 422) => {
      c.status(status);
      const page = <RulePage values={values} errors={errors} editing={rule} />;
      return c.render(page, { title: 'Sửa lịch định kỳ', hasErrors: true });
    };
    try {
      // A rule edit that changes a session less than five working days away is allowed; the
      // sessions it changes are marked late on the public page, and the official is told so.
      const { lateNoticeDays } = await act(c, (ctx) => updateRule(ctx, rule.id, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      if (error instanceof ValidationError) return rejected(error.errors, 422);
      if (error instanceof VersionConflictError) return rejected([{ field: 'frequency', message: STALE_RULE }], 409);
      throw error;
    }
  })
  .get('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', async (c) => {
    const { rule, date } = c.req.param();
    const changes = await listChanges(c.env.DB);
    const existing = changes.find((x) => x.ruleId === Number(rule) && x.sessionDate === date);
    const values: Values = existing
      ? {
          kind: existing.kind,
          reason: existing.reason,
          newDate: existing.newDate ?? '',
          newStartTime: existing.newStartTime ?? '',
          newEndTime: existing.newEndTime ?? '',
          newPlace: existing.newPlace,
          newHostTitle: existing.newHostTitle,
          newHostName: existing.newHostName,
        }
      : {};
    const notice = await noticeDays(c.env.DB, date, new Date().toISOString());
    const page = (
      <ChangePage ruleId={Number(rule)} date={date} notice={notice} values={values} errors={[]} hasChange={!!existing} />
    );
    return c.render(page, { title: `Thay đổi buổi tiếp ${formatDate(date)}` });
  })
  .post('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', requirePermission('reception.manage'), async (c) => {
    const { rule, date } = c.req.param();
    const { input, values } = readForm(await c.req.parseBody());
    try {
      const { lateNoticeDays } = await act(c, (ctx) => saveChange(ctx, { ...input, ruleId: rule, sessionDate: date }));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      const errors =
        error instanceof ValidationError
          ? error.errors
          : error instanceof NotFoundError
            ? [{ field: 'kind', message: error.message }]
            : null;
      if (!errors) throw error;
      const notice = await noticeDays(c.env.DB, date, new Date().toISOString());
      c.status(422);
      const page = (
        <ChangePage ruleId={Number(rule)} date={date} notice={notice} values={values} errors={errors} hasChange={false} />
      );
      return c.render(page, { title: `Thay đổi buổi tiếp ${formatDate(date)}`, hasErrors: true });
    }
  })
  .post('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/xoa', requirePermission('reception.manage'), async (c) => {
    const { rule, date } = c.req.param();
    await act(c, (ctx) => undoChange(ctx, Number(rule), date)).catch((error) => {
      // Already undone (a second tap): the calendar is as the official wants it.
      if (!(error instanceof NotFoundError)) throw error;
    });
    return c.redirect(`${RECEPTION}/?da-luu`, 303);
  })
  .get('/dot-xuat/moi', (c) => {
    const values = { kind: 'unscheduled', date: todayInVietnam() };
    return c.render(<ExtraPage values={values} errors={[]} />, { title: 'Thêm buổi tiếp đột xuất' });
  })
  .post('/dot-xuat/moi', requirePermission('reception.manage'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => createExtra(ctx, input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      c.status(422);
      return c.render(<ExtraPage values={values} errors={error.errors} />, { title: 'Thêm buổi tiếp', hasErrors: true });
    }
    return c.redirect(`${RECEPTION}/?da-luu`, 303);
  })
  .get('/ngay-nghi/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const list = holidaysFor(await listStoredHolidays(c.env.DB), [year]);
    const page = <HolidayPage year={year} values={{ list: formatHolidayList(list) }} errors={[]} />;
    return c.render(page, { title: `Ngày nghỉ lễ năm ${year}` });
  })
  .post('/ngay-nghi/:year{[0-9]{4}}', requirePermission('reception.manage'), async (c) => {
    const year = Number(c.req.param('year'));
    const { values } = readForm(await c.req.parseBody());
    const rejected = (errors: FieldError[]) => {
      c.status(422);
      const page = <HolidayPage year={year} values={values} errors={errors} />;
      return c.render(page, { title: `Ngày nghỉ lễ năm ${year}`, hasErrors: true });
    };
    const parsed = parseHolidayList(String(values.list ?? ''), year);
    if (!parsed.ok) return rejected([{ field: 'list', message: parsed.message }]);
    try {
      const { lateNoticeDays } = await act(c, (ctx) => saveHolidays(ctx, year, { holidays: parsed.list }));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return rejected(error.errors.map((e) => ({ ...e, field: 'list' })));
    }
  });
