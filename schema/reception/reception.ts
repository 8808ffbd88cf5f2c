import { z } from '../core/zod.ts';
import { codeEnum, codesOf, type CodeOf } from '../core/codes.ts';
import { addDays, dateField, formatDate, isoWeekday, todayInVietnam, WEEKDAY_NAMES, type IsoDate, type Weekday } from '../core/dates.ts';
import { DEFAULT_REST_DAYS, PROVISIONAL_LABEL, type Holiday } from '../calendar/holidays.ts';
import { optionalText, requiredText } from '../core/text.ts';

/**
 * Citizen reception (tiếp công dân): the Chairman receives citizens at least one day a week
 * (Law on Citizen Reception 2013, Điều 15), on a standing rule the commune chooses, with
 * exceptions, unscheduled sessions and the year's days off. Sessions are derived, never stored;
 * what makes that a record is that nothing it is derived from is rewritten: a rule edit takes
 * effect from a date (earlier dates keep the version then in force, `ReceptionRule.history`),
 * and a session an edit changes or removes after it was announced keeps a mark (`LateMark`).
 */

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeField = (label: string) =>
  z
    .string({ error: `Chưa nhập ${label.toLowerCase()}.` })
    .overwrite((v) => v.trim().replace(/^(\d):/, '0$1:').replace(/h/i, ':'))
    .regex(TIME, { error: `${label} phải có dạng giờ:phút, ví dụ 07:30.` });

/** What citizens read where the rule gives no time or place: the commune has not published it. */
export const NOT_PUBLISHED = 'chưa có thông tin';

/** "07:30–11:00", or "giờ tiếp chưa có thông tin" (admin lists, report text). */
export const hoursOrUnknown = (x: { startTime: string | null; endTime: string | null }) =>
  x.startTime && x.endTime ? `${x.startTime}–${x.endTime}` : `giờ tiếp ${NOT_PUBLISHED}`;
/** The place, or "địa điểm chưa có thông tin". */
export const placeOrUnknown = (x: { place: string | null }) => x.place ?? `địa điểm ${NOT_PUBLISHED}`;

const blankToNull = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v);
/**
 * A rule's hours and place may be unknown: report 78/BC-UBND gives the weekly day but neither
 * (issue 12). Left empty they are null — "chưa có thông tin" on the page, null in JSON, an
 * all-day event in the ICS — never an invented value.
 */
const unknownUnlessGiven = <T extends z.ZodType<string>>(field: T) =>
  z.preprocess(blankToNull, field.nullable()).default(null).meta({ description: `null hoặc bỏ trống nếu chưa công bố: người dân thấy "${NOT_PUBLISHED}"` });

// Rules name days by ISO weekday (1 = Thứ Hai … 7 = Chủ nhật), the one numbering of dates.ts.
export { WEEKDAY_NAMES, PROVISIONAL_LABEL };
export const WEEK_OF_MONTH_NAMES: Record<number, string> = { 1: 'tuần thứ nhất', 2: 'tuần thứ hai', 3: 'tuần thứ ba', 4: 'tuần thứ tư', 5: 'tuần thứ năm', [-1]: 'tuần cuối' };

export const FREQUENCIES = { weekly: 'Hằng tuần', monthly: 'Theo tuần trong tháng', monthly_days: 'Ít nhất N ngày mỗi tháng' } as const;

/**
 * The amended Law on Citizen Reception (2025, in force 1/7/2026): the Chairman receives in
 * person. From this date a regular session received by anyone else is flagged, with the reason
 * published beside it. Unscheduled and joint sessions are not concerned.
 */
export const CHAIR_IN_PERSON_FROM: IsoDate = '2026-07-01';

/** "Chủ tịch Ủy ban nhân dân …" is the Chairman; "Phó Chủ tịch …" is not. */
const isChairman = (hostTitle: string) => /^chủ tịch\b/iu.test(hostTitle.normalize('NFC').trim());

export const HOLIDAY_POLICIES = {
  next_working_day: 'Chuyển sang ngày làm việc kế tiếp',
  cancel: 'Không tiếp (hủy buổi đó)',
} as const;

export const SESSION_CHANGE_KINDS = { cancelled: 'Hủy buổi tiếp', moved: 'Dời sang ngày khác', host_changed: 'Đổi người tiếp' } as const;

export const EXTRA_SESSION_KINDS = { unscheduled: 'Tiếp đột xuất', joint: 'Tiếp phối hợp với cơ quan khác' } as const;

/** What kind of session citizens see: one from the standing rule, or an extra one. */
export const SESSION_KINDS = { regular: 'Tiếp định kỳ', unscheduled: 'Tiếp đột xuất', joint: 'Tiếp phối hợp' } as const;
type SessionKind = CodeOf<typeof SESSION_KINDS>;
export const SESSION_KIND_CODES = codesOf(SESSION_KINDS);

