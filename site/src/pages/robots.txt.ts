import type { APIRoute } from 'astro';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

export const GET: APIRoute = async ({ site }) => {
  const { unit } = await portalData();
  const body = ['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', 'Disallow: /nhung/', '', `Sitemap: ${siteOrigin(site, unit)}/sitemap.xml`, ''].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
