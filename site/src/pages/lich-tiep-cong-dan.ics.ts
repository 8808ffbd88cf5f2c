import type { APIRoute } from 'astro';
import { committeeName } from '../../../schema/unit/unit.ts';
import { calendarFeed } from '../lib/ics.ts';
import { portalData } from '../lib/portal-data.ts';
import { RECEPTION_CALENDAR_PATH } from '../../../schema/publishing/paths.ts';
import { siteOrigin, uidDomain } from '../lib/reception-view.ts';

/** The subscription feed: every session from the history window to a year ahead. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, unitOn, reception, today } = await portalData();
  const body = calendarFeed(reception.sessions, {
    calendarName: `Lịch tiếp công dân – ${committeeName(unit)}`,
    uidDomain: uidDomain(unit, reception.earlierNames),
    committeeOn: (date) => committeeName(unitOn(date)),
    pageUrl: `${siteOrigin(site, unit)}${RECEPTION_CALENDAR_PATH}`,
    stamp: reception.rules[0]?.updatedAt ?? '2024-01-01T00:00:00Z',
    demo: unit.demoData,
    today,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
