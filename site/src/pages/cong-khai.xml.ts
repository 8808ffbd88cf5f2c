import type { APIRoute } from 'astro';
import { committeeName } from '../../../schema/unit/unit.ts';
import { atomFeed, disclosureEntry } from '../lib/atom.ts';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

/** Atom feed of every published disclosure, newest first; a withdrawn one stays as an updated entry marked withdrawn. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, disclosures } = await portalData();
  const publisher = committeeName(unit);
  const body = atomFeed({
    title: `Công khai thông tin – ${publisher}`,
    path: '/cong-khai.xml',
    listPath: '/cong-khai/',
    origin: siteOrigin(site, unit),
    publisher,
    demo: unit.demoData,
    entries: disclosures.filter((d) => d.status !== 'draft').map(disclosureEntry),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
