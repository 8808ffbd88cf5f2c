import type { APIRoute } from 'astro';
import { xmlSafe } from '../../../schema/core/text.ts';
import { DECISION_MATTER_CODES } from '../../../schema/community/decision.ts';
import {
  activityPath,
  boardPath,
  categoryPath,
  consultationPath,
  decisionMatterPath,
  decisionPath,
  disclosurePath,
  DISCLOSURES_PATH,
  listPagePath,
  procedureReportPath,
} from '../../../schema/publishing/paths.ts';
import { todayInVietnam } from '../../../schema/core/dates.ts';
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
    ...numberedPages(disclosures).map((_, i) => listPagePath(DISCLOSURES_PATH, i + 1)),
    ...categories.map(categoryPath),
    ...disclosures.map((d) => disclosurePath(d)),
    ...procedureReports.map((r) => procedureReportPath(r.period)),
    '/lay-y-kien/',
    ...consultations.map((c) => consultationPath(c.consultation)),
    '/nhan-dan-quyet-dinh/', '/giam-sat/',
    ...DECISION_MATTER_CODES.map(decisionMatterPath),
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
