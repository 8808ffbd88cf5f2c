import { describe, expect, it } from 'vitest';
import { listPagesShowing, numberedPages, pageCount, pageOfIndex } from '../../site/src/lib/paging.ts';

// Items named by their age: 1 is the oldest. Lists are given newest first, as the site lists them.
const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);

describe('numberedPages (pages numbered from the oldest item)', () => {
  it.each([
    // Up to 20 items the list's own URL shows them all: no numbered page.
    [20, []],
    // 21 items: page 1 the 20 oldest (newest first), page 2 the newest one.
    [21, [[20, 1], [21, 21]]],
    [45, [[20, 1], [40, 21], [45, 41]]],
  ])('%i items', (n, expected) => {
    const pages = numberedPages(newestFirst(n));
    expect(pages.map((p) => [p[0], p.at(-1)])).toEqual(expected);
    expect(pages).toHaveLength(pageCount(n));
  });

  it('keeps every page but the last as it was when an item is added', () => {
    const before = numberedPages(newestFirst(45));
    const after = numberedPages(newestFirst(46));
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after.at(-1)).toEqual([46, 45, 44, 43, 42, 41]);
  });

  it('names the page each item is on', () => {
    const list = newestFirst(45);
    const pages = numberedPages(list);
    list.forEach((item, i) => expect(pages[pageOfIndex(i, list.length) - 1]).toContain(item));
  });
});

describe('listPagesShowing', () => {
  it('names the page of the whole list and of the item’s category', () => {
    // 30 items, newest first; every third in category "b".
    const items = newestFirst(30).map((n) => ({ slug: `muc-${n}`, category: n % 3 === 0 ? 'b' : 'a' }));
    // muc-3 is the 3rd oldest: page 1 of all; in "b" (10 items) the list's own URL shows it.
    expect(listPagesShowing(items, ['muc-3'])).toEqual(['/cong-khai/trang/1/']);
    // muc-25: page 2 of all; category "a" holds 20 items, no numbered page.
    expect(listPagesShowing(items, ['muc-25'])).toEqual(['/cong-khai/trang/2/']);
  });
});
