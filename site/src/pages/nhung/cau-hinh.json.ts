import type { APIRoute } from 'astro';
import { portalData } from '../../lib/portal-data.ts';

/** Read by scripts/post-build.ts to write the framing rules of /nhung/* into _headers, then removed. */
export const GET: APIRoute = async () => {
  const { unit } = await portalData();
  return new Response(JSON.stringify({ embedOrigins: unit.embedOrigins }));
};
