import { describe, expect, it } from 'vitest';
import {
  activityPath, boardPath, categoryFeedPath, categoryPath, consultationPath, datasetPath, decisionMatterPath, decisionPath, disclosurePath,
  DISCLOSURES_PATH, embedPath, listPagePath, procedureReportPath, RECEPTION_CALENDAR_PATH, RECEPTION_FEED_PATH, receptionSessionIcsPath,
  receptionSessionPath, RESERVED_DISCLOSURE_SLUGS, searchPath,
} from '../../schema/publishing/paths.ts';

// Vite's import.meta.glob, declared here rather than pulling in all of vite/client's types.
declare global {
  interface ImportMeta {
    glob(pattern: string): Record<string, () => Promise<unknown>>;
  }
}

describe('RESERVED_DISCLOSURE_SLUGS', () => {
  it('names every path segment the site uses directly under /cong-khai/', () => {
    // Vite lists the page files when it compiles this test, so a new folder under
    // site/src/pages/cong-khai/ fails here until it is reserved.
    const pages = Object.keys(import.meta.glob('../../site/src/pages/cong-khai/**/*.{astro,ts}'));
    const segments = new Set(pages.map((p) => p.replace('../../site/src/pages/cong-khai/', '').split('/')[0]!.replace(/\.(astro|ts)$/, '')));
    // index.astro is /cong-khai/ itself and [slug] is the disclosure page, not a segment.
    segments.delete('index');
    segments.delete('[slug]');
    expect(segments.size).toBeGreaterThan(0);
    expect([...segments].sort()).toEqual([...RESERVED_DISCLOSURE_SLUGS].sort());
  });
});

describe('schema/publishing/paths.ts', () => {
  // Each page file as the address it serves: `[x]` is one segment, index.astro the folder itself,
  // other .astro files their folder (`trang/[page].astro` is /trang/2/), endpoints their name.
  const routes = Object.keys(import.meta.glob('../../site/src/pages/**/*.{astro,ts}')).map((file) => {
    const path = file.replace('../../site/src/pages', '').replace(/\/index\.astro$/, '/').replace(/\.astro$/, '/').replace(/\.ts$/, '');
    return new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\[[^\]]+\]/g, '[^/]+')}$`);
  });
  const served = (url: string) => routes.some((route) => route.test(url.replace(/[?#].*$/, '')));

  // Each builder with an example value; the page that serves it must exist, so renaming a route
  // folder without its builder (or the other way round) fails here.
  it.each([
    disclosurePath({ slug: 'ke-hoach-so-12' }),
    DISCLOSURES_PATH,
    listPagePath(DISCLOSURES_PATH, 2),
    categoryPath({ slug: 'ngan-sach' }),
    listPagePath(categoryPath({ slug: 'ngan-sach' }), 3),
    categoryFeedPath({ slug: 'ngan-sach' }),
    decisionPath({ slug: 'hop-dan' }),
    decisionMatterPath('huong_uoc'),
    boardPath({ slug: 'ban-thanh-tra-nhan-dan' }),
    activityPath({ slug: 'ke-hoach-giam-sat' }),
    consultationPath({ slug: 'du-thao-quy-hoach' }),
    procedureReportPath({ kind: 'quarter', year: 2026, number: 1 }),
    datasetPath('cong-khai', 'csv'),
    datasetPath('cong-khai', 'json'),
    embedPath('lich-tiep-cong-dan'),
    searchPath('ngân sách', 2),
    RECEPTION_CALENDAR_PATH,
    RECEPTION_FEED_PATH,
    receptionSessionPath('2026-12-03'),
    receptionSessionIcsPath('tiep-cong-dan-2026-12-03.ics'),
  ])('%s is a page of the site', (url) => {
    expect(served(url)).toBe(true);
  });

  it('numbers list pages from 2; page 1 is the list itself', () => {
    expect(listPagePath('/cong-khai/', 1)).toBe('/cong-khai/trang/1/');
    expect(listPagePath('/cong-khai/danh-muc/ngan-sach/', 2)).toBe('/cong-khai/danh-muc/ngan-sach/trang/2/');
  });

  it('encodes the search query and leaves page 1 out', () => {
    expect(searchPath('ngân sách')).toBe('/tim-kiem/?q=ng%C3%A2n%20s%C3%A1ch');
    expect(searchPath('a&b', 2)).toBe('/tim-kiem/?q=a%26b&trang=2');
  });
});
