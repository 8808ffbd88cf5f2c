import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { DisclosureSchema, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { atomFeed, disclosureEntry, recordEntry, type AtomFeed } from '../../site/src/lib/atom.ts';

/**
 * The Atom feeds stay well-formed XML whatever a stored title holds. Validation refuses control
 * characters now, but rows stored before that rule (or written into D1 by hand) still reach
 * the feed writer. saxes is a conforming XML 1.0 parser: unlike sax, it refuses any character
 * outside the `Char` production, as feed readers do.
 */

const stored = DisclosureSchema.parse({
  id: 1, slug: 'cong-khai-du-toan-2025', documentType: 'QĐ', status: 'published', version: 1,
  createdAt: '2025-01-10T01:00:00.000Z', updatedAt: '2025-01-10T01:00:00.000Z', publishedAt: '2025-01-10T01:00:00.000Z',
  withdrawnAt: null, withdrawalReason: null, lastEditorId: 1,
  title: 'Công khai dự toán ngân sách năm 2025', category: 'ngan-sach', documentNumber: '15/QĐ-UBND', issuedOn: '2025-01-10',
  issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Dự toán thu, chi ngân sách.', channels: ['portal'], postingStart: '2025-01-10', permanent: true,
});

/** Element texts and link targets of the document, or the first well-formedness error. */
function parseXml(xml: string): { error: string | null; texts: Record<string, string[]>; links: string[] } {
  const parser = new SaxesParser();
  const texts: Record<string, string[]> = {};
  const links: string[] = [];
  const open: string[] = [];
  let error: string | null = null;
  parser.on('error', (e) => (error ??= e.message));
  parser.on('opentag', (tag) => {
    open.push(tag.name);
    if (tag.name === 'link') links.push(`${open.join('/')} ${String(tag.attributes.href)}`);
  });
  parser.on('closetag', () => open.pop());
  const add = (text: string) => {
    const name = open.join('/');
    if (text.trim()) (texts[name] ??= []).push(text);
  };
  parser.on('text', add);
  parser.on('cdata', add);
  parser.write(xml).close();
  return { error, texts, links };
}

const options = { title: 'Công khai thông tin', path: '/cong-khai.xml', listPath: '/cong-khai/', origin: 'https://example.vn', publisher: 'Ủy ban nhân dân thị trấn Bình Dương', demo: false };
const feed = (items: Disclosure[], over: Partial<AtomFeed> = {}) => atomFeed({ ...options, entries: items.map(disclosureEntry), ...over });

describe('atomFeed with disclosures', () => {
  it.each([
    ['U+0001 in a title', { title: 'Công khai\u0001 dự toán' }, 'Công khai\uFFFD dự toán (15/QĐ-UBND)'],
    ['NUL in a title', { title: 'Công khai\u0000 dự toán' }, 'Công khai\uFFFD dự toán (15/QĐ-UBND)'],
    ['a lone surrogate in a title', { title: 'Công khai \ud800' }, 'Công khai \uFFFD (15/QĐ-UBND)'],
  ])('is well-formed XML with %s, which shows as U+FFFD', (_, over, title) => {
    const { error, texts } = parseXml(feed([{ ...stored, ...over }]));
    expect(error).toBeNull();
    // Compared as JSON, which escapes a lone surrogate: vitest cannot report a failure that holds one.
    expect(JSON.stringify(texts['feed/entry/title'])).toBe(JSON.stringify([title]));
  });

  it('keeps markup in a title as text', () => {
    const { error, texts } = parseXml(feed([{ ...stored, title: 'Dự toán <b> & "chi" ]]> năm 2025' }]));
    expect(error).toBeNull();
    expect(texts['feed/entry/title']?.join('')).toBe('Dự toán <b> & "chi" ]]> năm 2025 (15/QĐ-UBND)');
  });

  it('keeps a withdrawn item as the same entry, marked withdrawn with its reason', () => {
    const withdrawn = { ...stored, status: 'withdrawn' as const, updatedAt: '2025-02-01T02:00:00.000Z', withdrawnAt: '2025-02-01T02:00:00.000Z', withdrawalReason: 'Đã thay bằng Quyết định số 20/QĐ-UBND' };
    const { error, texts } = parseXml(feed([withdrawn]));
    expect(error).toBeNull();
    expect(texts['feed/entry/id']).toEqual(['https://example.vn/cong-khai/cong-khai-du-toan-2025/']);
    expect(texts['feed/entry/title']).toEqual(['Đã thu hồi: Công khai dự toán ngân sách năm 2025 (15/QĐ-UBND)']);
    expect(texts['feed/entry/updated']).toEqual(['2025-02-01T02:00:00.000Z']);
    expect(texts['feed/entry/summary']?.join('')).toContain('Đã thu hồi lúc 09:00, 01/02/2025. Lý do: Đã thay bằng Quyết định số 20/QĐ-UBND.');
  });
});

/**
 * Issue 22.10: the `feed` library wrapped titles in CDATA and split only the first "]]>", so a
 * title with two broke /cong-khai.xml and another injected a <link> of its choice. Every feed
 * is written by atomFeed; each hostile title must come back as the exact text, with no element
 * added to the entry.
 */
describe('atomFeed with hostile titles', () => {
  const HOSTILE = [
    ['one terminator', 'Dự toán ]]> năm 2025'],
    ['two terminators', 'A ]]> B ]]> C'],
    ['a terminator then an injected link', 'Tin ]]></title><link rel="alternate" href="https://evil.example/x"/><title><![CDATA[ giả'],
    ['an opening CDATA and entities', '<![CDATA[ &amp; &lt;b&gt; ]]]]>'],
    ['a closing feed tag', '</entry></feed><feed>'],
  ];

  it.each(HOSTILE)('a disclosure title with %s stays text in a well-formed feed', (_what, title) => {
    const { error, texts, links } = parseXml(feed([{ ...stored, title }, { ...stored, id: 2, slug: 'khac', title: 'Tin thứ hai' }]));
    expect(error).toBeNull();
    expect(texts['feed/entry/title']).toEqual([`${title} (15/QĐ-UBND)`, 'Tin thứ hai (15/QĐ-UBND)']);
    expect(links).toEqual([
      'feed/link https://example.vn/cong-khai/',
      'feed/link https://example.vn/cong-khai.xml',
      'feed/entry/link https://example.vn/cong-khai/cong-khai-du-toan-2025/',
      'feed/entry/link https://example.vn/cong-khai/khac/',
    ]);
  });

  it.each(HOSTILE)('a record title, summary and withdrawal reason with %s stay text', (_what, hostile) => {
    const record = {
      path: '/nhan-dan-quyet-dinh/hop-dan/', title: hostile, summary: hostile, status: 'withdrawn', updatedAt: '2025-02-01T02:00:00.000Z',
      publishedAt: '2025-01-10T01:00:00.000Z', createdAt: '2025-01-10T01:00:00.000Z', withdrawnAt: '2025-02-01T02:00:00.000Z', withdrawalReason: hostile,
    };
    const { error, texts, links } = parseXml(atomFeed({ ...options, title: hostile, publisher: hostile, entries: [recordEntry(record)] }));
    expect(error).toBeNull();
    expect(texts['feed/title']).toEqual([hostile]);
    expect(texts['feed/author/name']).toEqual([hostile]);
    expect(texts['feed/entry/title']).toEqual([`Đã thu hồi: ${hostile}`]);
    expect(texts['feed/entry/summary']).toEqual([`Đã thu hồi lúc 09:00, 01/02/2025. Lý do: ${hostile}. Nội dung cũ: ${hostile}`]);
    expect(links).toHaveLength(3);
  });
});

describe('atomFeed in demo mode (issue 21.7)', () => {
  it('marks the feed title "Dữ liệu minh họa" while the unit shows illustration data, and not otherwise', () => {
    expect(parseXml(feed([stored], { demo: true })).texts['feed/title']).toEqual(['Dữ liệu minh họa – Công khai thông tin']);
    expect(parseXml(feed([stored])).texts['feed/title']).toEqual(['Công khai thông tin']);
  });
});
