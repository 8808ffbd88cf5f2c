import { z } from '../core/zod.ts';
import { addDays, dateField, formatDate, todayInVietnam, type IsoDate } from '../core/dates.ts';
import { optionalText } from '../core/text.ts';
import {
  addCorrection,
  findSession,
  getRecord,
  saveRecord,
  createExtra as insertExtra,
  createRule as insertRule,
  deleteChange as removeChange,
  getMinDaysPerMonth,
  saveMinDaysPerMonth,
  getRule,
  holidaysFor,
  listStoredHolidays,
  loadCalendar,
  saveChange as storeChange,
  saveHolidayYear,
  updateRule as storeRule,
  type LateChange,
} from './reception.db.ts';
import { NotFoundError, ValidationError, VersionConflictError } from '../core/errors.ts';
import { HolidaySchema, type Holiday } from '../calendar/holidays.ts';
import { areaPages } from '../publishing/publish.ts';
import {
  calendarDiff,
  ExtraSessionSchema,
  extraIsLate,
  generateSessions,
  historyAfterEdit,
  ReceptionRuleSchema,
  sessionsPerMonth,
  type ReceptionRuleFields,
  type SessionDiff,
  SessionChangeSchema,
  SessionCorrectionSchema,
  SessionRecordSchema,
  WorkingCalendar,
  type Session,
  type SessionCorrection,
  type SessionRecord,
  type CalendarInput,
  type DaysOffVersion,
  type ExtraSession,
  type ReceptionRule,
  type SessionChange,
} from './reception.ts';
import { parseInput } from '../core/validation.ts';
import { authorize } from '../accounts/roles.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * Writing the reception calendar: rules, per-session changes, extra sessions, holidays. An edit
 * that changes a session less than NOTICE_WORKING_DAYS working days ahead is allowed, but the
 * session is marked "Thay đổi muộn" wherever citizens see it (page, embed, ICS, JSON): the
 * rule edit and holiday edit store that mark with the edit, a session change carries its own
 * date. Each use case returns the notice given (`lateNoticeDays`, null when timely) so the
 * admin can tell the official exactly what the public page will say.
 */

export interface Late<T> {
  value: T;
  /** Working days' notice of the nearest session changed, when under the legal notice; else null. */
  lateNoticeDays: number | null;
  /** Exactly the sessions this write marks "Thay đổi muộn" (the admin lists them before saving). */
  lateSessions: SessionDiff[];
}

/** What a rule edit reads besides the rule: from when it applies, and why (published on late sessions). */
export const RuleEditSchema = z.object({
  effectiveFrom: dateField('Áp dụng thay đổi từ ngày').optional(),
  reason: optionalText('Lý do thay đổi', 500),
});

const yearOf = (date: IsoDate) => Number(date.slice(0, 4));
const publishCalendar = (reason: string) => ({ reason, scope: areaPages('reception') });
export const VersionSchema = z.object({ version: z.coerce.number({ error: 'Thiếu số phiên bản (version).' }).int().min(1) });
export const HolidayYearSchema = z.object({ holidays: z.array(HolidaySchema, { error: 'Thiếu danh sách ngày nghỉ (holidays).' }) });

/**
 * What to store for an edit: every announced session it changed, late or not, the ones it removed
 * as they were, and the ones it added inside the notice period — the late mark the admin and the
 * API announced is the one the page, embed, ICS and JSON show (issue 21: an added session was
 * announced late to the official and published "Theo lịch").
 */
function marksOf(diff: SessionDiff[], reason: string): LateChange[] {
  return diff.filter((d) => d.before || d.late).map((d) => ({ key: d.key, late: d.late, reason, ...(d.after ? {} : { removed: d.before! }) }));
}

/** The late part of a diff, and the notice of its nearest session. */
function lateOf(diff: SessionDiff[], calendar: WorkingCalendar, today: IsoDate): { lateSessions: SessionDiff[]; lateNoticeDays: number | null } {
  const lateSessions = diff.filter((d) => d.late);
  if (!lateSessions.length) return { lateSessions, lateNoticeDays: null };
  const nearest = lateSessions.flatMap((d) => [d.before?.date, d.after?.date]).filter((x): x is IsoDate => !!x).sort()[0]!;
  return { lateSessions, lateNoticeDays: calendar.noticeDays(today, nearest) };
}

