import { Hono } from 'hono';
import { html } from 'hono/html';
import { addDays, formatDate, todayInVietnam, weekdayName } from '../../schema/dates.ts';
import { formatHolidayList, parseHolidayList } from '../../schema/holidays.ts';
import {
  describeRule,
  ExtraSessionSchema,
  generateSessions,
  NOTICE_WORKING_DAYS,
  ReceptionRuleSchema,
  SessionChangeSchema,
  STATUS_LABELS,
  WorkingCalendar,
  type CalendarInput,
} from '../../schema/reception.ts';
import { fieldErrors, type FieldError } from '../../schema/validation.ts';
import { page, readForm, type Values } from '../admin/page.ts';
import { changeForm, extraForm, holidayForm, ruleForm, ruleValues } from '../admin/reception-forms.ts';
import {
  createExtra,
  createRule,
  deleteChange,
  getRule,
  holidaysFor,
  listChanges,
  listStoredHolidays,
  loadCalendar,
  saveChange,
  saveHolidayYear,
  StaleVersionError,
  updateRule,
} from '../../schema/db/reception.ts';
import type { AppEnv } from '../env.ts';
import { NO_DETAIL_PAGES, requestPublish } from '../publish.ts';

/** Admin of the reception calendar, under /admin/tiep-cong-dan (the session is checked by the parent app). */

const BASE = '/admin/tiep-cong-dan';
const RULE_ARRAYS = { arrays: ['weekdays', 'weeksOfMonth'] };
const yearOf = (date: string) => Number(date.slice(0, 4));

