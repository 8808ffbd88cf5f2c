import type { APIRoute, GetStaticPaths } from 'astro';
import { committeeName } from '../../../../../schema/unit/unit.ts';
import { calendarFeed } from '../../../lib/ics.ts';
import { portalData } from '../../../lib/portal-data.ts';
import { RECEPTION_CALENDAR_PATH } from '../../../../../schema/publishing/paths.ts';
import { sessionIcsName, siteOrigin, uidDomain } from '../../../lib/reception-view.ts';
import { notFound, propsFor } from '../../../lib/static-props.ts';

/**
 * "Add to calendar": one file per upcoming session, with the same UID as in the feed. Its name is
 * its date (tiep-cong-dan-2026-12-03.ics), which the download keeps; the same file stays under the
 * session's key (rule-1-2026-12-03.ics), the name the calendar page linked to before — hence the
 * route's parameter name.
 */
export const getStaticPaths = (async () => {
  const { reception, today } = await portalData();
  return reception.sessions
    .filter((s) => s.date >= today && s.status !== 'cancelled')
    .flatMap((session) => [sessionIcsName(session, reception.sessions).replace(/\.ics$/, ''), session.key].map((key) => ({ params: { key }, props: { session } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const props = found;
  const { unit, unitOn, reception, today } = await portalData();
  const body = calendarFeed([props.session], {
    calendarName: `Lịch tiếp công dân – ${committeeName(unit)}`,
    uidDomain: uidDomain(unit, reception.earlierNames),
    committeeOn: (date) => committeeName(unitOn(date)),
    pageUrl: `${siteOrigin(site, unit)}${RECEPTION_CALENDAR_PATH}`,
    stamp: props.session.changedAt ?? '2024-01-01T00:00:00Z',
    demo: unit.demoData,
    today,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
