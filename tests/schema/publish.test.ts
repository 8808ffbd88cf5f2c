import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { areaPages, pagesShowing, relatedDocuments, splitPublishable, type Citing } from '../../schema/publishing/publish.ts';
import { pathsOfScope, storageKey, type SiteRoute } from '../../schema/publishing/publish-jobs.ts';
import { requiredText } from '../../schema/core/text.ts';

// A small commune's documents: a plan, a report on it, a notice implementing both, an item
// without a number, and a decision that cites a number the portal does not hold.
const doc = (slug: string, documentNumber: string, cites: string[] = []): Citing => ({ slug, documentNumber, cites });
const plan = doc('ke-hoach-28', '28/KH-UBND');
const report = doc('bao-cao-78', '78/BC-UBND', ['28/KH-UBND']);
const notice = doc('thong-bao-31', '31/TB-UBND', ['28/KH-UBND', '78/BC-UBND']);
const unnumbered = doc('lich-cat-dien', '');
const decision = doc('quyet-dinh-5', '5/QĐ-UBND', ['99/NQ-HĐND']);
const all = [plan, report, notice, unnumbered, decision];

describe('pagesShowing', () => {
  describe.each([
    // The plan is cited by the report and the notice: both list it under "Văn bản liên quan".
    { changed: plan, expected: ['ke-hoach-28', 'bao-cao-78', 'thong-bao-31'] },
    // The report cites the plan (whose page lists it as citing) and is cited by the notice.
    { changed: report, expected: ['bao-cao-78', 'ke-hoach-28', 'thong-bao-31'] },
    // The notice cites both and nothing cites it.
    { changed: notice, expected: ['thong-bao-31', 'ke-hoach-28', 'bao-cao-78'] },
    // No number, no citations: no other page can show it.
    { changed: unnumbered, expected: ['lich-cat-dien'] },
    // Cites a number the portal does not hold: only its own page.
    { changed: decision, expected: ['quyet-dinh-5'] },
  ])('$changed.slug', ({ changed, expected }) => {
    it('names its own page and every page whose related documents show it', () => {
      expect(pagesShowing(changed, all).sort()).toEqual([...expected].sort());
    });
  });

  it('names more than the item itself when another page cites it', () => {
    expect(pagesShowing(plan, all)).not.toEqual([plan.slug]);
  });

  it('includes pages that showed the version before a renumbering', () => {
    // The plan was 27/KH-UBND, which the decision cited; now it is 28/KH-UBND.
    const before = doc('ke-hoach-28', '27/KH-UBND');
    const olderDecision = doc('quyet-dinh-4', '4/QĐ-UBND', ['27/KH-UBND']);
    const withOld = [...all, olderDecision];
    expect(pagesShowing(plan, withOld)).not.toContain('quyet-dinh-4');
    expect(pagesShowing([before, plan], withOld)).toContain('quyet-dinh-4');
  });

  it('agrees with the pages: every page whose related documents name X is in the scope of X', () => {
    for (const page of all) {
      const { cited, citedBy } = relatedDocuments(page, all);
      const shown = [...cited.flatMap((c) => (c.doc ? [c.doc] : [])), ...citedBy];
      for (const x of shown) expect(pagesShowing(x, all), `${page.slug} shows ${x.slug}`).toContain(page.slug);
    }
  });
});

describe('relatedDocuments', () => {
  it('lists cited numbers in order, linked when the portal holds them, and the documents citing it', () => {
    expect(relatedDocuments(notice, all)).toEqual({
      cited: [
        { number: '28/KH-UBND', doc: plan },
        { number: '78/BC-UBND', doc: report },
      ],
      citedBy: [],
    });
    expect(relatedDocuments(plan, all)).toEqual({ cited: [], citedBy: [report, notice] });
    expect(relatedDocuments(decision, all)).toEqual({ cited: [{ number: '99/NQ-HĐND', doc: undefined }], citedBy: [] });
  });

  it('never relates an item without a number to items with empty citations', () => {
    expect(relatedDocuments(unnumbered, all)).toEqual({ cited: [], citedBy: [] });
  });
});

describe('splitPublishable', () => {
  // Rows as the build reads them from D1: the second was stored before the control-character
  // rule (issue 16) and must not stop the build.
  const Row = z.object({ id: z.number(), slug: z.string(), title: requiredText('Tiêu đề', 300) });
  const good = { id: 1, slug: 'ke-hoach', title: 'Kế hoạch năm 2025' };
  const bad = { id: 2, slug: 'thong-bao', title: 'Thông\u0001 báo' };

  it('keeps the rows that pass the schema and leaves out the others with the reason', () => {
    const { publishable, left } = splitPublishable([good, bad], Row);
    expect(publishable).toEqual([good]);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: 2, slug: 'thong-bao' });
    expect(left[0]!.reason).toContain('Tiêu đề');
  });

  it('returns the rows themselves, not the parsed copies', () => {
    expect(splitPublishable([good], Row).publishable[0]).toBe(good);
  });
});

