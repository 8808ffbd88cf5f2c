import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detailPageFilter, mergeScopes, pagesShowing, relatedDocuments, splitPublishable, type Citing } from '../../schema/publish.ts';
import { parseSiteStamp, siteBehind } from '../../schema/publish-state.ts';
import { requiredText } from '../../schema/text.ts';

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

describe('mergeScopes', () => {
  it.each([
    // Nothing pending: the new scope as it is.
    { a: null, b: { disclosures: ['a'] }, expected: { disclosures: ['a'] } },
    // Two incremental publishes: the union of their pages.
    { a: { disclosures: ['a', 'b'] }, b: { disclosures: ['b', 'c'] }, expected: { disclosures: ['a', 'b', 'c'] } },
    // Anything merged with a full publish is a full publish.
    { a: { disclosures: ['a'] }, b: { all: true as const }, expected: { all: true } },
    { a: { all: true as const }, b: { disclosures: [] }, expected: { all: true } },
  ])('$a + $b', ({ a, b, expected }) => {
    expect(mergeScopes(a, b)).toEqual(expected);
  });
});

describe('detailPageFilter', () => {
  const item = (slug: string, updatedAt: string) => ({ slug, updatedAt });
  it('renders every detail page without a plan or with a full scope', () => {
    expect(detailPageFilter(null)).toBeNull();
    expect(detailPageFilter({ scope: { all: true }, since: '', previous: '' })).toBeNull();
  });
  it('renders the named pages and those changed since the previous build began', () => {
    const render = detailPageFilter({ scope: { disclosures: ['a'] }, since: '2026-01-02T00:00:00.000Z', previous: '/tmp/x' })!;
    expect(render(item('a', '2025-01-01T00:00:00.000Z'))).toBe(true);
    expect(render(item('b', '2026-01-02T00:00:01.000Z'))).toBe(true);
    expect(render(item('c', '2026-01-01T23:59:59.000Z'))).toBe(false);
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

describe('siteBehind (a production build that failed after its hook accepted the call)', () => {
  const accepted = '2026-11-27T03:00:00.000Z';
  const minutesAfter = (m: number) => new Date(Date.parse(accepted) + m * 60_000).toISOString();
  it.each([
    ['nothing was ever published', null, { readAt: '2026-11-27T02:00:00.000Z' }, 60, false],
    ['the build may still be running (19 min)', accepted, { readAt: '2026-11-27T02:00:00.000Z' }, 19, false],
    ['no build read D1 after the call (21 min)', accepted, { readAt: '2026-11-27T02:00:00.000Z' }, 21, true],
    ['a build read D1 after the call', accepted, { readAt: '2026-11-27T03:00:40.000Z' }, 60, false],
    ['the served site carries no stamp', accepted, null, 21, true],
  ] as const)('%s', (_name, lastSuccessAt, stamp, minutes, expected) => {
    expect(siteBehind({ lastSuccessAt }, stamp, minutesAfter(minutes))).toBe(expected);
  });
});

describe('parseSiteStamp (the /phien-ban.json a build writes and the admin reads back)', () => {
  const readAt = '2026-11-27T03:00:40.000Z';
  const left = { id: 4242, slug: 'tieu-de-hong', reason: 'Tiêu đề chứa ký tự điều khiển U+0001.' };
  it.each([
    ['a stamp naming a row the build left out', { readAt, unpublishable: [left] }, { readAt, unpublishable: [left] }],
    ['a stamp from a build that left nothing out', { readAt, unpublishable: [] }, { readAt, unpublishable: [] }],
    // Sites built before the stamp carried the list: nothing is known to be left out.
    ['a stamp written before the list existed', { readAt }, { readAt, unpublishable: [] }],
    ['a stamp without its time', { unpublishable: [left] }, null],
    ['a row without its reason', { readAt, unpublishable: [{ id: 1, slug: 'a' }] }, null],
    ['not a stamp at all', 'Không tìm thấy trang', null],
  ] as const)('%s', (_name, body, expected) => {
    expect(parseSiteStamp(body)).toEqual(expected);
  });
});