export const receptionAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const today = todayInVietnam();
    const year = yearOf(today);
    const calendar = await loadCalendar(c.env.DB, [year, year + 1]);
    const sessions = generateSessions(calendar, today, addDays(today, 70));
    const saved = c.req.query('da-luu');
    const late = c.req.query('muon');
    return c.html(
      page(
        'Lịch tiếp công dân',
        html`<h1>Lịch tiếp công dân</h1>
${saved !== undefined ? html`<p class="notice" role="status">Đã lưu. Trang công khai sẽ cập nhật sau khoảng nửa phút.</p>` : ''}
${late ? html`<p class="warning" role="alert">Thay đổi này chỉ còn ${late} ngày làm việc trước buổi tiếp (luật yêu cầu thông báo trước ${NOTICE_WORKING_DAYS} ngày làm việc). Đã lưu, và trang công khai ghi rõ là <strong>thay đổi muộn</strong>.</p>` : ''}
<h2>Lịch định kỳ</h2>
${calendar.rules.map(
  (r) => html`<div class="list-item"><strong>${describeRule(r)}</strong>, ${r.startTime}–${r.endTime}<br>${r.place} · ${r.hostTitle}<br>
Áp dụng từ ${formatDate(r.validFrom)}${r.validTo ? ` đến ${formatDate(r.validTo)}` : ''} · <a href="${BASE}/lich/${r.id}">Sửa</a></div>`,
)}
<p><a class="button" href="${BASE}/lich/moi">Thêm lịch định kỳ</a> <a class="button" href="${BASE}/dot-xuat/moi">Thêm buổi tiếp đột xuất</a></p>
<h2>10 tuần tới</h2>
${sessions.map(
  (s) => html`<div class="list-item"><strong>${weekdayName(s.date)}, ${formatDate(s.date)}</strong> ${s.startTime}–${s.endTime}
<span class="status">${STATUS_LABELS[s.status]}</span>${s.lateChange ? html` <span class="status">Thay đổi muộn</span>` : ''}<br>${s.hostTitle} · ${s.place}
${s.reason ? html`<br>${s.reason}` : ''}
${s.kind === 'regular' ? html`<br><a href="${BASE}/buoi/${s.ruleId}/${s.originalDate ?? s.date}">Hủy, dời hoặc đổi người tiếp…</a>` : ''}</div>`,
)}
<h2>Ngày nghỉ lễ</h2>
<p><a href="${BASE}/ngay-nghi/${year}">Năm ${year}</a> · <a href="${BASE}/ngay-nghi/${year + 1}">Năm ${year + 1}</a></p>`,
        { signedIn: c.get('account').displayName },
      ),
    );
  })
  .get('/lich/moi', (c) =>
    c.html(
      page('Thêm lịch định kỳ', html`<h1>Thêm lịch tiếp định kỳ</h1>${ruleForm(`${BASE}/lich/moi`, { frequency: 'weekly', weekdays: ['4'], startTime: '07:30', endTime: '11:00', hostTitle: 'Chủ tịch Ủy ban nhân dân', validFrom: todayInVietnam(), holidayPolicy: 'next_working_day' }, [])}`, {
        signedIn: c.get('account').displayName,
      }),
    ),
  )
  .post('/lich/moi', async (c) => {
    const { input, values } = readForm(await c.req.parseBody({ all: true }), RULE_ARRAYS);
    const parsed = ReceptionRuleSchema.safeParse(input);
    if (!parsed.success) {
      return c.html(page('Lỗi – Thêm lịch định kỳ', html`<h1>Thêm lịch tiếp định kỳ</h1>${ruleForm(`${BASE}/lich/moi`, values, fieldErrors(parsed.error))}`, { signedIn: c.get('account').displayName }), 422);
    }
    await createRule(c.env.DB, parsed.data, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception rule created', NO_DETAIL_PAGES));
    return c.redirect(`${BASE}/?da-luu`, 303);
  })
  .get('/lich/:id{[0-9]+}', async (c) => {
    const rule = await getRule(c.env.DB, Number(c.req.param('id')));
    if (!rule) return c.notFound();
    return c.html(page('Sửa lịch định kỳ', html`<h1>Sửa lịch tiếp định kỳ</h1>${ruleForm(`${BASE}/lich/${rule.id}`, ruleValues(rule), [], rule)}`, { signedIn: c.get('account').displayName }));
  })
  .post('/lich/:id{[0-9]+}', async (c) => {
    const rule = await getRule(c.env.DB, Number(c.req.param('id')));
    if (!rule) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody({ all: true }), RULE_ARRAYS);
    const rejected = (errors: FieldError[], status: 409 | 422) =>
      c.html(page('Lỗi – Sửa lịch định kỳ', html`<h1>Sửa lịch tiếp định kỳ</h1>${ruleForm(`${BASE}/lich/${rule.id}`, values, errors, rule)}`, { signedIn: c.get('account').displayName }), status);
    const parsed = ReceptionRuleSchema.safeParse(input);
    if (!parsed.success) return rejected(fieldErrors(parsed.error), 422);
    const today = todayInVietnam();
    const before = await loadCalendar(c.env.DB, [yearOf(today), yearOf(today) + 1]);
    try {
      await updateRule(c.env.DB, rule.id, Number(values.version), parsed.data, c.get('actor'), new Date().toISOString());
    } catch (error) {
      if (error instanceof StaleVersionError) return rejected([{ field: 'frequency', message: 'Lịch này vừa được người khác sửa. Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất, so sánh rồi lưu lại.' }], 409);
      throw error;
    }
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception rule updated', NO_DETAIL_PAGES));
    // A rule edit that moves or changes a session less than five working days away is allowed,
    // but the official is told it is a late change.
    const after = await loadCalendar(c.env.DB, [yearOf(today), yearOf(today) + 1]);
    const late = lateRuleChange(before, after, today);
    return c.redirect(`${BASE}/${late === null ? '?da-luu' : `?muon=${late}`}`, 303);
  })
  .get('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', async (c) => {
    const { rule, date } = c.req.param();
    const existing = (await listChanges(c.env.DB)).find((x) => x.ruleId === Number(rule) && x.sessionDate === date);
    const values: Values = existing
      ? { kind: existing.kind, reason: existing.reason, newDate: existing.newDate ?? '', newStartTime: existing.newStartTime ?? '', newEndTime: existing.newEndTime ?? '', newPlace: existing.newPlace, newHostTitle: existing.newHostTitle, newHostName: existing.newHostName }
      : {};
    return c.html(await changePage(c.env.DB, Number(rule), date, values, [], c.get('account').displayName, !!existing));
  })
  .post('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', async (c) => {
    const { rule, date } = c.req.param();
    const { input, values } = readForm(await c.req.parseBody());
    const parsed = SessionChangeSchema.safeParse({ ...input, ruleId: rule, sessionDate: date });
    if (!parsed.success || !(await getRule(c.env.DB, Number(rule)))) {
      const errors = parsed.success ? [{ field: 'kind', message: 'Không có lịch định kỳ này.' }] : fieldErrors(parsed.error);
      return c.html(await changePage(c.env.DB, Number(rule), date, values, errors, c.get('account').displayName, false), 422);
    }
    const now = new Date().toISOString();
    await saveChange(c.env.DB, parsed.data, c.get('actor'), now);
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception session changed', NO_DETAIL_PAGES));
    const notice = await noticeDays(c.env.DB, parsed.data.newDate && parsed.data.newDate < date ? parsed.data.newDate : date);
    return c.redirect(`${BASE}/${notice < NOTICE_WORKING_DAYS ? `?muon=${notice}` : '?da-luu'}`, 303);
  })
  .post('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/xoa', async (c) => {
    const { rule, date } = c.req.param();
    await deleteChange(c.env.DB, Number(rule), date, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'reception change undone', NO_DETAIL_PAGES));
    return c.redirect(`${BASE}/?da-luu`, 303);
  })
  .get('/dot-xuat/moi', (c) =>
    c.html(page('Thêm buổi tiếp đột xuất', html`<h1>Thêm buổi tiếp đột xuất hoặc phối hợp</h1>${extraForm(`${BASE}/dot-xuat/moi`, { kind: 'unscheduled', date: todayInVietnam() }, [])}`, { signedIn: c.get('account').displayName })),
  )
  .post('/dot-xuat/moi', async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    const parsed = ExtraSessionSchema.safeParse(input);
    if (!parsed.success) {
      return c.html(page('Lỗi – Thêm buổi tiếp', html`<h1>Thêm buổi tiếp đột xuất hoặc phối hợp</h1>${extraForm(`${BASE}/dot-xuat/moi`, values, fieldErrors(parsed.error))}`, { signedIn: c.get('account').displayName }), 422);
    }
    await createExtra(c.env.DB, parsed.data, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'extra reception session', NO_DETAIL_PAGES));
    return c.redirect(`${BASE}/?da-luu`, 303);
  })
  .get('/ngay-nghi/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const list = holidaysFor(await listStoredHolidays(c.env.DB), [year]);
    return c.html(holidayPage(year, { list: formatHolidayList(list) }, [], c.get('account').displayName));
  })
  .post('/ngay-nghi/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const { values } = readForm(await c.req.parseBody());
    const parsed = parseHolidayList(String(values.list ?? ''), year);
    if (!parsed.ok) return c.html(holidayPage(year, values, [{ field: 'list', message: parsed.message }], c.get('account').displayName), 422);
    await saveHolidayYear(c.env.DB, year, parsed.list, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, `holidays ${year}`, NO_DETAIL_PAGES));
    return c.redirect(`${BASE}/?da-luu`, 303);
  });