const hostFields = {
  hostTitle: requiredText('Chức vụ người tiếp', 200).meta({ examples: ['Chủ tịch Ủy ban nhân dân thị trấn'] }),
  hostName: optionalText('Họ tên người tiếp', 120),
};

/** The standing rule: which days, which hours, where, who receives, from when to when. */
export const ReceptionRuleSchema = z
  .object({
    frequency: codeEnum(FREQUENCIES, 'Chọn "hằng tuần", "theo tuần trong tháng" hoặc "ít nhất N ngày mỗi tháng".'),
    weekdays: z
      .array(z.coerce.number().int().min(1).max(7), { error: 'Chưa chọn ngày trong tuần.' })
      .min(1, { error: 'Chọn ít nhất một ngày trong tuần.' })
      .transform((days) => [...new Set(days)].sort()),
    weeksOfMonth: z
      .array(z.coerce.number().int().refine((w) => (w >= 1 && w <= 5) || w === -1, { error: 'Tuần trong tháng không hợp lệ.' }))
      .default([])
      .transform((weeks) => [...new Set(weeks)].sort((a, b) => a - b)),
    /** For "ít nhất N ngày mỗi tháng": the first N working days of the month on the chosen weekdays. */
    daysPerMonth: z.preprocess(
      (v) => (v === '' || v === null ? undefined : v),
      z.coerce
        .number({ error: 'Số ngày mỗi tháng phải là số.' })
        .int({ error: 'Số ngày mỗi tháng phải là số nguyên.' })
        .min(1, { error: 'Số ngày mỗi tháng ít nhất là 1.' })
        .max(23, { error: 'Số ngày mỗi tháng nhiều nhất là 23.' })
        .optional(),
    ),
    startTime: unknownUnlessGiven(timeField('Giờ bắt đầu')),
    endTime: unknownUnlessGiven(timeField('Giờ kết thúc')),
    place: unknownUnlessGiven(requiredText('Địa điểm', 300)),
    ...hostFields,
    topics: optionalText('Nội dung dự kiến', 500),
    validFrom: dateField('Áp dụng từ ngày'),
    validTo: dateField('Áp dụng đến ngày').optional(),
    holidayPolicy: codeEnum(HOLIDAY_POLICIES, 'Chưa chọn cách xử lý ngày lễ.').default('next_working_day'),
  })
  .superRefine((rule, ctx) => {
    // Hours are known as a pair or not at all: a start without an end cannot make a calendar event.
    if ((rule.startTime === null) !== (rule.endTime === null)) {
      const missing = rule.startTime === null ? 'startTime' : 'endTime';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'Nhập cả giờ bắt đầu và giờ kết thúc, hoặc để trống cả hai nếu chưa có thông tin.' });
    } else if (rule.startTime !== null && rule.endTime !== null && rule.endTime <= rule.startTime) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
    }
    if (rule.validTo && rule.validTo < rule.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'Ngày kết thúc áp dụng phải sau ngày bắt đầu.' });
    if (rule.frequency === 'monthly' && rule.weeksOfMonth.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['weeksOfMonth'], message: 'Chọn các tuần trong tháng có buổi tiếp.' });
    }
    if (rule.frequency === 'monthly_days' && !rule.daysPerMonth) {
      ctx.addIssue({ code: 'custom', path: ['daysPerMonth'], message: 'Chưa nhập số ngày tiếp mỗi tháng.' });
    }
  });
export type ReceptionRuleInput = z.input<typeof ReceptionRuleSchema>;
export type ReceptionRuleFields = z.output<typeof ReceptionRuleSchema>;
/** A rule's earlier version: it applies to dates before `until` (and after the version before it). */
export type RuleVersion = ReceptionRuleFields & { version: number; updatedAt: string; until: IsoDate };
export type ReceptionRule = ReceptionRuleFields & {
  id: number;
  version: number;
  updatedAt: string;
  /** Earlier versions, oldest first: the current fields apply from the last one's `until`. */
  history?: RuleVersion[];
};

/** Sessions a month at least, for the rule as written (weeks that some months lack are not counted). */
export function sessionsPerMonth(rule: Pick<ReceptionRuleFields, 'frequency' | 'weekdays' | 'weeksOfMonth' | 'daysPerMonth'>): number {
  if (rule.frequency === 'weekly') return rule.weekdays.length * 4;
  if (rule.frequency === 'monthly_days') return rule.daysPerMonth ?? 0;
  return rule.weekdays.length * new Set(rule.weeksOfMonth.filter((w) => w !== 5)).size;
}

/**
 * The history a rule edit leaves: the versions in force before `effectiveFrom` are kept as
 * they were (cut at `effectiveFrom`), later ones are superseded. Pure; the use case stores it.
 */