describe('pathsOfScope (what a publish job renders)', () => {
  const routes: SiteRoute[] = [
    { route: '/', paths: ['/'] },
    { route: '/cong-khai/', paths: ['/cong-khai/'] },
    { route: '/cong-khai/[slug]/', paths: ['/cong-khai/a/', '/cong-khai/b/'] },
    { route: '/cong-khai.xml', paths: ['/cong-khai.xml'] },
    { route: '/lich-tiep-cong-dan/', paths: ['/lich-tiep-cong-dan/'] },
    { route: '/lich-tiep-cong-dan/buoi/[key].ics', paths: ['/lich-tiep-cong-dan/buoi/x.ics'] },
    { route: '/lich-tiep-cong-dan.ics', paths: ['/lich-tiep-cong-dan.ics'] },
    { route: '/thong-ke/', paths: ['/thong-ke/'] },
    { route: '/lay-y-kien/[slug]/', paths: ['/lay-y-kien/c/'] },
    { route: '/du-lieu/[dataset].json', paths: ['/du-lieu/cong-khai.json'] },
  ];

  it('renders every path for a full publish', () => {
    expect(pathsOfScope(routes, { all: true })).toHaveLength(11);
  });

  it("renders a disclosure's own page first, then the pages of its area, and no other detail page", () => {
    expect(pathsOfScope(routes, { disclosures: ['b'], areas: ['disclosures'] })).toEqual([
      '/cong-khai/b/', '/', '/cong-khai/', '/cong-khai.xml', '/lay-y-kien/c/', '/du-lieu/cong-khai.json',
    ]);
  });

  it('renders the calendar, its feed and its session files for a reception change, and no disclosure page', () => {
    expect(pathsOfScope(routes, areaPages('reception'))).toEqual([
      '/', '/lich-tiep-cong-dan/', '/lich-tiep-cong-dan/buoi/x.ics', '/lich-tiep-cong-dan.ics', '/du-lieu/cong-khai.json',
    ]);
  });

  it('renders of the numbered list pages only the last two and those that show a named item', () => {
    const lists: SiteRoute[] = [
      ...routes,
      { route: '/cong-khai/trang/[page]/', paths: [1, 2, 3, 4, 5].map((n) => `/cong-khai/trang/${n}/`) },
      { route: '/cong-khai/danh-muc/[category]/trang/[page]/', paths: ['/cong-khai/danh-muc/x/trang/1/', '/cong-khai/danh-muc/x/trang/2/', '/cong-khai/danh-muc/x/trang/3/', '/cong-khai/danh-muc/y/trang/1/'] },
    ];
    const paths = pathsOfScope(lists, { disclosures: ['b'], areas: ['disclosures'] }, ['/cong-khai/trang/2/', '/cong-khai/danh-muc/x/trang/1/']);
    expect(paths.filter((p) => p.includes('/trang/'))).toEqual([
      '/cong-khai/trang/2/', '/cong-khai/trang/4/', '/cong-khai/trang/5/',
      '/cong-khai/danh-muc/x/trang/1/', '/cong-khai/danh-muc/x/trang/2/', '/cong-khai/danh-muc/x/trang/3/', '/cong-khai/danh-muc/y/trang/1/',
    ]);
    // An item moved out of category x: every page of x shifts.
    expect(pathsOfScope(lists, { disclosures: ['b'], areas: ['disclosures'], relist: ['x'] }).filter((p) => p.includes('/danh-muc/'))).toEqual([
      '/cong-khai/danh-muc/x/trang/1/', '/cong-khai/danh-muc/x/trang/2/', '/cong-khai/danh-muc/x/trang/3/', '/cong-khai/danh-muc/y/trang/1/',
    ]);
    // A full publish renders them all.
    expect(pathsOfScope(lists, { all: true }).filter((p) => p.includes('/trang/'))).toHaveLength(9);
  });

  it('renders every area, but no unnamed detail page, for a scope that names no area', () => {
    const paths = pathsOfScope(routes, { disclosures: [] });
    expect(paths).toContain('/thong-ke/');
    expect(paths).toContain('/lich-tiep-cong-dan.ics');
    expect(paths).not.toContain('/cong-khai/a/');
  });
});

describe('storageKey', () => {
  it.each([
    ['/', 'index.html'],
    ['/cong-khai/', 'cong-khai/index.html'],
    ['/cong-khai.xml', 'cong-khai.xml'],
    ['/lich-tiep-cong-dan/buoi/tiep-cong-dan-2026-12-03.ics', 'lich-tiep-cong-dan/buoi/tiep-cong-dan-2026-12-03.ics'],
  ])('stores %s as %s', (path, key) => {
    expect(storageKey(path)).toBe(key);
  });
});
