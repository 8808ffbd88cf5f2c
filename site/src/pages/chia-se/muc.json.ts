import type { APIRoute } from 'astro';
import { committeeName } from '../../../../schema/unit.ts';
import { portalData } from '../../lib/portal-data.ts';
import { siteOrigin } from '../../lib/site-url.ts';

/** Read by scripts/post-build.ts to draw one share image per section, then removed. */
export const SECTIONS = {
  home: 'Công khai thông tin',
  'cong-khai': 'Công khai thông tin',
  'lich-tiep-cong-dan': 'Lịch tiếp công dân',
  'ke-hoach': 'Kế hoạch',
  'bao-cao': 'Báo cáo',
  'thong-ke': 'Thống kê',
  'tim-kiem': 'Tìm kiếm',
  'du-lieu': 'Dữ liệu mở',
} as const;

export const GET: APIRoute = async ({ site }) => {
  const { unit } = await portalData();
  return new Response(JSON.stringify({ publisher: committeeName(unit), host: new URL(siteOrigin(site, unit)).host, sections: SECTIONS }));
};
