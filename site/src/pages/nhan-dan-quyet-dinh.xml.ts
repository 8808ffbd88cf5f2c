import type { APIRoute } from 'astro';
import { decisionPath } from '../../../schema/publishing/paths.ts';
import { committeeName } from '../../../schema/unit/unit.ts';
import { atomFeed, recordEntry } from '../lib/atom.ts';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

/** Atom feed of published decisions by the people. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, community } = await portalData();
  const publisher = committeeName(unit);
  const body = atomFeed({
    title: `Nhân dân bàn và quyết định – ${publisher}`,
    path: '/nhan-dan-quyet-dinh.xml',
    listPath: '/nhan-dan-quyet-dinh/',
    origin: siteOrigin(site, unit),
    publisher,
    demo: unit.demoData,
    entries: community.decisions.map((d) => recordEntry({ ...d, path: decisionPath(d) })),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
