import type { APIRoute } from 'astro';
import { portalData } from '../lib/portal-data.ts';

/**
 * The first half of the build's stamp (schema/publish-state.ts SiteStamp): the rows this build
 * left out, as the pages saw them. scripts/post-build.ts adds when the build began reading D1 and
 * writes the whole stamp last, in Node, where that time is known.
 */
export const GET: APIRoute = async () => {
  const { unpublishable } = await portalData();
  return new Response(JSON.stringify({ unpublishable }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
