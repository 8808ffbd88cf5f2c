import { formatDate, weekdayName } from '../../../schema/dates.ts';
import { slugify } from '../../../schema/text.ts';
import { PROVISIONAL_LABEL, type Session } from '../../../schema/reception.ts';
import { foundingIdentity, type EarlierName } from '../../../schema/unit-names.ts';
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
