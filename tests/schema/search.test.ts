import { describe, expect, it } from 'vitest';
import {
  EXCERPT_LENGTH,
  excerptOf,
  foldForSearch,
  markTerms,
  MAX_QUERY_WORDS,
  searchTerms,
  type MarkedText,
} from '../../schema/publishing/search.ts';

/** The marked words of a text, as the page would wrap them in <mark>. */
const marked = ({ text, marks }: MarkedText) => marks.map(({ start, end }) => text.slice(start, end));

/** Whether every word of `query` is a word of `text`, as the index compares them. */
const matches = (query: string, text: string) => {
  const terms = searchTerms(query);
  return terms.length > 0 && new Set(marked(markTerms(text, terms))).size > 0 && terms.every((t) => searchTerms(text).includes(t));
};

describe('foldForSearch', () => {
  // Each row: the letters of one vowel of the Vietnamese alphabet with its five tones (huyền,
  // sắc, hỏi, ngã, nặng), lower and upper case, as Unicode precomposes them (U+00C0–U+1EF9).
  describe.each([
    ['a', 'aàáảãạAÀÁẢÃẠ'],
    ['ă', 'ăằắẳẵặĂẰẮẲẴẶ'],
    ['â', 'âầấẩẫậÂẦẤẨẪẬ'],
    ['e', 'eèéẻẽẹEÈÉẺẼẸ'],
    ['ê', 'êềếểễệÊỀẾỂỄỆ'],
    ['i', 'iìíỉĩịIÌÍỈĨỊ'],
    ['o', 'oòóỏõọOÒÓỎÕỌ'],
    ['ô', 'ôồốổỗộÔỒỐỔỖỘ'],
    ['ơ', 'ơờớởỡợƠỜỚỞỠỢ'],
    ['u', 'uùúủũụUÙÚỦŨỤ'],
    ['ư', 'ưừứửữựƯỪỨỬỮỰ'],
    ['y', 'yỳýỷỹỵYỲÝỶỸỴ'],
  ])('the vowel %s', (vowel, letters) => {
    it('folds each of its twelve letters to one plain lower-case letter', () => {
      const base = vowel.normalize('NFD')[0]!;
      expect(letters).toHaveLength(12);
      expect(foldForSearch(letters)).toBe(base.repeat(12));
    });
  });

  it('folds đ and Đ to d, which Unicode cannot decompose', () => {
    expect(foldForSearch('đất Đai')).toBe('dat dai');
  });

  it('keeps the length of the text, so an offset in the folded text is the same offset in the original', () => {
    const text = 'Thông báo: QUY HOẠCH sử dụng đất đai – năm 2025 (28/KH-UBND) 😀 한국';
    const folded = foldForSearch(text);
    expect(folded).toHaveLength(text.length);
    const at = folded.indexOf('quy hoach');
    expect(text.slice(at, at + 'quy hoach'.length)).toBe('QUY HOẠCH');
    // Not a diacritic: a Hangul syllable decomposes into other letters, and stays as it is.
    expect(folded.endsWith('한국')).toBe(true);
  });

  it('takes NFD input as its NFC form', () => {
    const nfd = 'Quy hoạch đất đai'.normalize('NFD');
    expect(nfd.length).toBeGreaterThan('Quy hoạch đất đai'.length);
    expect(foldForSearch(nfd)).toBe('quy hoach dat dai');
  });
});

describe('searchTerms and markTerms', () => {
  it.each([
    // The examples of the search page's hint (site/src/pages/tim-kiem/index.astro).
    ['quy hoach', 'Thông báo Quy hoạch sử dụng đất', ['Quy', 'hoạch']],
    ['dat dai', 'Giao đất đai cho hộ gia đình', ['đất', 'đai']],
    ['tiếp công dân', 'Lịch TIẾP CÔNG DÂN tháng 6', ['TIẾP', 'CÔNG', 'DÂN']],
    ['28/KH-UBND', 'Kế hoạch số 28/KH-UBND', ['28', 'KH', 'UBND']],
    // NFD input, as some keyboards and pastes give it.
    ['Quy hoạch'.normalize('NFD'), 'quy hoạch chung', ['quy', 'hoạch']],
  ])('"%s" matches "%s"', (query, text, words) => {
    expect(matches(query, text)).toBe(true);
    expect(marked(markTerms(text, searchTerms(query)))).toEqual(words);
  });

  it('matches whole words only, as the index does: "quy" is not "quyết"', () => {
    expect(matches('quy', 'Quyết định số 12')).toBe(false);
  });

  it.each([[''], ['   '], ['"'], ['*'], ['-'], ['" * - ( ) ^ : +']])('%j has no word to search', (query) => {
    expect(searchTerms(query)).toEqual([]);
  });

  it('keeps only letters and digits of FTS5 syntax', () => {
    expect(searchTerms('"quy hoạch" NEAR(đất* -rừng)')).toEqual(['quy', 'hoach', 'near', 'dat', 'rung']);
  });

  it(`searches the first ${MAX_QUERY_WORDS} words of a long query`, () => {
    expect(searchTerms('đất '.repeat(200))).toHaveLength(MAX_QUERY_WORDS);
  });
});

describe('excerptOf', () => {
  const filler = 'Ủy ban nhân dân xã thông báo đến toàn thể Nhân dân được biết. '.repeat(5);
  const text = `${filler}Nội dung quy hoạch sử dụng đất đến năm 2030 của xã. ${filler}`;

  it('shows about 160 characters of the item\'s own words around the first match, cut at spaces', () => {
    const excerpt = excerptOf(text, searchTerms('quy hoach'));
    expect(excerpt.text.startsWith('… ')).toBe(true);
    expect(excerpt.text.endsWith(' …')).toBe(true);
    // EXCERPT_LENGTH (160) of the text, plus "… " and " …".
    expect(excerpt.text.length).toBeLessThanOrEqual(EXCERPT_LENGTH + 4);
    expect(excerpt.text.length).toBeGreaterThan(120);
    expect(marked(excerpt)).toEqual(['quy', 'hoạch']);
    // Whole words at both ends: after "… " and before " …" the text is words of the original.
    const inner = excerpt.text.slice(2, -2);
    expect(text.replace(/\s+/g, ' ')).toContain(inner);
    expect(text).toMatch(new RegExp(`(^|\\s)${inner.split(' ')[0]}\\s`));
  });

  it('looks for the words together first, then for any of them', () => {
    const twice = `Hoạch toán thu chi. ${filler}Quy hoạch chung của xã.`;
    const excerpt = excerptOf(twice, searchTerms('quy hoạch'));
    expect(excerpt.text).toContain('Quy hoạch chung');
  });

  it('starts at the beginning when the item matched by its title only', () => {
    const excerpt = excerptOf('Tóm tắt ngắn.', searchTerms('quy hoach'));
    expect(excerpt).toEqual({ text: 'Tóm tắt ngắn.', marks: [] });
  });

  it('collapses line breaks, and marks are ranges of the excerpt, never HTML', () => {
    const excerpt = excerptOf('Dòng một <b>\n\nđất đai</b> dòng hai', searchTerms('dat'));
    expect(excerpt.text).toBe('Dòng một <b> đất đai</b> dòng hai');
    expect(marked(excerpt)).toEqual(['đất']);
  });
});
