import type { APIRoute } from 'astro';
import { committeeName } from '../../../schema/unit.ts';
import { disclosureFeed } from '../lib/atom.ts';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

/** Atom feed of every published disclosure, newest first; a withdrawn one stays as an updated entry marked withdrawn. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, disclosures } = await portalData();
  const publisher = committeeName(unit);
  const body = disclosureFeed({
    title: `Công khai thông tin – ${publisher}`,
    path: '/cong-khai.xml',
    origin: siteOrigin(site, unit),
    publisher,
    items: disclosures.filter((d) => d.status !== 'draft'),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