/** The unit's legal minimum of reception days a month, checked on every rule it saves. */
async function checkMinimum(db: D1Database, fields: ReceptionRuleFields) {
  const minimum = await getMinDaysPerMonth(db);
  if (minimum !== null && sessionsPerMonth(fields) < minimum) {
    throw new ValidationError([
      { field: fields.frequency === 'monthly_days' ? 'daysPerMonth' : 'frequency', message: `Lịch này có ít hơn ${minimum} ngày tiếp mỗi tháng, mức tối thiểu đơn vị đã đặt theo luật.` },
    ]);
  }
}

/** The calendar of this year and the next: the notice period never reaches further. */
function calendarNow(ctx: WriteContext): Promise<CalendarInput> {
  const year = yearOf(todayInVietnam(new Date(ctx.now)));
  return loadCalendar(ctx.db, [year, year + 1]);
}


/**
 * What a new rule would do: the sessions it adds inside the notice period are late (citizens had
 * no notice of them). Read-only: the admin shows it before saving.
 */
export async function previewCreateRule(ctx: WriteContext, raw: unknown): Promise<{ fields: ReceptionRuleFields; diff: SessionDiff[] } & ReturnType<typeof lateOf>> {
  const fields = parseInput(ReceptionRuleSchema, raw);
  const before = await calendarNow(ctx);
  const rule: ReceptionRule = { ...fields, id: 0, version: 1, updatedAt: ctx.now };
  const today = todayInVietnam(new Date(ctx.now));
  const diff = calendarDiff(before, { ...before, rules: [...before.rules, rule] }, today);
  return { fields, diff, ...lateOf(diff, new WorkingCalendar(before.holidays, before.restDays), today) };
}

/** A new rule adds sessions; those inside the notice period are marked late. */
export async function createRule(ctx: WriteContext, raw: unknown): Promise<Outcome<Late<ReceptionRule>>> {
  authorize(ctx.actor, 'reception.manage');
  const { reason: given } = parseInput(RuleEditSchema, raw);
  const reason = given || 'Lịch tiếp định kỳ mới, công bố chưa đủ thời hạn báo trước.';
  const { fields, lateSessions, lateNoticeDays } = await previewCreateRule(ctx, raw);
  await checkMinimum(ctx.db, fields);
  // The preview used id 0: the keys of the new rule's late sessions take its real id in the same batch.
  const rule = await insertRule(ctx.db, fields, lateSessions.map((d) => d.key.replace(/^rule-0-/, '')), reason, ctx.actor, ctx.now);
  const named = lateSessions.map((d) => ({ ...d, key: d.key.replace(/^rule-0-/, `rule-${rule.id}-`), after: d.after && { ...d.after, key: d.key.replace(/^rule-0-/, `rule-${rule.id}-`), ruleId: rule.id } }));
  return { value: { value: rule, lateNoticeDays, lateSessions: named }, publish: publishCalendar('reception rule created') };
}


/**
 * What a rule edit would do, read-only: from when it applies (default: the first date with full
 * notice), the history it leaves, and every announced session it changes, late or not.
 */
export async function previewRuleEdit(ctx: WriteContext, id: number, raw: unknown) {
  const { version } = parseInput(VersionSchema, raw);
  const fields = parseInput(ReceptionRuleSchema, raw);
  const { effectiveFrom: chosen, reason } = parseInput(RuleEditSchema, raw);
  const current = await getRule(ctx.db, id);
  if (!current) throw new NotFoundError('Không có lịch tiếp định kỳ này.');
  const stale = () => new VersionConflictError(current.version, 'Lịch này vừa được sửa; hãy tải bản mới nhất rồi sửa lại. Không có gì bị ghi đè.');
  if (current.version !== version) throw stale();
  const today = todayInVietnam(new Date(ctx.now));
  const before = await calendarNow(ctx);
  const calendar = new WorkingCalendar(before.holidays, before.restDays);
  const effectiveFrom = chosen ?? calendar.firstTimelyDate(today);
  if (effectiveFrom < today) {
    throw new ValidationError([{ field: 'effectiveFrom', message: `Ngày áp dụng thay đổi không được trước hôm nay (${formatDate(today)}): các buổi đã qua giữ nguyên.` }]);
  }
  const history = historyAfterEdit(current, effectiveFrom);
  const edited: ReceptionRule = { ...current, ...fields, version: version + 1, updatedAt: ctx.now, history };
  const diff = calendarDiff(before, { ...before, rules: before.rules.map((r) => (r.id === id ? edited : r)) }, today);
  return { current, fields, history, effectiveFrom, reason, diff, stale, ...lateOf(diff, calendar, today) };
}

