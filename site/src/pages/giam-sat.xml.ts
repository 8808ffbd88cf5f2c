import type { APIRoute } from 'astro';
import { activityPath, boardPath } from '../../../schema/paths.ts';
import { committeeName } from '../../../schema/unit.ts';
import { recordFeed } from '../lib/community-feed.ts';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

/** Atom feed of the supervision boards and their published activities. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, community } = await portalData();
  const publisher = committeeName(unit);
  const items = [
    ...community.boards.map((b) => ({ ...b, title: b.name, summary: b.summary, url: boardPath(b) })),
    ...community.activities.map((a) => ({ ...a, summary: a.body, url: activityPath(a) })),
  ].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  const body = recordFeed({ title: `Kiểm tra, giám sát – ${publisher}`, path: '/giam-sat.xml', listPath: '/giam-sat/', origin: siteOrigin(site, unit), publisher, items });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