export function historyAfterEdit(rule: ReceptionRule, effectiveFrom: IsoDate): RuleVersion[] {
  const { history = [], id: _id, ...current } = rule;
  const kept: RuleVersion[] = [];
  let start: IsoDate | undefined;
  for (const version of [...history, { ...current, until: '9999-12-31' }]) {
    if (start !== undefined && start >= effectiveFrom) break;
    kept.push({ ...version, until: version.until < effectiveFrom ? version.until : effectiveFrom });
    start = version.until;
  }
  return kept;
}

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
type SessionStatus = CodeOf<typeof STATUS_LABELS>;
export const SESSION_STATUS_CODES = codesOf(STATUS_LABELS);

/** One reception session as citizens see it. */
export interface Session {
  /** Stable across rebuilds and changes: calendar apps update the event rather than add one. */
  key: string;
  kind: SessionKind;
  /** The rule a regular session comes from. */
  ruleId?: number;
  date: IsoDate;
  /** Null while the rule gives no hours (NOT_PUBLISHED): the ICS event is then all-day. */
  startTime: string | null;
  endTime: string | null;
  /** Null while the rule gives no place (NOT_PUBLISHED). */
  place: string | null;
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
  /**
   * A regular session on or after CHAIR_IN_PERSON_FROM received by someone other than the
   * Chairman: shown with the reason (`reason`).
   */
  hostNotChairman: boolean;
  /** Changed less than NOTICE_WORKING_DAYS working days before the day. */
  lateChange: boolean;
  /**
   * The days off of the session's year are computed defaults no official has confirmed yet:
   * shown as "dự kiến — chưa xác nhận" (PROVISIONAL_LABEL).
   */
  provisional: boolean;
  /** When the session last changed (ISO instant), for calendar SEQUENCE/DTSTAMP. */
  changedAt?: string;
  /** When an extra session was entered (ISO instant): entered on or after its day, it records one held. */
  enteredAt?: string;
  /** 0 until the session is changed (by a rule edit or a session change), then grows with each change. */
  sequence: number;
  /**
   * What happened, as the official recorded it after the day (null: nobody recorded it — a past
   * session then shows NOT_RECORDED, never "held").
   */
  record: SessionOutcome | null;
  /** Corrections published beside the session as announced, oldest first ("Đính chính ngày …: …"). */
  corrections: SessionCorrection[];
}

/** What citizens read for a past session nobody recorded: the plan is not a fact. */
export const NOT_RECORDED = 'chưa ghi nhận';

/**
 * What was recorded after a session, as the page, the feed and the admin say it: "đã tiếp (người
 * tiếp: …), 3 lượt công dân", "không diễn ra (…)", or NOT_RECORDED.
 */
export function recordText(s: Pick<Session, 'record'>): string {
  if (!s.record) return NOT_RECORDED;
  if (!s.record.held) return `không diễn ra${s.record.note ? ` (${s.record.note})` : ''}`;
  const by = [s.record.heldByName, s.record.heldByTitle].filter(Boolean).join(', ');
  const count = s.record.citizensReceived === null ? '' : `, ${s.record.citizensReceived} lượt công dân`;
  return `đã tiếp${by ? ` (người tiếp: ${by})` : ''}${count}`;
}

/** "Đính chính ngày 12/01/2026: …": how a correction is shown on the page, in the ICS and the CSV. */
export const correctionLine = (c: Pick<SessionCorrection, 'correctedOn' | 'text'>) => `Đính chính ngày ${formatDate(c.correctedOn)}: ${c.text}`;

const blankToNullNumber = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v);
const yesNo = (v: unknown) => (v === 'true' || v === '1' || v === 'yes' ? true : v === 'false' || v === '0' || v === 'no' ? false : v);

/**
 * What happened at one session, recorded after the day (issue 21): held or not; who received
 * citizens when it was not the announced host; the number of citizens received when the unit
 * keeps that count (empty: not kept — null, never 0).
 */
