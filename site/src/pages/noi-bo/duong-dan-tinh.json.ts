import type { APIRoute } from 'astro';
import { routeOf } from '../../lib/page-routes.ts';

/**
 * Every path of the province's pages (pages/tinh/), for the publish consumer: it renders each
 * and serves it on the province's host with the `/tinh` prefix stripped. A page with parameters
 * lists its paths with `getStaticPaths`, as the commune's pages do (noi-bo/duong-dan.json). Never
 * stored, like noi-bo/duong-dan.json.
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
  return new Response(JSON.stringify(paths.sort()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
