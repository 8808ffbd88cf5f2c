import { z } from 'zod';
import { codeEnum, codesOf, type CodeOf } from './codes.ts';
import { addDays, dateField, isoWeekday, todayInVietnam, WEEKDAY_NAMES, type IsoDate, type Weekday } from './dates.ts';
import { DEFAULT_REST_DAYS, type Holiday } from './holidays.ts';
import { optionalText, requiredText } from './text.ts';

/**
 * Citizen reception (tiếp công dân): the Chairman receives citizens at least one day a week
 * (Law on Citizen Reception 2013, Điều 15), on a standing rule the commune chooses, with
 * exceptions, unscheduled sessions and public holidays. Sessions are derived, never stored.
 */

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeField = (label: string) =>
  z
    .string({ error: `Chưa nhập ${label.toLowerCase()}.` })
    .overwrite((v) => v.trim().replace(/^(\d):/, '0$1:').replace(/h/i, ':'))
    .regex(TIME, { error: `${label} phải có dạng giờ:phút, ví dụ 07:30.` });

// Rules name days by ISO weekday (1 = Thứ Hai … 7 = Chủ nhật), the one numbering of dates.ts.
export { WEEKDAY_NAMES };
export const WEEK_OF_MONTH_NAMES: Record<number, string> = { 1: 'tuần thứ nhất', 2: 'tuần thứ hai', 3: 'tuần thứ ba', 4: 'tuần thứ tư', 5: 'tuần thứ năm', [-1]: 'tuần cuối' };

export const FREQUENCIES = { weekly: 'Hằng tuần', monthly: 'Theo tuần trong tháng' } as const;

export const HOLIDAY_POLICIES = {
  next_working_day: 'Chuyển sang ngày làm việc kế tiếp',
  cancel: 'Không tiếp (hủy buổi đó)',
} as const;

export const SESSION_CHANGE_KINDS = { cancelled: 'Hủy buổi tiếp', moved: 'Dời sang ngày khác', host_changed: 'Đổi người tiếp' } as const;

export const EXTRA_SESSION_KINDS = { unscheduled: 'Tiếp đột xuất', joint: 'Tiếp phối hợp với cơ quan khác' } as const;

/** What kind of session citizens see: one from the standing rule, or an extra one. */
export const SESSION_KINDS = { regular: 'Tiếp định kỳ', unscheduled: 'Tiếp đột xuất', joint: 'Tiếp phối hợp' } as const;
export type SessionKind = CodeOf<typeof SESSION_KINDS>;
export const SESSION_KIND_CODES = codesOf(SESSION_KINDS);

const hostFields = {
  hostTitle: requiredText('Chức vụ người tiếp', 200).meta({ examples: ['Chủ tịch Ủy ban nhân dân thị trấn'] }),
  hostName: optionalText('Họ tên người tiếp', 120),
};

/** The standing rule: which days, which hours, where, who receives, from when to when. */
export const ReceptionRuleSchema = z
  .object({
    frequency: codeEnum(FREQUENCIES, 'Chọn "hằng tuần" hoặc "theo tuần trong tháng".'),
    weekdays: z
      .array(z.coerce.number().int().min(1).max(7), { error: 'Chưa chọn ngày trong tuần.' })
      .min(1, { error: 'Chọn ít nhất một ngày trong tuần.' })
      .transform((days) => [...new Set(days)].sort()),
    weeksOfMonth: z
      .array(z.coerce.number().int().refine((w) => (w >= 1 && w <= 5) || w === -1, { error: 'Tuần trong tháng không hợp lệ.' }))
      .default([])
      .transform((weeks) => [...new Set(weeks)].sort((a, b) => a - b)),
    startTime: timeField('Giờ bắt đầu'),
    endTime: timeField('Giờ kết thúc'),
    place: requiredText('Địa điểm', 300),
    ...hostFields,
    topics: optionalText('Nội dung dự kiến', 500),
    validFrom: dateField('Áp dụng từ ngày'),
    validTo: dateField('Áp dụng đến ngày').optional(),
    holidayPolicy: codeEnum(HOLIDAY_POLICIES, 'Chưa chọn cách xử lý ngày lễ.').default('next_working_day'),
  })
  .superRefine((rule, ctx) => {
    if (rule.endTime <= rule.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
    if (rule.validTo && rule.validTo < rule.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'Ngày kết thúc áp dụng phải sau ngày bắt đầu.' });
    if (rule.frequency === 'monthly' && rule.weeksOfMonth.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['weeksOfMonth'], message: 'Chọn các tuần trong tháng có buổi tiếp.' });
    }
  });
export type ReceptionRuleInput = z.input<typeof ReceptionRuleSchema>;
export type ReceptionRuleFields = z.output<typeof ReceptionRuleSchema>;
export type ReceptionRule = ReceptionRuleFields & { id: number; version: number; updatedAt: string };