export const SessionRecordSchema = z
  .object({
    held: z.preprocess(yesNo, z.boolean({ error: 'Chọn buổi tiếp có diễn ra hay không.' })),
    heldByTitle: optionalText('Chức vụ người đã tiếp', 200),
    heldByName: optionalText('Họ tên người đã tiếp', 120),
    citizensReceived: z
      .preprocess(
        blankToNullNumber,
        z.coerce
          .number({ error: 'Số lượt công dân phải là số, ví dụ 3; để trống nếu đơn vị không theo dõi.' })
          .int({ error: 'Số lượt công dân phải là số nguyên.' })
          .min(0, { error: 'Số lượt công dân không được âm.' })
          .nullable(),
      )
      .default(null),
    note: optionalText('Ghi chú', 500),
  })
  .superRefine((r, ctx) => {
    if (r.held) return;
    if (r.citizensReceived !== null) ctx.addIssue({ code: 'custom', path: ['citizensReceived'], message: 'Buổi tiếp không diễn ra thì không có lượt công dân: để trống ô này.' });
    if (r.heldByTitle || r.heldByName) ctx.addIssue({ code: 'custom', path: ['heldByTitle'], message: 'Buổi tiếp không diễn ra thì không ghi người đã tiếp.' });
    if (!r.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Ghi lý do buổi tiếp không diễn ra, ví dụ "Trùng ngày nghỉ hoán đổi".' });
  });
export type SessionRecordInput = z.input<typeof SessionRecordSchema>;
export type SessionOutcome = z.output<typeof SessionRecordSchema> & { recordedAt: string; version: number };
export type SessionRecord = SessionOutcome & { sessionKey: string; sessionDate: IsoDate };

/** A correction of a published past session: only its text is typed; the day is the day it is entered. */
export const SessionCorrectionSchema = z.object({
  text: requiredText('Nội dung đính chính', 500).meta({ examples: ['Ngày 02/01/2026 là ngày nghỉ hoán đổi (Công văn 12729/VPCP-KGVX); buổi tiếp không diễn ra.'] }),
});
export interface SessionCorrection {
  id: number;
  sessionKey: string;
  sessionDate: IsoDate;
  /** The day the correction was published (Vietnam). */
  correctedOn: IsoDate;
  text: string;
  createdAt: string;
}

/** Minutes since 2024: grows with every change, stays the same across rebuilds. */
const minutesSince2024 = (instant: string) => Math.max(1, Math.floor((Date.parse(instant) - Date.UTC(2024, 0, 1)) / 60_000));

/**
 * Decree 64/2014/NĐ-CP: a session is announced at least five working days before it. The notice
 * a change made on day X gives a session on day D is the number of working days strictly
 * between them (days off and rest days excluded): `WorkingCalendar.noticeDays`.
 */
export const NOTICE_WORKING_DAYS = 5;

/** The late rule, defined once: a change that gives fewer than NOTICE_WORKING_DAYS working days' notice is late. */
export const isLateNotice = (noticeDays: number): boolean => noticeDays < NOTICE_WORKING_DAYS;

/**
 * How far ahead the calendar page lists sessions one by one ("Các tuần tới", 8 weeks): a session
 * in it that an edit removes stays listed as cancelled, with the reason.
 */
const ANNOUNCED_DAYS = 56;

/** A session an edit (of a rule, the rules or the days off) changed after it was announced. */
export interface LateMark {
  markedAt: string;
  /** Changed inside the notice period: "Thay đổi muộn". */
  late?: boolean;
  /** Why, as the official gave it. */
  reason?: string;
  /** The session as it was announced, when the edit removed it: it stays listed, cancelled. */
  removed?: Session;
}

export interface CalendarInput {
  rules: ReceptionRule[];
  changes: SessionChange[];
  extras: ExtraSession[];
  holidays: Holiday[];
  /** Years whose days off are computed defaults, not an official's list: sessions show PROVISIONAL_LABEL. */
  provisionalYears?: number[];
  /** ISO weekdays (dates.ts) the office is closed; Saturday and Sunday unless given. */
  restDays?: Weekday[];
  /**
   * Sessions that a rule or holiday edit changed late (see lateChanges), by key: when, and for
   * a session the edit removed, the session as it was announced — it stays listed, cancelled.
   */
  lateMarks?: Map<string, LateMark>;
  /**
   * Earlier lists of days off (see DaysOffVersion): a session takes the list in force on its
   * date, so saving a year's list never moves, cancels or restores a session already held.
   */
  daysOffHistory?: DaysOffVersion[];
  /** What happened at past sessions, by session key (SessionRecordSchema). */
  records?: Map<string, SessionOutcome>;
  /** Corrections of published sessions, by session key, oldest first. */
  corrections?: Map<string, SessionCorrection[]>;
}

/**
 * A year's days off as they stood before an official saved a new list (or the computed
 * defaults, `provisional`): in force for session dates before `until` (the save date) and on or
 * after the previous version's `until` of that year.
 */
export interface DaysOffVersion {
  year: number;
  until: IsoDate;
  holidays: Holiday[];
  provisional: boolean;
}

interface DaysOffInForce {
  calendar: WorkingCalendar;
  /** Years whose list in force was the computed defaults (PROVISIONAL_LABEL). */
  provisional: Set<number>;
}

/**
 * The working calendar in force on each date: the current lists, or for a date before a save,
 * the lists as they stood then. Built once per stretch between two saves.
 */
function daysOffInForce(input: CalendarInput): (date: IsoDate) => DaysOffInForce {
  const current = { calendar: new WorkingCalendar(input.holidays, input.restDays), provisional: new Set(input.provisionalYears ?? []) };
  const history = [...(input.daysOffHistory ?? [])].sort((a, b) => a.until.localeCompare(b.until));
  if (!history.length) return () => current;
  const cuts = [...new Set(history.map((v) => v.until))];
  const built = new Map<number, DaysOffInForce>();
  return (date) => {
    const i = cuts.findIndex((cut) => date < cut);
    if (i === -1) return current;
    const found = built.get(i);
    if (found) return found;
    // Each year's list in force before cuts[i]: its first version saved on or after that cut.
    const byYear = new Map<number, DaysOffVersion>();
    for (const v of history) if (v.until >= cuts[i]! && !byYear.has(v.year)) byYear.set(v.year, v);
    const versions = [...byYear.values()];
    const holidays = [...input.holidays.filter((h) => !byYear.has(yearOf(h.date))), ...versions.flatMap((v) => v.holidays)];
    const provisional = new Set([...(input.provisionalYears ?? []).filter((y) => !byYear.has(y)), ...versions.filter((v) => v.provisional).map((v) => v.year)]);
    const inForce = { calendar: new WorkingCalendar(holidays, input.restDays), provisional };
    built.set(i, inForce);
    return inForce;
  };
}

/** Which week of its month a date is in (1–5), and whether it is in the month's last 7 days. */
function weekOfMonth(date: IsoDate): { n: number; last: boolean } {
  const day = Number(date.slice(8, 10));
  const [y, m] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return { n: Math.ceil(day / 7), last: day > lastDay - 7 };
}

/**
 * Whether the rule gives a session on `date`. "Ít nhất N ngày mỗi tháng" takes the first N working
 * days of the month on the rule's weekdays, so it needs the working calendar.
 */
function ruleMatches(
  rule: Pick<ReceptionRuleFields, 'frequency' | 'weekdays' | 'weeksOfMonth'> & { daysPerMonth?: number },
  date: IsoDate,
  calendar?: WorkingCalendar,
): boolean {
  if (!rule.weekdays.includes(isoWeekday(date))) return false;
  if (rule.frequency === 'weekly') return true;
  if (rule.frequency === 'monthly_days') {
    if (!calendar?.isWorkingDay(date)) return false;
    let rank = 0;
    for (let d = `${date.slice(0, 8)}01`; d < date; d = addDays(d, 1)) if (rule.weekdays.includes(isoWeekday(d)) && calendar.isWorkingDay(d)) rank++;
    return rank < (rule.daysPerMonth ?? 0);
  }
  const week = weekOfMonth(date);
  return rule.weeksOfMonth.includes(week.n) || (week.last && rule.weeksOfMonth.includes(-1));
}

/**
 * Which days the office is open: weekdays but the rest days, minus the year's days off
 * (holidays and swapped days off), plus its make-up working days.
 */
export class WorkingCalendar {
  private readonly daysOff: Map<IsoDate, string>;
  private readonly makeUp: Set<IsoDate>;
  private readonly restDays: Weekday[];
  constructor(holidays: Holiday[], restDays: Weekday[] = DEFAULT_REST_DAYS) {
    this.daysOff = new Map(holidays.filter((h) => h.kind !== 'makeup_workday').map((h) => [h.date, h.name]));
    this.makeUp = new Set(holidays.filter((h) => h.kind === 'makeup_workday').map((h) => h.date));
    this.restDays = restDays;
  }
  /** The name of the day off (holiday or swapped day off) on `date`, if it is one. */
  holiday(date: IsoDate): string | undefined {
    return this.daysOff.get(date);
  }
  isWorkingDay(date: IsoDate): boolean {
    if (this.makeUp.has(date)) return true;
    return !this.restDays.includes(isoWeekday(date)) && !this.daysOff.has(date);
  }
  /**
   * The next day a session displaced by a day off goes to: a working day on a normal weekday.
   * Every day off is skipped, and so is a make-up Saturday (open, but not a reception day).
   */
  nextWorkingDay(after: IsoDate): IsoDate {
    let day = addDays(after, 1);
    while (!this.isWorkingDay(day) || this.makeUp.has(day)) day = addDays(day, 1);
    return day;
  }
  /** Working days strictly between `from` and `to`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d < to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }
  /** The notice a change made on `changedOn` gives a session on `sessionDay` (see NOTICE_WORKING_DAYS). */
  noticeDays(changedOn: IsoDate, sessionDay: IsoDate): number {
    return this.workingDaysBetween(changedOn, sessionDay);
  }
  isLate(changedOn: IsoDate, sessionDay: IsoDate): boolean {
    return isLateNotice(this.noticeDays(changedOn, sessionDay));
  }
  /**
   * The one rule for "Thay đổi muộn", whatever the change (added, removed, moved, host, hours,
   * place): a change made on `changedOn` is late when any day it touches — the session's day
   * before the change, after it, or both — gets under NOTICE_WORKING_DAYS of notice. An added
   * session has only a day after, a removed one only a day before.
   */
  isLateChange(changedOn: IsoDate, days: (IsoDate | undefined)[]): boolean {
    return days.some((day) => day !== undefined && this.isLate(changedOn, day));
  }
  /** The first day a change made on `today` reaches with full notice: the default "Áp dụng từ ngày". */
  firstTimelyDate(today: IsoDate): IsoDate {
    let day = addDays(today, 1);
    while (this.isLate(today, day)) day = addDays(day, 1);
    return day;
  }
}

const fmt = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The versions of a rule with the dates each applies to: [from, until), open-ended when absent. */
function ruleSegments(rule: ReceptionRule): { fields: ReceptionRuleFields; version: number; updatedAt: string; from?: IsoDate; until?: IsoDate }[] {
  const segments = [];
  let from: IsoDate | undefined;
  for (const version of rule.history ?? []) {
    segments.push({ fields: version, version: version.version, updatedAt: version.updatedAt, from, until: version.until });
    from = version.until;
  }
  segments.push({ fields: rule, version: rule.version, updatedAt: rule.updatedAt, from });
  return segments;
}

const yearOf = (date: IsoDate) => Number(date.slice(0, 4));

/**
 * All sessions with a date (after moves) in [from, to], sorted by date and time. Each rule date
 * takes the rule version in force on that date. A rule date on a day off moves to the next
 * working day or is cancelled, as the rule says; the official's change for that date, if any,
 * then applies on top.
 */
export function generateSessions(input: CalendarInput, from: IsoDate, to: IsoDate): Session[] {
  const inForce = daysOffInForce(input);
  const changeFor = new Map(input.changes.map((c) => [`${c.ruleId}:${c.sessionDate}`, c]));
  const sessions: Session[] = [];
  // Moves can carry a session across the window's edge: scan a margin on both sides.
  const scanFrom = addDays(from, -21);
  const scanTo = addDays(to, 21);
  for (const rule of input.rules) {
    for (const segment of ruleSegments(rule)) {
      const fields = segment.fields;
      const starts = [scanFrom, fields.validFrom, segment.from ?? scanFrom];
      const ends = [scanTo, fields.validTo ?? scanTo, segment.until ? addDays(segment.until, -1) : scanTo];
      const start = starts.sort().at(-1)!;
      const end = ends.sort()[0]!;
      for (let day = start; day <= end; day = addDays(day, 1)) {
        // A rule date takes the days off in force on it: a later list never rewrites a session held.
        const { calendar, provisional } = inForce(day);
        if (!ruleMatches(fields, day, calendar)) continue;
        const session: Session = {
          key: `rule-${rule.id}-${day}`,
          kind: 'regular',
          ruleId: rule.id,
          date: day,
          startTime: fields.startTime,
          endTime: fields.endTime,
          place: fields.place,
          hostTitle: fields.hostTitle,
          hostName: fields.hostName,
          topics: fields.topics,
          withBodies: '',
          status: 'scheduled',
          hostChanged: false,
          hostNotChairman: false,
          lateChange: false,
          provisional: provisional.has(yearOf(day)),
          changedAt: segment.updatedAt,
          sequence: segment.version > 1 ? minutesSince2024(segment.updatedAt) : 0,
          record: null,
          corrections: [],
        };
        const holiday = calendar.holiday(day);
        if (holiday) {
          const next = calendar.nextWorkingDay(day);
          if (fields.holidayPolicy === 'cancel') {
            Object.assign(session, { status: 'cancelled', reason: `Nghỉ lễ: ${holiday}.` });
          } else if (ruleMatches(fields, next, calendar)) {
            // The next working day already has its own session: no second one that day.
            Object.assign(session, { status: 'cancelled', reason: `Nghỉ lễ: ${holiday}. Buổi tiếp gần nhất: ${fmt(next)}.` });
          } else {
            Object.assign(session, { status: 'moved', originalDate: day, date: next, reason: `Trùng ngày nghỉ (${holiday}), chuyển sang ngày làm việc kế tiếp.` });
          }
          session.provisional ||= provisional.has(yearOf(session.date));
        }
        const mark = input.lateMarks?.get(session.key);
        if (mark) applyMark(session, mark);
        const change = changeFor.get(`${rule.id}:${day}`);
        if (change) applyChange(session, change, calendar);
        session.hostNotChairman = session.date >= CHAIR_IN_PERSON_FROM && !isChairman(session.hostTitle);
        sessions.push(session);
      }
    }
  }
  // A session an edit removed was announced: citizens see it cancelled, not gone.
  const generated = new Set(sessions.map((s) => s.key));
  for (const [key, mark] of input.lateMarks ?? []) {
    if (!mark.removed || generated.has(key)) continue;
    const reason = ['Lịch tiếp định kỳ đã thay đổi: buổi tiếp này không còn.', mark.reason].filter(Boolean).join(' ');
    sessions.push({
      ...mark.removed,
      hostNotChairman: mark.removed.hostNotChairman ?? false,
      provisional: mark.removed.provisional ?? false,
      status: 'cancelled',
      reason,
      lateChange: mark.late ?? true,
      changedAt: mark.markedAt,
      sequence: minutesSince2024(mark.markedAt),
      record: null,
      corrections: [],
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
      hostNotChairman: false,
      lateChange: extraIsLate(extra.createdAt, extra.date, inForce(extra.date).calendar),
      provisional: false,
      changedAt: extra.createdAt,
      enteredAt: extra.createdAt,
      sequence: 0,
      record: null,
      corrections: [],
    });
  }
  for (const session of sessions) attachAfterTheFact(session, input);
  return sessions
    .filter((s) => s.date >= from && s.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date) || (a.startTime ?? '').localeCompare(b.startTime ?? '') || a.key.localeCompare(b.key));
}

