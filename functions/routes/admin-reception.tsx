import { Hono } from 'hono';
import { CONFIRM_FIELD, ConfirmPage } from '../admin/confirm.tsx';
import { addDays, formatDate, todayInVietnam, weekdayName } from '../../schema/core/dates.ts';
import { formatHolidayList, isDecidedYear, parseHolidayList } from '../../schema/calendar/holidays.ts';
import { factsOf, generateSessions } from '../../schema/reception/reception.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { readForm, type Values } from '../admin/form.ts';
import { ruleValues } from '../admin/reception-forms.tsx';
import {
  CalendarPage,
  ChangePage,
  CorrectionPage,
  ExtraPage,
  HolidayPage,
  MinimumPage,
  PastSessionsPage,
  RECEPTION,
  RecordPage,
  RulePage,
} from '../admin/reception-pages.tsx';
import {
  findSession,
  getMinDaysPerMonth,
  getRule,
  holidaysFor,
  listChanges,
  listStoredHolidays,
  loadCalendar,
  sessionsToCorrect,
} from '../../schema/reception/reception.db.ts';
import { NotFoundError, VersionConflictError } from '../../schema/core/errors.ts';
import {
  correctSession,
  createExtra,
  createRule,
  defaultEffectiveFrom,
  noticeDays,
  previewCreateRule,
  previewHolidays,
  previewRuleEdit,
  recordSession,
  saveChange,
  saveHolidays,
  saveReceptionSettings,
  undoChange,
  updateRule,
} from '../../schema/reception/reception.use-cases.ts';
import type { WriteContext } from '../../schema/core/context.use-cases.ts';
import type { Context } from 'hono';
import { act } from '../act.ts';
import { requirePermission } from '../admin/roles.tsx';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** Admin of the reception calendar, under /admin/tiep-cong-dan (the session is checked by the parent app). */

const RULE_ARRAYS = { arrays: ['weekdays', 'weeksOfMonth'] };
const yearOf = (date: string) => Number(date.slice(0, 4));
/** Back to the calendar, saying the change was saved — and, when it was late, that the public page marks it so. */
const savedRedirect = (lateNoticeDays: number | null) =>
  `${RECEPTION}/${lateNoticeDays === null ? '?da-luu' : `?muon=${lateNoticeDays}`}`;

const NEW_RULE: Values = {
  frequency: 'weekly',
  weekdays: ['4'],
  // No default hours or place: a prefilled value would be published as fact unless changed.
  hostTitle: 'Chủ tịch Ủy ban nhân dân',
  holidayPolicy: 'next_working_day',
};

/** Runs a read-only preview as the official (no publish). */
const preview = <T,>(c: Context<AppEnv>, run: (ctx: WriteContext) => Promise<T>) =>
  act(c, async (ctx) => ({ value: await run(ctx), publish: null }));
const REASON_NEEDED: FieldError = {
  field: 'reason',
  message: 'Chưa nhập lý do thay đổi: lý do được công bố cùng các buổi tiếp thay đổi muộn.',
};
/** The confirm step is needed when sessions would be marked late and the official has not confirmed with a reason. */
const needsConfirm = (late: unknown[], values: Values) =>
  late.length > 0 && (values.confirm !== '1' || !String(values.reason ?? '').trim());

/** A session's key in a path: "rule-<id>-<YYYY-MM-DD>" or "extra-<id>" (findSession checks which). */
const SESSION_KEY = ':key{[a-z]+-[0-9][0-9-]*}';

const STALE_RULE = 'Lịch này vừa được người khác sửa. Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất, so sánh rồi lưu lại.';

