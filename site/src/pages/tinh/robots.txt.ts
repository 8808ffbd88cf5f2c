import type { APIRoute } from 'astro';

// The province host's robots.txt (served at its root): every page may be indexed but the
// province administrator's; the live search answers per query and is not worth crawling.
export const GET: APIRoute = () =>
  new Response(['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', 'Disallow: /tim-kiem/', ''].join('\n'), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