/**
 * What was learnt after the session was announced: its record, and its corrections — published
 * beside the session as announced (nothing in it is rewritten), each a new SEQUENCE so that a
 * subscribed calendar shows the correction.
 */
function attachAfterTheFact(session: Session, input: CalendarInput) {
  session.record = input.records?.get(session.key) ?? null;
  session.corrections = input.corrections?.get(session.key) ?? [];
  for (const c of session.corrections) {
    session.changedAt = c.createdAt > (session.changedAt ?? '') ? c.createdAt : session.changedAt;
    session.sequence = Math.max(session.sequence, minutesSince2024(c.createdAt));
  }
}

/**
 * An extra session is announced when it is entered: "late" by the one rule of every change
 * (WorkingCalendar.isLateChange) — an added session has only a day after. One entered after its
 * day records a session held (factsOf), not an announcement: it is not marked.
 */
export function extraIsLate(enteredAt: string, date: IsoDate, calendar: WorkingCalendar): boolean {
  const enteredOn = todayInVietnam(new Date(enteredAt));
  return enteredOn <= date && calendar.isLateChange(enteredOn, [date]);
}

/** A session an edit changed after it was announced: a newer SEQUENCE, and "late" with its reason. */
function applyMark(session: Session, mark: LateMark) {
  session.changedAt = mark.markedAt > (session.changedAt ?? '') ? mark.markedAt : session.changedAt;
  session.sequence = Math.max(session.sequence, minutesSince2024(mark.markedAt));
  if (mark.late ?? true) {
    session.lateChange = true;
    if (mark.reason) session.reason = session.reason ? `${session.reason} ${mark.reason}` : mark.reason;
  }
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
  // A late rule edit stays marked even when a timely session change follows it.
  session.lateChange ||= calendar.isLateChange(changedOn, [before, session.date]);
}