export const receptionAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const today = todayInVietnam();
    const year = yearOf(today);
    const calendar = await loadCalendar(c.env.DB, [year - 2, year - 1, year, year + 1]);
    const sessions = generateSessions(calendar, today, addDays(today, 70));
    // The past the public history shows (two years back): what to record, what to correct.
    const pastFrom = `${year - 2}-01-01`;
    const past = generateSessions(calendar, pastFrom, addDays(today, -1));
    const saved = c.req.query('da-luu') !== undefined;
    const page = (
      <CalendarPage
        rules={calendar.rules}
        sessions={sessions}
        year={year}
        saved={saved}
        late={c.req.query('muon')}
        provisionalYears={(calendar.provisionalYears ?? []).filter((y) => y >= year)}
        askNextYear={today.slice(5) >= '11-01'}
        toCorrect={sessionsToCorrect(calendar, past, today)}
        unrecorded={factsOf(past, pastFrom, addDays(today, -1), today).unrecorded}
      />
    );
    return c.render(page, { title: 'Lịch tiếp công dân' });
  })
  .get('/toi-thieu', async (c) => {
    const minimum = await getMinDaysPerMonth(c.env.DB);
    return c.render(<MinimumPage values={{ minDaysPerMonth: minimum === null ? '' : String(minimum) }} errors={[]} />, {
      title: 'Số ngày tiếp tối thiểu',
    });
  })
  .post('/toi-thieu', async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => saveReceptionSettings(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'minDaysPerMonth');
      c.status(status);
      return c.render(<MinimumPage values={values} errors={errors} />, { title: 'Số ngày tiếp tối thiểu', hasErrors: true });
    }
    return c.redirect(`${RECEPTION}/?da-luu`, 303);
  })
  .get('/lich/moi', (c) => {
    const values = { ...NEW_RULE, validFrom: todayInVietnam() };
    return c.render(<RulePage values={values} errors={[]} />, { title: 'Thêm lịch định kỳ' });
  })
  .post('/lich/moi', requirePermission('reception.manage'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody({ all: true }), RULE_ARRAYS);
    try {
      const plan = await preview(c, (ctx) => previewCreateRule(ctx, input));
      if (needsConfirm(plan.lateSessions, values)) {
        if (values.confirm === '1') c.status(422);
        const errors = values.confirm === '1' ? [REASON_NEEDED] : [];
        return c.render(<RulePage values={{ ...values, confirm: '1' }} errors={errors} late={plan.lateSessions} />, {
          title: 'Thêm lịch định kỳ',
        });
      }
      const { lateNoticeDays } = await act(c, (ctx) => createRule(ctx, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      const { errors, status } = formErrors(error, 'frequency');
      c.status(status);
      return c.render(<RulePage values={values} errors={errors} />, { title: 'Thêm lịch định kỳ', hasErrors: true });
    }
  })
  .get('/lich/:id{[0-9]+}', async (c) => {
    const rule = await getRule(c.env.DB, Number(c.req.param('id')));
    if (!rule) return c.notFound();
    const values = { ...ruleValues(rule), effectiveFrom: await defaultEffectiveFrom(c.env.DB, new Date().toISOString()) };
    return c.render(<RulePage values={values} errors={[]} editing={rule} />, { title: 'Sửa lịch định kỳ' });
  })
  .post('/lich/:id{[0-9]+}', requirePermission('reception.manage'), async (c) => {
    const rule = await getRule(c.env.DB, Number(c.req.param('id')));
    if (!rule) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody({ all: true }), RULE_ARRAYS);
    const rejected = (errors: FieldError[], status: 403 | 409 | 422) => {
      c.status(status);
      const page = <RulePage values={values} errors={errors} editing={rule} />;
      return c.render(page, { title: 'Sửa lịch định kỳ', hasErrors: true });
    };
    try {
      // A rule edit that changes a session less than five working days away is allowed; the
      // sessions it changes are marked late on the public page, and the official is told so.
      const plan = await preview(c, (ctx) => previewRuleEdit(ctx, rule.id, input));
      if (needsConfirm(plan.lateSessions, values)) {
        if (values.confirm === '1') c.status(422);
        const errors = values.confirm === '1' ? [REASON_NEEDED] : [];
        const page = (
          <RulePage
            values={{ ...values, confirm: '1', effectiveFrom: plan.effectiveFrom }}
            errors={errors}
            editing={rule}
            late={plan.lateSessions}
          />
        );
        return c.render(page, { title: 'Sửa lịch định kỳ', hasErrors: errors.length > 0 });
      }
      const { lateNoticeDays } = await act(c, (ctx) => updateRule(ctx, rule.id, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      // The form's own words for a stale rule: it says what to reload.
      if (error instanceof VersionConflictError) return rejected([{ field: 'frequency', message: STALE_RULE }], 409);
      const { errors, status } = formErrors(error, 'frequency');
      return rejected(errors, status);
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
    if (input.kind === 'cancelled' && input.reason && values[CONFIRM_FIELD] !== '1') {
      const page = (
        <ConfirmPage
          title={`Hủy buổi tiếp công dân ${weekdayName(date)} ${formatDate(date)}?`}
          lines={[
            `Trang công khai, lịch nhúng và lịch đăng ký theo dõi sẽ ghi buổi này là đã hủy, với lý do: "${String(input.reason)}".`,
            'Người dân có thể đã định đến: hãy báo thêm qua loa truyền thanh hoặc bảng tin nếu kịp.',
          ]}
          action={c.req.path}
          values={values}
          button="Hủy buổi tiếp"
          back={c.req.path}
        />
      );
      return c.render(page, { title: `Hủy buổi tiếp ${formatDate(date)}` });
    }
    try {
      const { lateNoticeDays } = await act(c, (ctx) => saveChange(ctx, { ...input, ruleId: rule, sessionDate: date }));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      // No such session on that date: said beside the kind of change, as a refusal of the form.
      const { errors, status } =
        error instanceof NotFoundError
          ? { errors: [{ field: 'kind', message: error.message }], status: 422 as const }
          : formErrors(error, 'kind');
      const notice = await noticeDays(c.env.DB, date, new Date().toISOString());
      c.status(status);
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
      const { lateNoticeDays } = await act(c, (ctx) => createExtra(ctx, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      const { errors, status } = formErrors(error, 'date');
      c.status(status);
      return c.render(<ExtraPage values={values} errors={errors} />, { title: 'Thêm buổi tiếp', hasErrors: true });
    }
  })
  .get('/da-qua/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const today = todayInVietnam();
    const calendar = await loadCalendar(c.env.DB, [year - 1, year, year + 1]);
    const end = `${year}-12-31` < today ? `${year}-12-31` : addDays(today, -1);
    const sessions = end < `${year}-01-01` ? [] : generateSessions(calendar, `${year}-01-01`, end).reverse();
    return c.render(<PastSessionsPage year={year} sessions={sessions} saved={c.req.query('da-luu') !== undefined} />, {
      title: `Các buổi tiếp đã qua năm ${year}`,
    });
  })
  .get(`/buoi-tiep/${SESSION_KEY}/ghi-nhan`, async (c) => {
    const session = await findSession(c.env.DB, c.req.param('key'));
    if (!session) return c.notFound();
    const r = session.record;
    const values: Values = r
      ? {
          held: String(r.held),
          heldByTitle: r.heldByTitle,
          heldByName: r.heldByName,
          citizensReceived: r.citizensReceived === null ? '' : String(r.citizensReceived),
          note: r.note,
          version: String(r.version),
        }
      : { version: '0' };
    return c.render(<RecordPage session={session} values={values} errors={[]} />, {
      title: `Ghi nhận buổi tiếp ${formatDate(session.date)}`,
    });
  })
  .post(`/buoi-tiep/${SESSION_KEY}/ghi-nhan`, requirePermission('reception.manage'), async (c) => {
    const key = c.req.param('key');
    const session = await findSession(c.env.DB, key);
    if (!session) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => recordSession(ctx, key, input));
    } catch (error) {
      // The use case words its own conflict (someone else recorded this session): formErrors keeps it.
      const { errors, status } = formErrors(error, 'held');
      c.status(status);
      return c.render(<RecordPage session={session} values={values} errors={errors} />, {
        title: `Ghi nhận buổi tiếp ${formatDate(session.date)}`,
        hasErrors: true,
      });
    }
    return c.redirect(`${RECEPTION}/da-qua/${session.date.slice(0, 4)}?da-luu#${key}`, 303);
  })
  .get(`/buoi-tiep/${SESSION_KEY}/dinh-chinh`, async (c) => {
    const session = await findSession(c.env.DB, c.req.param('key'));
    if (!session) return c.notFound();
    const year = yearOf(session.date);
    const dayOff = holidaysFor(await listStoredHolidays(c.env.DB), [year]).find(
      (h) => h.date === session.date && h.kind !== 'makeup_workday',
    )?.name;
    return c.render(<CorrectionPage session={session} dayOff={dayOff} values={{}} errors={[]} />, {
      title: `Đính chính buổi tiếp ${formatDate(session.date)}`,
    });
  })
  .post(`/buoi-tiep/${SESSION_KEY}/dinh-chinh`, requirePermission('reception.manage'), async (c) => {
    const key = c.req.param('key');
    const session = await findSession(c.env.DB, key);
    if (!session) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => correctSession(ctx, key, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'reason');
      c.status(status);
      return c.render(<CorrectionPage session={session} values={values} errors={errors} />, {
        title: `Đính chính buổi tiếp ${formatDate(session.date)}`,
        hasErrors: true,
      });
    }
    return c.redirect(`${RECEPTION}/da-qua/${session.date.slice(0, 4)}?da-luu#${key}`, 303);
  })
  .get('/ngay-nghi/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const stored = await listStoredHolidays(c.env.DB);
    const list = holidaysFor(stored, [year]);
    // A year the Government decided (official-days-off.ts) is not "dự kiến" even before a save.
    const provisional = !stored.some((h) => h.date.startsWith(`${year}-`)) && !isDecidedYear(year);
    const page = <HolidayPage year={year} values={{ list: formatHolidayList(list) }} errors={[]} provisional={provisional} />;
    return c.render(page, { title: `Ngày nghỉ lễ năm ${year}` });
  })
  .post('/ngay-nghi/:year{[0-9]{4}}', requirePermission('reception.manage'), async (c) => {
    const year = Number(c.req.param('year'));
    const { values } = readForm(await c.req.parseBody());
    const provisional = !(await listStoredHolidays(c.env.DB)).some((h) => h.date.startsWith(`${year}-`)) && !isDecidedYear(year);
    const rejected = (errors: FieldError[], status: 403 | 409 | 422 = 422) => {
      c.status(status);
      const page = <HolidayPage year={year} values={values} errors={errors} provisional={provisional} />;
      return c.render(page, { title: `Ngày nghỉ lễ năm ${year}`, hasErrors: true });
    };
    const parsed = parseHolidayList(String(values.list ?? ''), year);
    if (!parsed.ok) return rejected([{ field: 'list', message: parsed.message }]);
    try {
      const plan = await preview(c, (ctx) => previewHolidays(ctx, year, { holidays: parsed.list }));
      // A holiday list needs no typed reason: the public page says the year's list was updated.
      if (plan.lateSessions.length && values.confirm !== '1') {
        const page = (
          <HolidayPage year={year} values={{ ...values, confirm: '1' }} errors={[]} provisional={provisional} late={plan.lateSessions} />
        );
        return c.render(page, { title: `Ngày nghỉ lễ năm ${year}` });
      }
      const { lateNoticeDays } = await act(c, (ctx) => saveHolidays(ctx, year, { holidays: parsed.list }));
      // The past sessions the confirmed list shows were held on a day off are listed on the
      // calendar page (#can-dinh-chinh) until each is corrected.
      return c.redirect(`${savedRedirect(lateNoticeDays)}#can-dinh-chinh`, 303);
    } catch (error) {
      const { errors, status } = formErrors(error, 'list');
      return rejected(
        errors.map((e) => ({ ...e, field: 'list' })),
        status,
      );
    }
  });