/**
 * Working days to the nearest session that a rule edit changed within the notice period, or null
 * when none did: sessions are compared before and after, field by field.
 */
function lateRuleChange(before: CalendarInput, after: CalendarInput, today: string): number | null {
  const calendar = new WorkingCalendar(after.holidays);
  let end = today;
  while (calendar.workingDaysBetween(today, end) < NOTICE_WORKING_DAYS) end = addDays(end, 1);
  const view = (input: CalendarInput) =>
    new Map(generateSessions(input, today, end).map((s) => [s.key, JSON.stringify([s.date, s.startTime, s.endTime, s.place, s.hostTitle, s.hostName, s.topics, s.status])]));
  const old = view(before);
  const now = view(after);
  const changed = [...new Set([...old.keys(), ...now.keys()])].filter((k) => old.get(k) !== now.get(k));
  if (!changed.length) return null;
  const dates = changed.map((k) => JSON.parse(now.get(k) ?? old.get(k)!)[0] as string).sort();
  return calendar.workingDaysBetween(today, dates[0]!);
}

/** Working days from today to `date`: under five means the change is a late one. */
async function noticeDays(db: D1Database, date: string): Promise<number> {
  const today = todayInVietnam();
  const years = [...new Set([yearOf(today), yearOf(date)])];
  return new WorkingCalendar(holidaysFor(await listStoredHolidays(db), years)).workingDaysBetween(today, date);
}

async function changePage(db: D1Database, ruleId: number, date: string, values: Values, errors: FieldError[], who: string, hasChange: boolean) {
  const notice = await noticeDays(db, date);
  return page(
    `${errors.length ? 'Lỗi – ' : ''}Thay đổi buổi tiếp ${formatDate(date)}`,
    html`<h1>Thay đổi buổi tiếp ${weekdayName(date)}, ${formatDate(date)}</h1>
${notice < NOTICE_WORKING_DAYS ? html`<p class="warning">Buổi này chỉ còn ${notice} ngày làm việc. Vẫn có thể thay đổi, nhưng trang công khai sẽ ghi rõ là <strong>thay đổi muộn</strong>.</p>` : ''}
${changeForm(`${BASE}/buoi/${ruleId}/${date}`, values, errors)}
${hasChange ? html`<form method="post" action="${BASE}/buoi/${ruleId}/${date}/xoa"><button type="submit" class="secondary">Bỏ thay đổi, trở về lịch định kỳ</button></form>` : ''}
<p><a href="${BASE}/">Quay lại</a></p>`,
    { signedIn: who },
  );
}

function holidayPage(year: number, values: Values, errors: FieldError[], who: string) {
  return page(
    `Ngày nghỉ lễ năm ${year}`,
    html`<h1>Ngày nghỉ lễ năm ${year}</h1>
<p class="hint">Danh sách có sẵn được tính theo Bộ luật Lao động (Tết Nguyên Đán theo âm lịch Việt Nam, múi giờ UTC+7). Thủ tướng quyết định lịch nghỉ Tết và ngày hoán đổi hằng năm: hãy sửa cho đúng thông báo chính thức rồi lưu.</p>
${holidayForm(`${BASE}/ngay-nghi/${year}`, values, errors)}`,
    { signedIn: who },
  );
}