/** Saves a rule edit from its date on; the sessions before keep the version then in force. */
export async function updateRule(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Late<ReceptionRule>>> {
  authorize(ctx.actor, 'reception.manage');
  const plan = await previewRuleEdit(ctx, id, raw);
  await checkMinimum(ctx.db, plan.fields);
  const reason = plan.reason || `Lịch tiếp định kỳ thay đổi từ ngày ${formatDate(plan.effectiveFrom)}.`;
  if (!(await storeRule(ctx.db, plan.current, plan.fields, plan.history, marksOf(plan.diff, reason), ctx.actor, ctx.now))) throw plan.stale();
  const saved = (await getRule(ctx.db, id))!;
  return { value: { value: saved, lateNoticeDays: plan.lateNoticeDays, lateSessions: plan.lateSessions }, publish: publishCalendar('reception rule updated') };
}

/**
 * Working days' notice that a change made at `now` gives a session on `date`: under
 * NOTICE_WORKING_DAYS it is a late change. The admin warns with it before the official saves.
 */
export async function noticeDays(db: D1Database, date: IsoDate, now: string): Promise<number> {
  return (await workingCalendar(db, [date], now)).noticeDays(todayInVietnam(new Date(now)), date);
}

/** The default "Áp dụng thay đổi từ ngày" of a rule edit made at `now`: the first date with full notice. */
export async function defaultEffectiveFrom(db: D1Database, now: string): Promise<IsoDate> {
  const today = todayInVietnam(new Date(now));
  return (await workingCalendar(db, [addDays(today, 30)], now)).firstTimelyDate(today);
}

async function workingCalendar(db: D1Database, dates: IsoDate[], now: string): Promise<WorkingCalendar> {
  const years = [...new Set([yearOf(todayInVietnam(new Date(now))), ...dates.map(yearOf)])];
  return new WorkingCalendar(holidaysFor(await listStoredHolidays(db), years));
}

/** Cancels, moves or re-hosts one session of a rule (replacing an earlier change of that session). */
export async function saveChange(ctx: WriteContext, raw: unknown): Promise<Outcome<Late<SessionChange>>> {
  authorize(ctx.actor, 'reception.manage');
  const change = parseInput(SessionChangeSchema, raw);
  if (!(await getRule(ctx.db, change.ruleId))) throw new NotFoundError('Không có lịch tiếp định kỳ này.');
  const calendar = await workingCalendar(ctx.db, [change.sessionDate, ...(change.newDate ? [change.newDate] : [])], ctx.now);
  if (change.newDate && !calendar.isWorkingDay(change.newDate)) {
    const off = calendar.holiday(change.newDate);
    throw new ValidationError([{ field: 'newDate', message: `Ngày mới ${formatDate(change.newDate)} là ngày nghỉ${off ? ` (${off})` : ''}: hãy chọn một ngày làm việc.` }]);
  }
  const saved = await storeChange(ctx.db, change, ctx.actor, ctx.now);
  // The earlier of the two days is the one whose notice counts.
  const affected = change.newDate && change.newDate < change.sessionDate ? change.newDate : change.sessionDate;
  const today = todayInVietnam(new Date(ctx.now));
  const notice = calendar.noticeDays(today, affected);
  const late = calendar.isLateChange(today, [change.sessionDate, change.newDate]);
  const [after] = late ? (await loadCalendarSessions(ctx, affected)).filter((s) => s.key === `rule-${change.ruleId}-${change.sessionDate}`) : [];
  return {
    value: { value: saved, lateNoticeDays: late ? notice : null, lateSessions: after ? [{ key: after.key, after, late: true }] : [] },
    publish: publishCalendar('reception session changed'),
  };
}

/** Undoes a change: the session goes back to what the rule says. */
export async function undoChange(ctx: WriteContext, ruleId: number, sessionDate: IsoDate): Promise<Outcome<null>> {
  authorize(ctx.actor, 'reception.manage');
  if (!(await removeChange(ctx.db, ruleId, sessionDate, ctx.actor, ctx.now))) throw new NotFoundError('Buổi tiếp này không có thay đổi nào.');
  return { value: null, publish: publishCalendar('reception change undone') };
}

/**
 * Adds an unscheduled or joint session. Added inside the notice period it is late by the same
 * rule as every other change (extraIsLate): the answer says so, as the page, embed, ICS and JSON do.
 */
export async function createExtra(ctx: WriteContext, raw: unknown): Promise<Outcome<Late<ExtraSession>>> {
  authorize(ctx.actor, 'reception.manage');
  const extra = parseInput(ExtraSessionSchema, raw);
  const saved = await insertExtra(ctx.db, extra, ctx.actor, ctx.now);
  const calendar = await workingCalendar(ctx.db, [saved.date], ctx.now);
  const late = extraIsLate(saved.createdAt, saved.date, calendar);
  const [after] = late ? (await loadCalendarSessions(ctx, saved.date)).filter((s) => s.key === `extra-${saved.id}`) : [];
  return {
    value: { value: saved, lateNoticeDays: late ? calendar.noticeDays(todayInVietnam(new Date(ctx.now)), saved.date) : null, lateSessions: after ? [{ key: after.key, after, late: true }] : [] },
    publish: publishCalendar('extra reception session'),
  };
}

/** The sessions from `date` to 60 days later (a move reaches at most that far in practice). */
async function loadCalendarSessions(ctx: WriteContext, date: IsoDate) {
  return generateSessions(await calendarNow(ctx), date, addDays(date, 60));
}

/**
 * What a year's list would change, read-only: every announced session, late or not, and the list
 * it replaces, kept for the dates before today (`replaced`; none while there is no rule, so no
 * session was ever derived from it). Sessions already held keep the days off they were held on.
 */
export async function previewHolidays(ctx: WriteContext, year: number, raw: unknown) {
  const { holidays } = parseInput(HolidayYearSchema, raw);
  const outside = holidays.find((h) => !h.date.startsWith(`${year}-`));
  if (outside) throw new ValidationError([{ field: 'holidays', message: `Ngày ${outside.date} không thuộc năm ${year}.` }]);
  if (new Set(holidays.map((h) => h.date)).size !== holidays.length) throw new ValidationError([{ field: 'holidays', message: 'Có ngày bị lặp lại.' }]);
  const today = todayInVietnam(new Date(ctx.now));
  const before = await loadCalendar(ctx.db, [...new Set([yearOf(today), yearOf(today) + 1, year])]);
  const history = before.daysOffHistory ?? [];
  const replaced: DaysOffVersion | undefined =
    before.rules.length && !history.some((v) => v.year === year && v.until === today)
      ? { year, until: today, holidays: before.holidays.filter((h) => yearOf(h.date) === year), provisional: (before.provisionalYears ?? []).includes(year) }
      : undefined;
  const after: CalendarInput = {
    ...before,
    holidays: [...before.holidays.filter((h) => yearOf(h.date) !== year), ...holidays],
    provisionalYears: (before.provisionalYears ?? []).filter((y) => y !== year),
    daysOffHistory: replaced ? [...history, replaced] : history,
  };
  const diff = calendarDiff(before, after, today);
  return { holidays, replaced, diff, ...lateOf(diff, new WorkingCalendar(after.holidays, after.restDays), today) };
}

/**
 * Replaces (and so confirms) a year's list of days off from today on; every announced session it
 * changes keeps a mark, late inside the notice period.
 */
export async function saveHolidays(ctx: WriteContext, year: number, raw: unknown): Promise<Outcome<Late<Holiday[]>>> {
  authorize(ctx.actor, 'reception.manage');
  const { holidays, replaced, diff, lateSessions, lateNoticeDays } = await previewHolidays(ctx, year, raw);
  await saveHolidayYear(ctx.db, year, holidays, marksOf(diff, `Danh sách ngày nghỉ năm ${year} được cập nhật.`), replaced, ctx.actor, ctx.now);
  return { value: { value: holidays, lateNoticeDays, lateSessions }, publish: publishCalendar(`holidays ${year}`) };
}

/** The unit's legal minimum of reception days a month (empty: none), checked on every rule saved afterwards. */
const ReceptionSettingsSchema = z.object({
  minDaysPerMonth: z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? null : v),
    z.coerce
      .number({ error: 'Số ngày tối thiểu phải là số.' })
      .int({ error: 'Số ngày tối thiểu phải là số nguyên.' })
      .min(1, { error: 'Số ngày tối thiểu ít nhất là 1.' })
      .max(23, { error: 'Số ngày tối thiểu nhiều nhất là 23.' })
      .nullable(),
  ),
});