/** One regular session an edit changes, as the admin lists it before saving and the API answers. */
export interface SessionDiff {
  key: string;
  /** The session as announced, absent when the edit adds it. */
  before?: Session;
  /** The session after the edit, absent when the edit removes it. */
  after?: Session;
  /** Inside the notice period: marked "Thay đổi muộn". */
  late: boolean;
}

/**
 * The regular sessions an edit (of a rule, the rules or the days off) changes from `today` to
 * ANNOUNCED_DAYS ahead — date, time, place, host, topics or status —, each with whether it falls
 * inside the notice period (the earlier of its old and new date counts).
 *
 * Hours or a place going from unknown (null) to known count as a change, late inside the notice
 * period like any other: until then citizens could not plan when or where to come, and Decree
 * 64/2014 asks the time and place be announced five working days ahead — published later, the
 * record must say the session's hours were announced late.
 */
export function calendarDiff(before: CalendarInput, after: CalendarInput, today: IsoDate): SessionDiff[] {
  const calendar = new WorkingCalendar(after.holidays, after.restDays);
  const oldCalendar = new WorkingCalendar(before.holidays, before.restDays);
  const end = addDays(today, ANNOUNCED_DAYS);
  const shown = (s: Session) => JSON.stringify([s.date, s.startTime, s.endTime, s.place, s.hostTitle, s.hostName, s.topics, s.status]);
  const view = (input: CalendarInput) => new Map(generateSessions(input, today, end).filter((s) => s.kind === 'regular').map((s) => [s.key, s]));
  const old = view(before);
  const now = view(after);
  return [...new Set([...old.keys(), ...now.keys()])]
    .filter((key) => {
      const [a, b] = [old.get(key), now.get(key)];
      return !a || !b ? true : shown(a) !== shown(b);
    })
    .map((key) => {
      const [a, b] = [old.get(key), now.get(key)];
      // Either calendar may make the old day late (a new day off shortens the notice).
      const late = calendar.isLateChange(today, [a?.date, b?.date]) || oldCalendar.isLateChange(today, [a?.date]);
      return { key, ...(a ? { before: a } : {}), ...(b ? { after: b } : {}), late };
    })
    .sort((x, y) => ((x.after ?? x.before)!.date).localeCompare((y.after ?? y.before)!.date) || x.key.localeCompare(y.key));
}

