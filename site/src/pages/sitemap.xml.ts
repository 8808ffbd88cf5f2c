import type { APIRoute } from 'astro';
import { periodKey } from '../../../schema/period.ts';
import { xmlSafe } from '../../../schema/text.ts';
import { DECISION_MATTER_CODES, MATTER_SLUGS } from '../../../schema/decision.ts';
import { activityPath, boardPath, consultationPath, decisionPath, disclosurePath } from '../../../schema/paths.ts';
import { todayInVietnam } from '../../../schema/dates.ts';
import { portalData } from '../lib/portal-data.ts';
import { numberedPages } from '../lib/paging.ts';
import { absoluteUrl, siteOrigin } from '../lib/site-url.ts';

/**
 * Every public page, built from the same data as the pages themselves. Hand-written: the
 * official sitemap integration only sees routes after the build and needs `site` at config time,
 * while the public origin here comes from the unit configuration in D1.
 */
export const GET: APIRoute = async ({ site }) => {
  const { unit, disclosures, categories, procedureReports, consultations, community } = await portalData();
  const origin = siteOrigin(site, unit);
  const paths = [
    '/', '/cong-khai/', '/lich-tiep-cong-dan/', '/ke-hoach/', '/bao-cao/', '/thong-ke/', '/thong-ke/thu-tuc-hanh-chinh/', '/thong-ke/don-thu/', '/du-lieu/', '/tim-kiem/',
    ...numberedPages(disclosures).map((_, i) => `/cong-khai/trang/${i + 1}/`),
    ...categories.map((c) => `/cong-khai/danh-muc/${c.slug}/`),
    ...disclosures.map((d) => disclosurePath(d)),
    ...procedureReports.map((r) => `/thong-ke/thu-tuc-hanh-chinh/${periodKey(r.period)}/`),
    '/lay-y-kien/',
    ...consultations.map((c) => consultationPath(c.consultation)),
    '/nhan-dan-quyet-dinh/', '/giam-sat/',
    ...DECISION_MATTER_CODES.map((m) => `/nhan-dan-quyet-dinh/noi-dung/${MATTER_SLUGS[m]}/`),
    ...community.decisions.map(decisionPath),
    ...community.boards.map(boardPath),
    ...community.activities.map(activityPath),
  ];
  const lastmod = new Map(disclosures.map((d) => [disclosurePath(d), todayInVietnam(new Date(d.updatedAt))]));
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${paths.map((p) => `<url><loc>${escapeXml(absoluteUrl(origin, p))}</loc>${lastmod.has(p) ? `<lastmod>${lastmod.get(p)}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
  return new Response(xmlSafe(body), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};

/** The configured base URL may carry a query ("?a=1&b=2"), whose "&" XML must see escaped. */
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
