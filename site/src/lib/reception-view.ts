import { addDays, formatDate, vietnamDateTime, weekdayName } from '../../../schema/core/dates.ts';
import { receptionSessionIcsPath } from '../../../schema/publishing/paths.ts';
import { slugify } from '../../../schema/core/text.ts';
import { NOT_PUBLISHED, PROVISIONAL_LABEL, type Session } from '../../../schema/reception/reception.ts';
import { foundingIdentity, type EarlierName } from '../../../schema/unit/unit-names.ts';
import type { Unit } from '../../../schema/unit/unit.ts';
import { UNIT_KINDS } from '../../../schema/unit/unit.ts';

/** Shared wording and URLs for the reception pages, the feed and the home page. */


/**
 * A session's file name, by its date, as a citizen's download folder shows it:
 * "tiep-cong-dan-2026-12-03.ics"; a second session the same day (by start time) gets "-2".
 */
export function sessionIcsName(s: Session, sessions: readonly Session[]): string {
  const sameDay = sessions
    .filter((x) => x.date === s.date && x.status !== 'cancelled')
    .sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? '') || a.key.localeCompare(b.key));
  const n = sameDay.findIndex((x) => x.key === s.key);
  return `tiep-cong-dan-${s.date}${n > 0 ? `-${n + 1}` : ''}.ics`;
}

/** A session's own file; each is served under its date name and, for links made before, its key. */
export const sessionIcsPath = (s: Session, sessions: readonly Session[]) => receptionSessionIcsPath(sessionIcsName(s, sessions));

/** "7h30", as Vietnamese write a time of day ("07:30" in the data). */
export const clock = (time: string) => time.replace(/^0(?=\d)/, '').replace(':', 'h');

/** "7h30–11h00", or null while the rule gives no hours. */
export const sessionHours = (s: Pick<Session, 'startTime' | 'endTime'>) => (s.startTime && s.endTime ? `${clock(s.startTime)}–${clock(s.endTime)}` : null);

/** "Giờ tiếp: 7h30–11h00", or "Giờ tiếp: chưa có thông tin": unknown hours are said, never guessed. */
export const hoursLine = (s: Pick<Session, 'startTime' | 'endTime'>) => `Giờ tiếp: ${sessionHours(s) ?? NOT_PUBLISHED}`;

/** The place, or "chưa có thông tin". */
export const placeText = (s: Pick<Session, 'place'>) => s.place ?? NOT_PUBLISHED;

/** A session's `<time datetime>`: the day and hour, or the day alone while the hours are unknown. */
export const sessionDateTime = (s: Pick<Session, 'date' | 'startTime'>) => (s.startTime ? vietnamDateTime(s.date, s.startTime) : s.date);

/** "Thứ Năm 03/12": the short day of a session within the coming weeks. */
export const shortDay = (s: Pick<Session, 'date'>) => `${weekdayName(s.date)} ${formatDate(s.date).slice(0, 5)}`;

/**
 * Cancelled sessions a citizen might still ride to: from today up to the next session that is
 * on (or, with none, the coming eight weeks). Sorted as the engine sorts sessions.
 */
export function cancelledBeforeNext(sessions: readonly Session[], next: Session | undefined, today: string): Session[] {
  const end = next ? sessions.indexOf(next) : sessions.length;
  return sessions.slice(0, end).filter((s) => s.status === 'cancelled' && s.date >= today && s.date <= addDays(today, 56));
}

/**
 * Google Calendar's "add by URL" link for the feed. Google's help documents only the manual way
 * (Other calendars › + › From URL, on a computer; the Android app cannot add a calendar by URL)
 * and no link format; the one in use is `/calendar/render?cid=webcal://…` (Simon Willison, TIL
 * "Providing a subscribe in Google Calendar link for an ics feed": "this isn't documented
 * anywhere"; InteractionDesignFoundation/add-event-to-calendar-docs names /calendar/render as the
 * entry point, which forwards to the current /calendar/r view). It needs the feed over HTTPS.
 * How often Google re-reads it: see GOOGLE_REFRESH_HOURS.
 */
export const googleCalendarLink = (feedUrl: string) => `https://calendar.google.com/calendar/render?cid=${feedUrl.replace(/^https?:/, 'webcal:')}`;

/**
 * How long a change can take to reach a Google Calendar subscriber, as the calendar page says it.
 * Google's help on adding a calendar from a URL says changes "can take up to 12 hours" (as
 * restated by techzle.com, "How do I subscribe to another user's calendar in Google Calendar");
 * subscribers measure 12 to 24 hours, with no way to refresh by hand (usecarly.com, "Google
 * Calendar ICS subscription refresh rate"; twocal.app, "Why Google Calendar takes up to 24 hours
 * to update subscribed calendars"). The feed's own REFRESH-INTERVAL is ignored by Google.
 */
export const GOOGLE_REFRESH_HOURS = '12 đến 24 giờ';

/** "Thứ Năm, 20/06/2024". */
export const sessionDay = (s: Pick<Session, 'date'>) => `${weekdayName(s.date)}, ${formatDate(s.date)}`;

export const hostLine = (s: Session) => [s.hostName, s.hostTitle].filter(Boolean).join(', ');

export const kindLabel = (s: Session) =>
  s.kind === 'unscheduled' ? 'Tiếp đột xuất' : s.kind === 'joint' ? `Tiếp phối hợp${s.withBodies ? ` với ${s.withBodies}` : ''}` : 'Tiếp định kỳ';

export { siteOrigin } from './site-url.ts';

/**
 * UID domain of this commune's calendar: stable whatever host serves it and whatever the unit is
 * renamed to — it is built from the first name the unit had (see foundingIdentity).
 */
export const uidDomain = (unit: Pick<Unit, 'kind' | 'name'>, earlier: EarlierName[] = []) => {
  const founding = foundingIdentity(unit, earlier);
  return `${slugify(`${UNIT_KINDS[founding.kind]} ${founding.name}`)}.lich-tiep-cong-dan`;
};

/** Labels citizens read beside a session (page, embed): provisional days off, host not the Chairman. */
export const provisionalNote = (s: Session) => (s.provisional ? `Ngày nghỉ năm ${s.date.slice(0, 4)}: ${PROVISIONAL_LABEL}` : '');
export const hostNote = (s: Session) => (s.hostNotChairman ? 'Không do Chủ tịch Ủy ban nhân dân trực tiếp tiếp (Luật Tiếp công dân sửa đổi, từ 01/07/2026)' : '');

/**
 * The history table's notes (issue 11): a session held while its year's days off were still the
 * computed defaults, and a session received by someone other than the rule's host — the reason
 * published with the change stands beside it in the status column.
 */
export const HELD_ON_PROVISIONAL = `Ngày nghỉ lúc đó: ${PROVISIONAL_LABEL}`;
export const historyHostNote = (s: Session) =>
  [s.hostChanged ? 'Người tiếp khác lịch định kỳ' : '', s.hostNotChairman ? hostNote(s) : ''].filter(Boolean).join('. ');
