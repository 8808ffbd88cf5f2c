import { Hono } from 'hono';
import { html } from 'hono/html';
import { addDays, formatDate, todayInVietnam, weekdayName } from '../../schema/dates.ts';
import { formatHolidayList, parseHolidayList } from '../../schema/holidays.ts';
import {
  describeRule,
  generateSessions,
  NOTICE_WORKING_DAYS,
  STATUS_LABELS,
  WorkingCalendar,
} from '../../schema/reception.ts';
import type { FieldError } from '../../schema/validation.ts';
import { page, readForm, type Values } from '../admin/page.ts';
import { changeForm, extraForm, holidayForm, ruleForm, ruleValues } from '../admin/reception-forms.ts';
import { getRule, holidaysFor, listChanges, listStoredHolidays, loadCalendar } from '../../schema/db/reception.ts';
import { NotFoundError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import { createExtra, createRule, saveChange, saveHolidays, undoChange, updateRule } from '../../schema/use-cases/reception.ts';
import { act } from '../act.ts';
import type { AppEnv } from '../env.ts';

/** Admin of the reception calendar, under /admin/tiep-cong-dan (the session is checked by the parent app). */

const BASE = '/admin/tiep-cong-dan';
const RULE_ARRAYS = { arrays: ['weekdays', 'weeksOfMonth'] };
const yearOf = (date: string) => Number(date.slice(0, 4));
/** Back to the calendar, saying the change was saved — and, when it was late, that the public page marks it so. */
const savedRedirect = (lateNoticeDays: number | null) => `${BASE}/${lateNoticeDays === null ? '?da-luu' : `?muon=${lateNoticeDays}`}`;

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
    try {
      const { lateNoticeDays } = await act(c, (ctx) => createRule(ctx, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(page('Lỗi – Thêm lịch định kỳ', html`<h1>Thêm lịch tiếp định kỳ</h1>${ruleForm(`${BASE}/lich/moi`, values, error.errors)}`, { signedIn: c.get('account').displayName }), 422);
    }
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
    try {
      // A rule edit that changes a session less than five working days away is allowed; the
      // sessions it changes are marked late on the public page, and the official is told so.
      const { lateNoticeDays } = await act(c, (ctx) => updateRule(ctx, rule.id, input));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      if (error instanceof ValidationError) return rejected(error.errors, 422);
      if (error instanceof VersionConflictError) return rejected([{ field: 'frequency', message: 'Lịch này vừa được người khác sửa. Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất, so sánh rồi lưu lại.' }], 409);
      throw error;
    }
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
    try {
      const { lateNoticeDays } = await act(c, (ctx) => saveChange(ctx, { ...input, ruleId: rule, sessionDate: date }));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      const errors =
        error instanceof ValidationError ? error.errors : error instanceof NotFoundError ? [{ field: 'kind', message: error.message }] : null;
      if (!errors) throw error;
      return c.html(await changePage(c.env.DB, Number(rule), date, values, errors, c.get('account').displayName, false), 422);
    }
  })
  .post('/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/xoa', async (c) => {
    const { rule, date } = c.req.param();
    await act(c, (ctx) => undoChange(ctx, Number(rule), date)).catch((error) => {
      // Already undone (a second tap): the calendar is as the official wants it.
      if (!(error instanceof NotFoundError)) throw error;
    });
    return c.redirect(`${BASE}/?da-luu`, 303);
  })
  .get('/dot-xuat/moi', (c) =>
    c.html(page('Thêm buổi tiếp đột xuất', html`<h1>Thêm buổi tiếp đột xuất hoặc phối hợp</h1>${extraForm(`${BASE}/dot-xuat/moi`, { kind: 'unscheduled', date: todayInVietnam() }, [])}`, { signedIn: c.get('account').displayName })),
  )
  .post('/dot-xuat/moi', async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => createExtra(ctx, input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(page('Lỗi – Thêm buổi tiếp', html`<h1>Thêm buổi tiếp đột xuất hoặc phối hợp</h1>${extraForm(`${BASE}/dot-xuat/moi`, values, error.errors)}`, { signedIn: c.get('account').displayName }), 422);
    }
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
    try {
      const { lateNoticeDays } = await act(c, (ctx) => saveHolidays(ctx, year, { holidays: parsed.list }));
      return c.redirect(savedRedirect(lateNoticeDays), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(holidayPage(year, values, error.errors.map((e) => ({ ...e, field: 'list' })), c.get('account').displayName), 422);
    }
  });

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
