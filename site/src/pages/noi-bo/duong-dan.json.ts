import type { APIRoute } from 'astro';
import { routeOf } from '../../lib/page-routes.ts';
import { disclosurePath } from '../../../../schema/publishing/paths.ts';
import { portalData } from '../../lib/portal-data.ts';
import { listPagesShowing } from '../../lib/paging.ts';

/**
 * Every path of the citizen site, by route, for the publish consumer (functions/publish.ts):
 * a full publish renders them all, a change the ones its scope names (schema/publishing/publish-jobs.ts).
 * Each page module lists its own paths with `getStaticPaths` (lib/static-props.ts). This
 * route is rendered for the consumer only (with the rows left out because they fail their
 * schema, schema/publishing/publish.ts splitPublishable): it is never stored, and citizens' requests never
 * reach the site's renderer. The search page answers live and is not listed. `?ten=a,b` names
 * disclosures by slug: `showing` then lists the numbered list pages they are on.
 */
// The province's pages (../tinh/) belong to the province's host: noi-bo/duong-dan-tinh.json lists them.
const modules = import.meta.glob<{ getStaticPaths?: () => unknown }>(['../**/*.astro', '../**/*.ts', '!./**', '!../tim-kiem/**', '!../tinh/**'], { eager: true });

type Listed = { params: Record<string, string | number | undefined> }[];

export const GET: APIRoute = async ({ url }) => {
  const routes = [];
  for (const [file, mod] of Object.entries(modules)) {
    const route = routeOf(file);
    if (!route.includes('[')) {
      routes.push({ route, paths: [route] });
      continue;
    }
    const listed = ((await mod.getStaticPaths?.()) ?? []) as Listed;
    const paths = listed.map(({ params }) => route.replace(/\[([^\]]+)\]/g, (_, name: string) => String(params[name])));
    routes.push({ route, paths });
  }
  // Rows stored before a rule existed that fail it now: left out of every page, and named on the job.
  const { unpublishable, disclosures } = await portalData();
  const named = url.searchParams.get('ten')?.split(',').filter(Boolean) ?? [];
  const showing = named.length ? listPagesShowing(disclosures, named) : [];
  const left = unpublishable.map((row) => ({ path: disclosurePath(row), reason: `nội dung số ${row.id}: ${row.reason}` }));
  return new Response(JSON.stringify({ routes, left, showing }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
