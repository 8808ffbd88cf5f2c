/**
 * Citizen search, the pure part: folding text so that "quy hoach" finds "Quy hoạch" and "dat dai"
 * finds "đất đai", the words of a query, and excerpts in the item's own words with the matched
 * words marked. The index and all its SQL: schema/publishing/search.db.ts.
 */
import type { RecordSearchKind } from '../lifecycle/record-kinds.ts';

/**
 * The kinds of public record the index holds, with the label a result shows (as the Pagefind index
 * had them): one per registered record kind, by its search code (schema/lifecycle/record-kinds.ts). A kind
 * registered without a label here, or without its SELECT in schema/publishing/search.db.ts, does not compile.
 */
export const SEARCH_KINDS = {
  disclosure: 'Công khai',
  decision: 'Nhân dân quyết định',
  board: 'Giám sát',
  activity: 'Giám sát',
  consultation: 'Lấy ý kiến',
} as const satisfies Record<RecordSearchKind, string>;
export type SearchKind = RecordSearchKind;

/**
 * How a result matched, most exact first: the words together as typed, every word, or only
 * some of them (shown, as the Pagefind page did, as "có một phần từ cần tìm").
 */
export const SEARCH_MATCHES = { phrase: 'Đúng cụm từ cần tìm', all: 'Có đủ các từ cần tìm', some: 'Có một phần từ cần tìm' } as const;
export type SearchMatch = keyof typeof SEARCH_MATCHES;

/** A range of a string, in UTF-16 code units as JavaScript counts them: `text.slice(start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

/** A text with the words of a query marked, for a page to wrap in `<mark>` (escaping the rest). */
export interface MarkedText {
  text: string;
  marks: TextRange[];
}

const COMBINING_MARK = /^\p{M}+$/u;
const folds = new Map<string, string>();

/** One character (a single UTF-16 code unit) folded to exactly one code unit. */
function foldChar(c: string): string {
  let folded = folds.get(c);
  if (folded === undefined) {
    // đ/Đ is a letter of its own in Unicode, with no decomposition to take the stroke off.
    if (c === 'đ' || c === 'Đ') folded = 'd';
    else {
      const [base = c, ...marks] = c.normalize('NFD');
      // Only a letter plus combining marks ("ạ" = a + U+0323) loses its marks; a decomposition
      // into other letters (a Hangul syllable into its jamo) is not a diacritic and is kept.
      const bare = marks.length > 0 && COMBINING_MARK.test(marks.join('')) ? base : c;
      const lower = bare.toLowerCase();
      folded = lower.length === 1 ? lower : bare.length === 1 ? bare : c;
    }
    folds.set(c, folded);
  }
  return folded;
}

/**
 * Text as the index compares it: NFC, lower case, Vietnamese tone and vowel marks removed, đ/Đ → d,
 * character by character, so the result has exactly the length of `value.normalize('NFC')` and
 * an offset in it is the same offset in that text (stored text is NFC already: schema/core/text.ts).
 * That is how an excerpt shows the item's own words, with their diacritics, around a match.
 *
 * @example
 * foldForSearch('Quy hoạch đất đai') // 'quy hoach dat dai'
 */
export function foldForSearch(value: string): string {
  let out = '';
  // By code point: a character outside the BMP (two code units) is kept as it is, so lengths still agree.
  for (const c of value.normalize('NFC')) out += c.length === 1 ? foldChar(c) : c;
  return out;
}

/**
 * What a word is, as the index's tokenizer (FTS5 unicode61) sees it: a run of letters and digits;
 * combining marks inside a word are dropped from it. Everything else separates words, so
 * "28/KH-UBND" is the words 28, kh, ubnd.
 */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

/**
 * At most this many words of a query are searched: a citizen types a few words, and a pasted
 * paragraph still finds its items by its first 32 words while the "any word" query stays small.
 */
export const MAX_QUERY_WORDS = 32;

/** The folded words of a query, in order, repeats kept (a phrase may repeat a word). Empty: nothing to search. */
export function searchTerms(query: string): string[] {
  const words: string[] = [];
  for (const [word] of foldForSearch(query).matchAll(WORD)) {
    const term = word.replace(MARKS, '');
    if (term) words.push(term);
    if (words.length === MAX_QUERY_WORDS) break;
  }
  return words;
}

interface Word extends TextRange {
  term: string;
}

/** The words of an NFC text with their ranges in it. */
function wordsOf(text: string): Word[] {
  return [...foldForSearch(text).matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, term: m[0].replace(MARKS, '') }));
}

/**
 * The words of `text` that are one of `terms` (folded, as searchTerms gives them), as ranges of
 * the NFC text: "Quy hoạch" with the terms of "quy hoach" gives [0, 3] and [4, 9].
 */
export function markTerms(text: string, terms: readonly string[]): MarkedText {
  const nfc = text.normalize('NFC');
  const wanted = new Set(terms);
  return { text: nfc, marks: wordsOf(nfc).filter((w) => wanted.has(w.term)).map(({ start, end }) => ({ start, end })) };
}

/** About this many characters of an excerpt; the match starts at most EXCERPT_LEAD characters in. */
export const EXCERPT_LENGTH = 160;
const EXCERPT_LEAD = 40;

/**
 * Where an excerpt should look: the first place the words stand together as typed (the phrase),
 * else the first word of the query found, else the start (the item matched by its title only).
 */
function firstMatch(words: Word[], terms: readonly string[]): number {
  if (terms.length > 1) {
    for (let i = 0; i + terms.length <= words.length; i++) {
      if (terms.every((t, k) => words[i + k]!.term === t)) return words[i]!.start;
    }
  }
  const wanted = new Set(terms);
  return words.find((w) => wanted.has(w.term))?.start ?? 0;
}

/**
 * About 160 characters of the item's own text around its first match, cut at spaces, white space
 * collapsed, "…" where text was left out, with every word of the query marked.
 *
 * @example
 * excerptOf('Thông báo về quy hoạch sử dụng đất…', searchTerms('quy hoach'))
 * // { text: 'Thông báo về quy hoạch sử dụng đất…', marks: [{ start: 13, end: 16 }, { start: 17, end: 22 }] }
 */
export function excerptOf(text: string, terms: readonly string[]): MarkedText {
  const nfc = text.normalize('NFC');
  const at = firstMatch(wordsOf(nfc), terms);
  let start = Math.max(0, at - EXCERPT_LEAD);
  if (start > 0) {
    // Begin at the paragraph of the match when it starts in the lead, else at a word: after the
    // first white space between `start` and the match, if any.
    const lead = nfc.slice(start, at);
    const lineBreak = lead.lastIndexOf('\n');
    const space = lineBreak >= 0 ? lineBreak : lead.search(/\s/);
    if (space >= 0) start += space + 1;
  }
  let end = Math.min(nfc.length, start + EXCERPT_LENGTH);
  if (end < nfc.length) {
    // End at a word: before the last white space of the window, unless that would cut the match off.
    const space = nfc.slice(at, end).search(/\s\S*$/);
    if (space > 0) end = at + space;
  }
  const body = nfc.slice(start, end).replace(/\s+/g, ' ').trim();
  const excerpt = `${start > 0 ? '… ' : ''}${body}${end < nfc.length ? ' …' : ''}`;
  return markTerms(excerpt, terms);
}
