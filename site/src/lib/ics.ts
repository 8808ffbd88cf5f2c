import { receptionSessionAnchor } from '../../../schema/publishing/paths.ts';
import { CALENDAR_FEED_MAX_AGE_SECONDS } from '../../../schema/core/security-headers.ts';
import { addDays, TIME_ZONE, VIETNAM_UTC_OFFSET } from '../../../schema/core/dates.ts';
import {
  correctionLine,
  NOT_PUBLISHED,
  NOTICE_WORKING_DAYS,
  PROVISIONAL_LABEL,
  recordText,
  type Session,
} from '../../../schema/reception/reception.ts';
import { DEMO_MARK } from '../../../schema/unit/unit.ts';

/**
 * A small iCalendar (RFC 5545) writer for the reception feed. Hand-written rather than a
 * library: the feed needs one fixed-offset VTIMEZONE (Vietnam has no daylight saving), plain
 * VEVENTs, escaping and line folding — about as much code as the glue a library would need.
 */

const CRLF = '\r\n';
/** CALENDAR_FEED_MAX_AGE_SECONDS as an iCalendar DURATION: "PT1H". */
const FEED_TTL = CALENDAR_FEED_MAX_AGE_SECONDS % 3600 ? `PT${Math.ceil(CALENDAR_FEED_MAX_AGE_SECONDS / 60)}M` : `PT${CALENDAR_FEED_MAX_AGE_SECONDS / 3600}H`;
const encoder = new TextEncoder();

/** Escapes a TEXT value (§3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (§3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const localDateTime = (date: string, time: string) => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
const utcStamp = (instant: string) => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface FeedOptions {
  calendarName: string;
  /** e.g. "thi-tran-binh-duong.cong-khai": makes UIDs unique to this commune, and stable. */
  uidDomain: string;
  /** Absolute URL of the calendar page, for each event's URL. */
  pageUrl: string;
  /** Fallback DTSTAMP for events without a change time. */
  stamp: string;
  /** The committee's name in force on a date ("Ủy ban nhân dân thị trấn …"), shown in each event. */
  committeeOn?: (date: string) => string;
  /**
   * The unit's data is an illustration (unit.demoData): the calendar's name and every event's
   * title and description say DEMO_MARK, so a phone calendar never shows a demo session as real.
   */
  demo?: boolean;
  /** The build day (Vietnam): a past session nobody recorded says NOT_RECORDED. Without it, nothing is said. */
  today?: string;
}

function sessionSummary(s: Session, demo = false): string {
  const what = s.kind === 'unscheduled' ? 'Tiếp công dân đột xuất' : s.kind === 'joint' ? 'Tiếp công dân phối hợp' : 'Tiếp công dân định kỳ';
  // A correction is said first: the title is all a phone's calendar view shows.
  const prefix = `${s.corrections.length ? 'ĐÃ ĐÍNH CHÍNH: ' : ''}${s.status === 'cancelled' ? 'ĐÃ HỦY: ' : s.status === 'moved' ? 'ĐÃ DỜI: ' : ''}`;
  return `${demo ? `[${DEMO_MARK}] ` : ''}${prefix}${what} – ${s.hostTitle}`;
}