export async function saveReceptionSettings(ctx: WriteContext, raw: unknown): Promise<Outcome<{ minDaysPerMonth: number | null }>> {
  authorize(ctx.actor, 'reception.manage');
  const { minDaysPerMonth } = parseInput(ReceptionSettingsSchema, raw);
  await saveMinDaysPerMonth(ctx.db, minDaysPerMonth, ctx.actor, ctx.now);
  return { value: { minDaysPerMonth }, publish: null };
}

/**
 * The session `key` names ("rule-<id>-<YYYY-MM-DD>" or "extra-<id>") as the calendar shows it,
 * once its day has come: only then can what happened be recorded or the announcement corrected.
 */
async function sessionWhoseDayHasCome(ctx: WriteContext, key: string, field: string): Promise<Session> {
  const session = await findSession(ctx.db, key);
  if (!session) throw new NotFoundError('Không có buổi tiếp công dân này.');
  const today = todayInVietnam(new Date(ctx.now));
  if (session.date > today) {
    throw new ValidationError([{ field, message: `Buổi tiếp ngày ${formatDate(session.date)} chưa diễn ra: chỉ ghi nhận hoặc đính chính từ ngày tiếp trở đi.` }]);
  }
  return session;
}

/** What a record reads besides its fields: the version being replaced (0 for the first record). */
export const RecordVersionSchema = z.object({ version: z.coerce.number({ error: 'Thiếu số phiên bản (version).' }).int().min(0).default(0) });

