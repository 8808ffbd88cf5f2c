import type { APIRoute } from 'astro';

/**
 * Every path of the province's pages (pages/tinh/), for the publish consumer: it renders each
 * and serves it on the province's host with the `/tinh` prefix stripped. The province's pages
 * take no parameters, so their routes are their paths. Never stored, like noi-bo/duong-dan.json.
 */
const modules = import.meta.glob(['../tinh/**/*.astro', '../tinh/**/*.ts']);

/** '../tinh/thu-tuc/index.astro' → '/tinh/thu-tuc/'; '../tinh/du-lieu/thu-tuc.csv.ts' → '/tinh/du-lieu/thu-tuc.csv'. */
function routeOf(file: string): string {
  const path = file.replace(/^\.\.\//, '/');
  if (path.endsWith('.astro')) {
    const page = path.replace(/\.astro$/, '').replace(/(^|\/)index$/, '$1');
    return page.endsWith('/') ? page : `${page}/`;
  }
  return path.replace(/\.ts$/, '');
}

export const GET: APIRoute = () => {
  const paths = Object.keys(modules).map(routeOf).sort();
  if (paths.some((p) => p.includes('['))) throw new Error('A province page with parameters needs its paths listed here.');
  return new Response(JSON.stringify(paths), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