/** The first session on or after `today` that is still on (not cancelled). */
export function nextSession(sessions: Session[], today: IsoDate): Session | undefined {
  return sessions.find((s) => s.date >= today && s.status !== 'cancelled');
}

/** "Thứ Năm hằng tuần" / "Thứ Năm tuần thứ nhất và tuần thứ ba hằng tháng" / "2 ngày mỗi tháng (Thứ Năm)". */
export function describeRule(rule: Pick<ReceptionRuleFields, 'frequency' | 'weekdays' | 'weeksOfMonth'> & { daysPerMonth?: number }): string {
  const days = rule.weekdays.map((d) => WEEKDAY_NAMES[d as Weekday]).join(', ');
  if (rule.frequency === 'weekly') return `${days} hằng tuần`;
  if (rule.frequency === 'monthly_days') return `${rule.daysPerMonth ?? '—'} ngày mỗi tháng (${days} đầu tiên của tháng)`;
  const weeks = rule.weeksOfMonth.map((w) => WEEK_OF_MONTH_NAMES[w]);
  const list = weeks.length > 1 ? `${weeks.slice(0, -1).join(', ')} và ${weeks.at(-1)}` : weeks[0];
  return `${days} ${list} hằng tháng`;
}


/**
 * What the records say about the sessions of [from, to] up to `today` (issue 21): figures a
 * report can state as facts, null where the portal does not know them — never a plan counted as
 * held, never 0 for what nobody recorded.
 */