/**
 * Records what happened at a session after its day (issue 21: a session derived from a rule is
 * a plan): held or not, by whom, citizens received when the unit keeps the count.
 */
export async function recordSession(ctx: WriteContext, key: string, raw: unknown): Promise<Outcome<SessionRecord>> {
  authorize(ctx.actor, 'reception.manage');
  const fields = parseInput(SessionRecordSchema, raw);
  const { version } = parseInput(RecordVersionSchema, raw);
  const session = await sessionWhoseDayHasCome(ctx, key, 'held');
  if (!(await saveRecord(ctx.db, { sessionKey: key, sessionDate: session.date, ...fields }, version, ctx.actor, ctx.now))) {
    const current = await getRecord(ctx.db, key);
    throw new VersionConflictError(current?.version ?? 0, 'Buổi tiếp này vừa được người khác ghi nhận. Hãy tải lại, xem ghi nhận đó rồi sửa nếu cần; không có gì bị ghi đè.');
  }
  return { value: (await getRecord(ctx.db, key))!, publish: publishCalendar('reception session recorded') };
}

/**
 * Publishes a correction beside a session as it was announced ("Đính chính ngày …: …"): the
 * announcement stays as it was, the correction stands beside it on the page, in the ICS (a new
 * SEQUENCE) and in the JSON.
 */
export async function correctSession(ctx: WriteContext, key: string, raw: unknown): Promise<Outcome<SessionCorrection>> {
  authorize(ctx.actor, 'reception.manage');
  const { text } = parseInput(SessionCorrectionSchema, raw);
  const session = await sessionWhoseDayHasCome(ctx, key, 'text');
  const correctedOn = todayInVietnam(new Date(ctx.now));
  const saved = await addCorrection(ctx.db, { sessionKey: key, sessionDate: session.date, correctedOn, text }, ctx.actor, ctx.now);
  return { value: saved, publish: publishCalendar('reception session corrected') };
}
