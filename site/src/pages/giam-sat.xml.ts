import type { APIRoute } from 'astro';
import { activityPath, boardPath } from '../../../schema/publishing/paths.ts';
import { committeeName } from '../../../schema/unit/unit.ts';
import { atomFeed, recordEntry } from '../lib/atom.ts';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

/** Atom feed of the supervision boards and their published activities. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, community } = await portalData();
  const publisher = committeeName(unit);
  const entries = [
    ...community.boards.map((b) => ({ ...b, title: b.name, summary: b.summary, path: boardPath(b) })),
    ...community.activities.map((a) => ({ ...a, summary: a.body, path: activityPath(a) })),
  ]
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
    .map(recordEntry);
  const body = atomFeed({ title: `Kiểm tra, giám sát – ${publisher}`, path: '/giam-sat.xml', listPath: '/giam-sat/', origin: siteOrigin(site, unit), publisher, demo: unit.demoData, entries });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