function sessionDescription(s: Session, options: FeedOptions): string {
  const lines = [`Người tiếp: ${[s.hostName, s.hostTitle].filter(Boolean).join(', ')}`];
  if (options.committeeOn) lines.unshift(`Đơn vị: ${options.committeeOn(s.date)}`);
  if (!s.startTime || !s.endTime) lines.push(`Giờ tiếp: ${NOT_PUBLISHED} (Ủy ban nhân dân chưa công bố giờ tiếp).`);
  if (!s.place) lines.push(`Địa điểm: ${NOT_PUBLISHED}.`);
  if (s.hostNotChairman) lines.push('Không do Chủ tịch Ủy ban nhân dân trực tiếp tiếp (Luật Tiếp công dân sửa đổi, từ 01/07/2026).');
  if (s.withBodies) lines.push(`Phối hợp: ${s.withBodies}`);
  if (s.topics) lines.push(`Nội dung: ${s.topics}`);
  if (s.reason) lines.push(`Ghi chú: ${s.reason}`);
  if (s.lateChange) lines.push(`Thay đổi muộn (dưới ${NOTICE_WORKING_DAYS} ngày làm việc trước buổi tiếp).`);
  if (s.provisional) lines.push(`Ngày nghỉ năm ${s.date.slice(0, 4)}: ${PROVISIONAL_LABEL}.`);
  // Facts learnt after the day stand beside the announcement above, which is not rewritten.
  if (s.record || (options.today && s.date < options.today && s.status !== 'cancelled')) lines.push(`Ghi nhận sau buổi tiếp: ${recordText(s)}.`);
  for (const c of s.corrections) lines.push(correctionLine(c));
  if (options.demo) lines.unshift(`${DEMO_MARK} — không phải thông tin chính thức.`);
  return lines.join('\n');
}

const basicDate = (date: string) => date.replace(/-/g, '');

/**
 * When: the hours in Vietnam's time zone, or — while the rule gives no hours — an all-day event
 * (§3.6.1: DTEND of a DATE event is the next day, exclusive), never an invented time.
 */
const eventTimes = (s: Session): string[] =>
  s.startTime && s.endTime
    ? [`DTSTART;TZID=${TIME_ZONE}:${localDateTime(s.date, s.startTime)}`, `DTEND;TZID=${TIME_ZONE}:${localDateTime(s.date, s.endTime)}`]
    : [`DTSTART;VALUE=DATE:${basicDate(s.date)}`, `DTEND;VALUE=DATE:${basicDate(addDays(s.date, 1))}`];

function vevent(s: Session, options: FeedOptions): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${s.key}@${options.uidDomain}`,
    `DTSTAMP:${utcStamp(s.changedAt ?? options.stamp)}`,
    `SEQUENCE:${s.sequence}`,
    ...eventTimes(s),
    `SUMMARY:${escapeText(sessionSummary(s, options.demo))}`,
    // No LOCATION while the place is unknown: calendar apps would map an empty or guessed one.
    ...(s.place ? [`LOCATION:${escapeText(s.place)}`] : []),
    `DESCRIPTION:${escapeText(sessionDescription(s, options))}`,
    `STATUS:${s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    // An all-day placeholder must not mark the citizen's whole day busy.
    `TRANSP:${s.startTime ? 'OPAQUE' : 'TRANSPARENT'}`,
    `URL:${options.pageUrl}#${receptionSessionAnchor(s.date)}`,
    'END:VEVENT',
  ];
}

/** A whole VCALENDAR with the Asia/Ho_Chi_Minh time zone and one VEVENT per session. */
export function calendarFeed(sessions: Session[], options: FeedOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//cong-khai-xa//lich-tiep-cong-dan//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.demo ? `${options.calendarName} (${DEMO_MARK})` : options.calendarName)}`,
    `X-WR-TIMEZONE:${TIME_ZONE}`,
    // Calendar apps refetch as often as caches may keep the feed (its Cache-Control).
    `REFRESH-INTERVAL;VALUE=DURATION:${FEED_TTL}`,
    `X-PUBLISHED-TTL:${FEED_TTL}`,
    'BEGIN:VTIMEZONE',
    `TZID:${TIME_ZONE}`,
    'BEGIN:STANDARD',
    'DTSTART:19750613T000000',
    `TZOFFSETFROM:${VIETNAM_UTC_OFFSET.replace(':', '')}`,
    `TZOFFSETTO:${VIETNAM_UTC_OFFSET.replace(':', '')}`,
    `TZNAME:${VIETNAM_UTC_OFFSET.slice(0, 3)}`,
    'END:STANDARD',
    'END:VTIMEZONE',
    ...sessions.flatMap((s) => vevent(s, options)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