export interface ReceptionFacts {
  from: IsoDate;
  to: IsoDate;
  /** Regular sessions the rules gave on days that have come (not cancelled in advance): the plan. */
  planned: number;
  /** Regular sessions recorded as held; null while any is unrecorded. */
  held: number | null;
  /** Regular sessions recorded as not held; null while any is unrecorded. */
  notHeld: number | null;
  /** Sessions (regular, or extra ones announced in advance) whose day has come and that nobody recorded. */
  unrecorded: number;
  /**
   * Unscheduled and joint sessions recorded as held (an extra session entered on or after its day
   * is itself the record). Null when none is recorded: the portal cannot tell "none" from "not entered".
   */
  unscheduled: number | null;
  /** Citizens received at the sessions held, when every one of them has its count; else null. */
  citizensReceived: number | null;
}

/** The mark of an illustrative rule or session in its topics (content/demo/reception.json). */
const ILLUSTRATION_MARK = '[Minh họa]';

/** The facts of `sessions` (generateSessions over at least [from, to]); see ReceptionFacts. */
export function factsOf(sessions: readonly Session[], from: IsoDate, to: IsoDate, today: IsoDate): ReceptionFacts {
  const end = to < today ? to : today;
  let [planned, held, notHeld, unrecorded, regularUnrecorded, unscheduled] = [0, 0, 0, 0, 0, 0];
  const counts: (number | null)[] = [];
  for (const s of sessions) {
    if (s.date < from || s.date > end) continue;
    // A "[Minh họa]" rule's sessions demonstrate the calendar: they never count as facts.
    if (s.topics.includes(ILLUSTRATION_MARK)) continue;
    // Entered on or after its day (not merely corrected later: a correction moves changedAt) and
    // never corrected since: an extra session so entered records one that took place.
    const entered = s.kind !== 'regular' && !!s.enteredAt && todayInVietnam(new Date(s.enteredAt)) >= s.date && s.corrections.length === 0;
    const outcome = s.record ? s.record.held : s.kind !== 'regular' && entered ? true : null;
    if (s.kind === 'regular') {
      if (s.status !== 'cancelled' || s.record) planned++;
      if (outcome === true) held++;
      else if (outcome === false) notHeld++;
      else if (s.status !== 'cancelled') (unrecorded++, regularUnrecorded++);
    } else if (outcome === true) unscheduled++;
    else if (outcome === null && s.status !== 'cancelled') unrecorded++;
    if (outcome === true) counts.push(s.record?.citizensReceived ?? null);
  }
  // With no regular session planned and none recorded, the portal knows nothing: null, never 0.
  const regularKnown = regularUnrecorded === 0 && planned > 0;
  return {
    from,
    to,
    planned,
    held: regularKnown ? held : null,
    notHeld: regularKnown ? notHeld : null,
    unrecorded,
    unscheduled: unscheduled > 0 ? unscheduled : null,
    citizensReceived: regularKnown && counts.length > 0 && counts.every((n) => n !== null) ? counts.reduce<number>((a, n) => a + n!, 0) : null,
  };
}