/** A change to one session the rule produced: cancelled, moved, or received by someone else. */
export const SessionChangeSchema = z
  .object({
    ruleId: z.coerce.number({ error: 'Thiếu mã lịch tiếp.' }).int().min(1),
    sessionDate: dateField('Ngày của buổi tiếp'),
    kind: codeEnum(SESSION_CHANGE_KINDS, 'Chọn loại thay đổi: hủy, dời hoặc đổi người tiếp.'),
    reason: requiredText('Lý do', 500),
    newDate: dateField('Ngày mới').optional(),
    newStartTime: timeField('Giờ bắt đầu mới').optional(),
    newEndTime: timeField('Giờ kết thúc mới').optional(),
    newPlace: optionalText('Địa điểm mới', 300),
    newHostTitle: optionalText('Chức vụ người tiếp thay', 200),
    newHostName: optionalText('Họ tên người tiếp thay', 120),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'moved' && !c.newDate) ctx.addIssue({ code: 'custom', path: ['newDate'], message: 'Dời buổi tiếp thì cần ngày mới.' });
    if (c.kind === 'host_changed' && !c.newHostTitle) {
      ctx.addIssue({ code: 'custom', path: ['newHostTitle'], message: 'Đổi người tiếp thì cần ghi chức vụ người tiếp thay.' });
    }
    if (c.newStartTime && c.newEndTime && c.newEndTime <= c.newStartTime) {
      ctx.addIssue({ code: 'custom', path: ['newEndTime'], message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
    }
  });
export type SessionChangeInput = z.input<typeof SessionChangeSchema>;
export type SessionChange = z.output<typeof SessionChangeSchema> & { id: number; createdAt: string };

/** An unscheduled (đột xuất) session, or one held jointly with other bodies. */
export const ExtraSessionSchema = z
  .object({
    kind: codeEnum(EXTRA_SESSION_KINDS, 'Chọn loại buổi tiếp: đột xuất hoặc phối hợp.'),
    date: dateField('Ngày tiếp'),
    startTime: timeField('Giờ bắt đầu'),
    endTime: timeField('Giờ kết thúc'),
    place: requiredText('Địa điểm', 300),
    ...hostFields,
    withBodies: optionalText('Cơ quan phối hợp', 300),
    topics: optionalText('Nội dung', 500),
  })
  .superRefine((s, ctx) => {
    if (s.endTime <= s.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
    if (s.kind === 'joint' && !s.withBodies) ctx.addIssue({ code: 'custom', path: ['withBodies'], message: 'Buổi tiếp phối hợp cần ghi cơ quan cùng tiếp.' });
  });
export type ExtraSessionInput = z.input<typeof ExtraSessionSchema>;
export type ExtraSession = z.output<typeof ExtraSessionSchema> & { id: number; createdAt: string };

export const STATUS_LABELS = { scheduled: 'Theo lịch', cancelled: 'Đã hủy', moved: 'Đã dời' } as const;
export type SessionStatus = CodeOf<typeof STATUS_LABELS>;
export const SESSION_STATUS_CODES = codesOf(STATUS_LABELS);

/** One reception session as citizens see it. */
export interface Session {
  /** Stable across rebuilds and changes: calendar apps update the event rather than add one. */
  key: string;
  kind: SessionKind;
  /** The rule a regular session comes from. */
  ruleId?: number;
  date: IsoDate;
  startTime: string;
  endTime: string;
  place: string;
  hostTitle: string;
  hostName: string;
  topics: string;
  withBodies: string;
  status: SessionStatus;
  /** The date the rule gave, when the session was moved. */
  originalDate?: IsoDate;
  /** Why it was cancelled, moved or given another host. */
  reason?: string;
  hostChanged: boolean;
  /** Changed less than NOTICE_WORKING_DAYS working days before the day. */
  lateChange: boolean;
  /** When the session last changed (ISO instant), for calendar SEQUENCE/DTSTAMP. */
  changedAt?: string;
  /** 0 until the session is changed (by a rule edit or a session change), then grows with each change. */
  sequence: number;
}

/** Minutes since 2024: grows with every change, stays the same across rebuilds. */
const minutesSince2024 = (instant: string) => Math.max(1, Math.floor((Date.parse(instant) - Date.UTC(2024, 0, 1)) / 60_000));

/** Decree 64/2014/NĐ-CP: a change to a session is announced at least five working days before it. */
export const NOTICE_WORKING_DAYS = 5;

export interface LateMark {
  markedAt: string;
  removed?: Session;
}

export interface CalendarInput {
  rules: ReceptionRule[];
  changes: SessionChange[];
  extras: ExtraSession[];
  holidays: Holiday[];
  /** ISO weekdays (dates.ts) the office is closed; Saturday and Sunday unless given. */
  restDays?: Weekday[];
  /**
   * Sessions that a rule or holiday edit changed late (see lateChanges), by key: when, and for
   * a session the edit removed, the session as it was announced — it stays listed, cancelled.
   */
  lateMarks?: Map<string, LateMark>;
}

/** Which week of its month a date is in (1–5), and whether it is in the month's last 7 days. */
function weekOfMonth(date: IsoDate): { n: number; last: boolean } {
  const day = Number(date.slice(8, 10));
  const [y, m] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return { n: Math.ceil(day / 7), last: day > lastDay - 7 };
}

export function ruleMatches(rule: Pick<ReceptionRuleFields, 'frequency' | 'weekdays' | 'weeksOfMonth'>, date: IsoDate): boolean {
  if (!rule.weekdays.includes(isoWeekday(date))) return false;
  if (rule.frequency === 'weekly') return true;
  const week = weekOfMonth(date);
  return rule.weeksOfMonth.includes(week.n) || (week.last && rule.weeksOfMonth.includes(-1));
}

export class WorkingCalendar {
  private readonly holidayNames: Map<IsoDate, string>;
  private readonly restDays: Weekday[];
  constructor(holidays: Holiday[], restDays: Weekday[] = DEFAULT_REST_DAYS) {
    this.holidayNames = new Map(holidays.map((h) => [h.date, h.name]));
    this.restDays = restDays;
  }
  holiday(date: IsoDate): string | undefined {
    return this.holidayNames.get(date);
  }
  isWorkingDay(date: IsoDate): boolean {
    return !this.restDays.includes(isoWeekday(date)) && !this.holidayNames.has(date);
  }
  nextWorkingDay(after: IsoDate): IsoDate {
    let day = addDays(after, 1);
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }
  /** Working days in (from, to]: the notice a change made on `from` gives for a session on `to`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }
}

const fmt = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/**
 * All sessions with a date (after moves) in [from, to], sorted by date and time. A rule date
 * on a public holiday moves to the next working day or is cancelled, as the rule says; the
 * official's change for that date, if any, then applies on top.
 */
export function generateSessions(input: CalendarInput, from: IsoDate, to: IsoDate): Session[] {
  const calendar = new WorkingCalendar(input.holidays, input.restDays);
  const changeFor = new Map(input.changes.map((c) => [`${c.ruleId}:${c.sessionDate}`, c]));
  const sessions: Session[] = [];
  // Moves can carry a session across the window's edge: scan a margin on both sides.
  const scanFrom = addDays(from, -21);
  const scanTo = addDays(to, 21);
  for (const rule of input.rules) {
    const start = rule.validFrom > scanFrom ? rule.validFrom : scanFrom;
    const end = rule.validTo && rule.validTo < scanTo ? rule.validTo : scanTo;
    for (let day = start; day <= end; day = addDays(day, 1)) {
      if (!ruleMatches(rule, day)) continue;
      const session: Session = {
        key: `rule-${rule.id}-${day}`,
        kind: 'regular',
        ruleId: rule.id,
        date: day,
        startTime: rule.startTime,
        endTime: rule.endTime,
        place: rule.place,
        hostTitle: rule.hostTitle,
        hostName: rule.hostName,
        topics: rule.topics,
        withBodies: '',
        status: 'scheduled',
        hostChanged: false,
        lateChange: false,
        changedAt: rule.updatedAt,
        sequence: rule.version > 1 ? minutesSince2024(rule.updatedAt) : 0,
      };
      const holiday = calendar.holiday(day);
      if (holiday) {
        const next = calendar.nextWorkingDay(day);
        if (rule.holidayPolicy === 'cancel') {
          Object.assign(session, { status: 'cancelled', reason: `Nghỉ lễ: ${holiday}.` });
        } else if (ruleMatches(rule, next)) {
          // The next working day already has its own session: no second one that day.
          Object.assign(session, { status: 'cancelled', reason: `Nghỉ lễ: ${holiday}. Buổi tiếp gần nhất: ${fmt(next)}.` });
        } else {
          Object.assign(session, { status: 'moved', originalDate: day, date: next, reason: `Trùng ngày nghỉ lễ (${holiday}), chuyển sang ngày làm việc kế tiếp.` });
        }
      }
      if (input.lateMarks?.has(session.key)) session.lateChange = true;
      const change = changeFor.get(`${rule.id}:${day}`);
      if (change) applyChange(session, change, calendar);
      sessions.push(session);
    }
  }
  // A session that a late edit removed was announced: citizens see it cancelled, not gone.
  const generated = new Set(sessions.map((s) => s.key));
  for (const [key, mark] of input.lateMarks ?? []) {
    if (!mark.removed || generated.has(key)) continue;
    sessions.push({
      ...mark.removed,
      status: 'cancelled',
      reason: 'Lịch tiếp định kỳ đã thay đổi: buổi tiếp này không còn.',
      lateChange: true,
      changedAt: mark.markedAt,
      sequence: minutesSince2024(mark.markedAt),
    });
  }
  for (const extra of input.extras) {
    sessions.push({
      key: `extra-${extra.id}`,
      kind: extra.kind,
      date: extra.date,
      startTime: extra.startTime,
      endTime: extra.endTime,
      place: extra.place,
      hostTitle: extra.hostTitle,
      hostName: extra.hostName,
      topics: extra.topics,
      withBodies: extra.withBodies,
      status: 'scheduled',
      hostChanged: false,
      lateChange: false,
      changedAt: extra.createdAt,
      sequence: 0,
    });
  }
  return sessions
    .filter((s) => s.date >= from && s.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || a.key.localeCompare(b.key));
}

function applyChange(session: Session, change: SessionChange, calendar: WorkingCalendar) {
  const before = session.date;
  session.reason = change.reason;
  session.changedAt = change.createdAt > (session.changedAt ?? '') ? change.createdAt : session.changedAt;
  session.sequence = Math.max(session.sequence, minutesSince2024(change.createdAt));
  if (change.kind === 'cancelled') {
    session.status = 'cancelled';
  } else if (change.kind === 'moved') {
    session.status = 'moved';
    session.originalDate ??= change.sessionDate;
    session.date = change.newDate ?? session.date;
  } else {
    session.hostChanged = true;
  }
  if (change.newStartTime) session.startTime = change.newStartTime;
  if (change.newEndTime) session.endTime = change.newEndTime;
  if (change.newPlace) session.place = change.newPlace;
  if (change.newHostTitle) {
    session.hostTitle = change.newHostTitle;
    session.hostName = change.newHostName;
    session.hostChanged = true;
  }
  const changedOn = todayInVietnam(new Date(change.createdAt));
  const affected = before < session.date ? before : session.date;
  // A late rule edit stays marked even when a timely session change follows it.
  session.lateChange ||= calendar.workingDaysBetween(changedOn, affected) < NOTICE_WORKING_DAYS;
}

/**
 * The regular sessions that an edit (of a rule or of the holidays) changes within the notice
 * period: the calendar before and after is compared session by session over the next
 * NOTICE_WORKING_DAYS working days. Returns the keys of the sessions changed, the sessions it
 * removed (as they were announced) and the working days' notice of the nearest one, or null
 * when the edit is timely.
 */
export function lateChanges(
  before: CalendarInput,
  after: CalendarInput,
  today: IsoDate,
): { keys: string[]; removed: Session[]; noticeDays: number } | null {
  const calendar = new WorkingCalendar(after.holidays, after.restDays);
  let end = today;
  while (calendar.workingDaysBetween(today, end) < NOTICE_WORKING_DAYS) end = addDays(end, 1);
  const view = (input: CalendarInput) =>
    new Map(
      generateSessions(input, today, end)
        .filter((s) => s.kind === 'regular')
        .map((s) => [s.key, { session: s, date: s.date, shown: JSON.stringify([s.date, s.startTime, s.endTime, s.place, s.hostTitle, s.hostName, s.topics, s.status]) }]),
    );
  const old = view(before);
  const now = view(after);
  const changed = [...new Set([...old.keys(), ...now.keys()])].filter((k) => old.get(k)?.shown !== now.get(k)?.shown);
  if (!changed.length) return null;
  const nearest = changed.map((k) => (now.get(k) ?? old.get(k))!.date).sort()[0]!;
  return {
    keys: changed,
    removed: changed.filter((k) => !now.has(k)).map((k) => old.get(k)!.session),
    noticeDays: calendar.workingDaysBetween(today, nearest),
  };
}

/** The first session on or after `today` that is still on (not cancelled). */
export function nextSession(sessions: Session[], today: IsoDate): Session | undefined {
  return sessions.find((s) => s.date >= today && s.status !== 'cancelled');
}

/** "Thứ Năm hằng tuần" / "Thứ Năm tuần thứ nhất và tuần thứ ba hằng tháng". */
export function describeRule(rule: Pick<ReceptionRuleFields, 'frequency' | 'weekdays' | 'weeksOfMonth'>): string {
  const days = rule.weekdays.map((d) => WEEKDAY_NAMES[d as Weekday]).join(', ');
  if (rule.frequency === 'weekly') return `${days} hằng tuần`;
  const weeks = rule.weeksOfMonth.map((w) => WEEK_OF_MONTH_NAMES[w]);
  const list = weeks.length > 1 ? `${weeks.slice(0, -1).join(', ')} và ${weeks.at(-1)}` : weeks[0];
  return `${days} ${list} hằng tháng`;
}

