import { describe, expect, it } from 'vitest';
import { describeRule } from '../../schema/reception/reception.ts';

// Vite's import.meta.glob with its raw-text form, declared here rather than pulling in vite/client's types.
declare global {
  interface ImportMeta {
    glob(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, string>;
  }
}

/**
 * Astro drops the line break between a line of text and an element or `{expression}` that starts
 * the next line, so "được:⏎<a>danh sách</a>" rendered as "được:danh sách" and "hằng tuần</strong>,⏎
 * {…}" as "hằng tuần,giờ" (issue 22, item 8). Text that ends a line with punctuation before an
 * inline element or expression needs an explicit `{' '}`.
 */
const TEMPLATES = import.meta.glob('../../site/src/**/*.astro', { query: '?raw', import: 'default', eager: true });

/** The template part of an .astro file (after the frontmatter), with its first line number. */
function template(source: string): { lines: string[]; first: number } {
  const end = source.startsWith('---') ? source.indexOf('\n---', 3) : -1;
  if (end < 0) return { lines: source.split('\n'), first: 1 };
  const head = source.slice(0, end + 4);
  return { lines: source.slice(end + 4).split('\n'), first: head.split('\n').length };
}

/** "file:line" of every line of text ending in , : ; before a line that opens an inline element or an expression. */
function gluedLines(): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(TEMPLATES)) {
    const { lines, first } = template(source);
    lines.forEach((line, i) => {
      const next = (lines[i + 1] ?? '').trim();
      const text = line.trim();
      if (text.startsWith('//') || text.startsWith('*') || text.startsWith('{/*')) return;
      if (/[\p{L}\p{N})>}`'"][,:;]$/u.test(text) && /^(<(a|strong|em|b|i|code|time|span|abbr)\b|\{(?!\/\*|' '\}))/.test(next)) {
        found.push(`${file.replace('../../', '')}:${first + i}: ${text.slice(-40)} ⏎ ${next.slice(0, 40)}`);
      }
    });
  }
  return found;
}

/** A letter, then , : or ; then a letter: a space is missing in Vietnamese prose. */
const GLUED = /\p{L}[,:;]\p{L}/u;

describe('Vietnamese sentences have a space after , : ;', () => {
  it('no .astro template ends a line with punctuation right before an inline element or expression', () => {
    expect(gluedLines()).toEqual([]);
  });

  it('finds the pattern that wrote "được:danh sách" (the check itself works)', () => {
    expect(GLUED.test('Mọi nội dung vẫn xem được:danh sách công khai')).toBe(true);
    expect(GLUED.test('Thứ Năm hằng tuần, giờ tiếp chưa công bố')).toBe(false);
  });

  // The rule sentence of the calendar page is built from describeRule; each case is a rule shape the admin offers.
  it.each<[string, Parameters<typeof describeRule>[0]]>([
    ['weekly', { frequency: 'weekly', weekdays: [2, 4], weeksOfMonth: [] }],
    ['weeks of the month', { frequency: 'monthly', weekdays: [4], weeksOfMonth: [1, 3] }],
    ['days a month', { frequency: 'monthly_days', weekdays: [2, 4], weeksOfMonth: [], daysPerMonth: 2 }],
  ])('describeRule (%s) keeps a space after its punctuation', (_, rule) => {
    const text = describeRule(rule);
    expect(text.length).toBeGreaterThan(5);
    expect(text).not.toMatch(GLUED);
  });
});
