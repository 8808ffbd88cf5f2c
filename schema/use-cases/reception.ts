import { z } from 'zod';
import { todayInVietnam, type IsoDate } from '../dates.ts';
import {
  createExtra as insertExtra,
  createRule as insertRule,
  deleteChange as removeChange,
  getRule,
  holidaysFor,
  listStoredHolidays,
  loadCalendar,
  saveChange as storeChange,
  saveHolidayYear,
  updateRule as storeRule,
  type LateChange,
} from '../db/reception.ts';
import { NotFoundError, ValidationError, VersionConflictError } from '../errors.ts';
import { HolidaySchema, type Holiday } from '../holidays.ts';
import { NO_DETAIL_PAGES } from '../publish.ts';
import {
  ExtraSessionSchema,
  lateChanges,
  NOTICE_WORKING_DAYS,
  ReceptionRuleSchema,
  SessionChangeSchema,
  WorkingCalendar,
  type CalendarInput,
  type ExtraSession,
  type ReceptionRule,
  type SessionChange,
} from '../reception.ts';
import { parseInput } from '../validation.ts';
import { authorize } from '../roles.ts';
import type { Outcome, WriteContext } from './context.ts';

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
}

const yearOf = (date: IsoDate) => Number(date.slice(0, 4));
const publishCalendar = (reason: string) => ({ reason, scope: NO_DETAIL_PAGES });
export const VersionSchema = z.object({ version: z.coerce.number({ error: 'Thiếu số phiên bản (version).' }).int().min(1) });
export const HolidayYearSchema = z.object({ holidays: z.array(HolidaySchema, { error: 'Thiếu danh sách ngày nghỉ (holidays).' }) });

/** What to store for a late edit: every session it changed, with the ones it removed as they were. */
function lateMarksOf(late: ReturnType<typeof lateChanges>): LateChange[] {
  if (!late) return [];
  const removed = new Map(late.removed.map((s) => [s.key, s]));
  return late.keys.map((key) => (removed.has(key) ? { key, removed: removed.get(key)! } : { key }));
}

/** The calendar of this year and the next: the notice period never reaches further. */
function calendarNow(ctx: WriteContext): Promise<CalendarInput> {
  const year = yearOf(todayInVietnam(new Date(ctx.now)));
  return loadCalendar(ctx.db, [year, year + 1]);
}

/** A new rule adds sessions; adding is not a late change (moving or removing one is). */
export async function createRule(ctx: WriteContext, raw: unknown): Promise<Outcome<Late<ReceptionRule>>> {
  authorize(ctx.actor, 'reception.manage');
  const fields = parseInput(ReceptionRuleSchema, raw);
  const rule = await insertRule(ctx.db, fields, ctx.actor, ctx.now);
  return { value: { value: rule, lateNoticeDays: null }, publish: publishCalendar('reception rule created') };
}

export async function updateRule(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Late<ReceptionRule>>> {
  authorize(ctx.actor, 'reception.manage');
  const { version } = parseInput(VersionSchema, raw);
  const fields = parseInput(ReceptionRuleSchema, raw);
  const current = await getRule(ctx.db, id);
  if (!current) throw new NotFoundError('Không có lịch tiếp định kỳ này.');
  const stale = () => new VersionConflictError(current.version, 'Lịch này vừa được sửa; hãy tải bản mới nhất rồi sửa lại. Không có gì bị ghi đè.');
  if (current.version !== version) throw stale();
  const before = await calendarNow(ctx);
  const edited: ReceptionRule = { ...current, ...fields, version: version + 1, updatedAt: ctx.now };
  const after = { ...before, rules: before.rules.map((r) => (r.id === id ? edited : r)) };
  const late = lateChanges(before, after, todayInVietnam(new Date(ctx.now)));
  if (!(await storeRule(ctx.db, current, fields, lateMarksOf(late), ctx.actor, ctx.now))) throw stale();
  const saved = (await getRule(ctx.db, id))!;
  return { value: { value: saved, lateNoticeDays: late?.noticeDays ?? null }, publish: publishCalendar('reception rule updated') };
}

/**
 * Working days' notice that a change made at `now` gives a session on `date`: under
 * NOTICE_WORKING_DAYS it is a late change. The admin warns with it before the official saves.
 */
export async function noticeDays(db: D1Database, date: IsoDate, now: string): Promise<number> {
  const today = todayInVietnam(new Date(now));
  const years = [...new Set([yearOf(today), yearOf(date)])];
  return new WorkingCalendar(holidaysFor(await listStoredHolidays(db), years)).workingDaysBetween(today, date);
}

/** Cancels, moves or re-hosts one session of a rule (replacing an earlier change of that session). */
export async function saveChange(ctx: WriteContext, raw: unknown): Promise<Outcome<Late<SessionChange>>> {
  authorize(ctx.actor, 'reception.manage');
  const change = parseInput(SessionChangeSchema, raw);
  if (!(await getRule(ctx.db, change.ruleId))) throw new NotFoundError('Không có lịch tiếp định kỳ này.');
  const saved = await storeChange(ctx.db, change, ctx.actor, ctx.now);
  // The earlier of the two days is the one whose notice counts.
  const affected = change.newDate && change.newDate < change.sessionDate ? change.newDate : change.sessionDate;
  const notice = await noticeDays(ctx.db, affected, ctx.now);
  return {
    value: { value: saved, lateNoticeDays: notice < NOTICE_WORKING_DAYS ? notice : null },
    publish: publishCalendar('reception session changed'),
  };
}

/** Undoes a change: the session goes back to what the rule says. */
export async function undoChange(ctx: WriteContext, ruleId: number, sessionDate: IsoDate): Promise<Outcome<null>> {
  authorize(ctx.actor, 'reception.manage');
  if (!(await removeChange(ctx.db, ruleId, sessionDate, ctx.actor, ctx.now))) throw new NotFoundError('Buổi tiếp này không có thay đổi nào.');
  return { value: null, publish: publishCalendar('reception change undone') };
}

export async function createExtra(ctx: WriteContext, raw: unknown): Promise<Outcome<ExtraSession>> {
  authorize(ctx.actor, 'reception.manage');
  const extra = parseInput(ExtraSessionSchema, raw);
  return { value: await insertExtra(ctx.db, extra, ctx.actor, ctx.now), publish: publishCalendar('extra reception session') };
}

/** Replaces a year's holiday list; sessions it moves within the notice period are marked late. */
export async function saveHolidays(ctx: WriteContext, year: number, raw: unknown): Promise<Outcome<Late<Holiday[]>>> {
  authorize(ctx.actor, 'reception.manage');
  const { holidays } = parseInput(HolidayYearSchema, raw);
  const outside = holidays.find((h) => !h.date.startsWith(`${year}-`));
  if (outside) throw new ValidationError([{ field: 'holidays', message: `Ngày ${outside.date} không thuộc năm ${year}.` }]);
  if (new Set(holidays.map((h) => h.date)).size !== holidays.length) throw new ValidationError([{ field: 'holidays', message: 'Có ngày bị lặp lại.' }]);
  const before = await calendarNow(ctx);
  const after = { ...before, holidays: [...before.holidays.filter((h) => yearOf(h.date) !== year), ...holidays] };
  const late = lateChanges(before, after, todayInVietnam(new Date(ctx.now)));
  await saveHolidayYear(ctx.db, year, holidays, lateMarksOf(late), ctx.actor, ctx.now);
  return { value: { value: holidays, lateNoticeDays: late?.noticeDays ?? null }, publish: publishCalendar(`holidays ${year}`) };
}
