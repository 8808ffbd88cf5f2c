import { formatDate, weekdayName } from '../../../schema/dates.ts';
import { slugify } from '../../../schema/text.ts';
import type { Session } from '../../../schema/reception.ts';
import type { Unit } from '../../../schema/unit.ts';
import { UNIT_KINDS } from '../../../schema/unit.ts';

/** Shared wording and URLs for the reception pages, the feed and the home page. */

export const CALENDAR_PATH = '/lich-tiep-cong-dan/';
export const FEED_PATH = '/lich-tiep-cong-dan.ics';
export const sessionIcsPath = (s: Session) => `/lich-tiep-cong-dan/buoi/${s.key}.ics`;

/** "Thứ Năm, 20/06/2024". */
export const sessionDay = (s: Pick<Session, 'date'>) => `${weekdayName(s.date)}, ${formatDate(s.date)}`;

export const hostLine = (s: Session) => [s.hostName, s.hostTitle].filter(Boolean).join(', ');

export const kindLabel = (s: Session) =>
  s.kind === 'unscheduled' ? 'Tiếp đột xuất' : s.kind === 'joint' ? `Tiếp phối hợp${s.withBodies ? ` với ${s.withBodies}` : ''}` : 'Tiếp định kỳ';

export { siteOrigin } from './site-url.ts';

/** UID domain of this commune's calendar: stable whatever host serves it. */
export const uidDomain = (unit: Unit) => `${slugify(`${UNIT_KINDS[unit.kind]} ${unit.name}`)}.lich-tiep-cong-dan`;
