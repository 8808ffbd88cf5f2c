import type { APIRoute } from 'astro';
import { routeOf } from '../../lib/page-routes.ts';
import { provinceData } from '../../lib/province-data.ts';
import { boardYears } from '../../../../schema/province/province-view.ts';
import { PROVINCE_STAMP_HEADER } from '../../../../schema/publishing/publish-jobs.ts';

/**
 * Every path of the province's pages (pages/tinh/), for the publish consumer: it renders each
 * and serves it on the province's host with the `/tinh` prefix stripped. A page with parameters
 * lists its paths with `getStaticPaths`, as the commune's pages do (noi-bo/duong-dan.json). Never
 * stored, like noi-bo/duong-dan.json. Its stamp header names what every page depends on besides the
 * communes' rollups (the day, the duty board's years, the registry): the consumer renders every
 * page when it differs from the last render's, else only what changed (functions/publish.ts).
 */
// The search page answers live on the province's host (functions/worker.ts): never stored.
const modules = import.meta.glob<{ getStaticPaths?: () => unknown }>(['../tinh/**/*.astro', '../tinh/**/*.ts', '!../tinh/tim-kiem/**'], { eager: true });

type Listed = { params: Record<string, string | number | undefined> }[];

export const GET: APIRoute = async () => {
  const paths: string[] = [];
  for (const [file, mod] of Object.entries(modules)) {
    const route = routeOf(file);
    if (!route.includes('[')) {
      paths.push(route);
      continue;
    }
    const listed = ((await mod.getStaticPaths?.()) ?? []) as Listed;
    paths.push(...listed.map(({ params }) => route.replace(/\[([^\]]+)\]/g, (_, name: string) => String(params[name]))));
  }
  const { province, communes, today } = await provinceData();
  const stamp = `${today} ${boardYears(communes, today).join(',')} ${await registryDigest(JSON.stringify(province))}`;
  return new Response(JSON.stringify(paths.sort()), { headers: { 'Content-Type': 'application/json; charset=utf-8', [PROVINCE_STAMP_HEADER]: stamp } });
};

/** A short digest of the registry: a commune added, renamed or given another host changes every page's links or lists. */
async function registryDigest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
