import { z } from './zod.ts';

/**
 * Vietnamese text as stored: Unicode NFC, trimmed, inner runs of spaces collapsed.
 *
 * Phones and old Windows keyboards (VNI, Unikey in "Unicode tổ hợp" mode) send decomposed
 * (NFD) text; two spellings of the same word would otherwise compare and search differently.
 */
export function normalizeText(value: string): string {
  return stripZeroWidth(value.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/** Multi-line text keeps its line breaks but loses trailing spaces and long blank runs. */
function normalizeParagraphs(value: string): string {
  return stripZeroWidth(value.normalize('NFC'))
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\t ]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Zero-width space, non-joiner, joiner, word joiner and the byte-order mark (U+200B, U+200C,
 * U+200D, U+2060, U+FEFF). A paste from Word or a web page often carries them inside words:
 * "Hộ\u200b tịch" looks like "Hộ tịch" but is stored, searched and counted apart from it
 * (issue 22.13). Stripped rather than refused, because the official cannot see what to delete;
 * Vietnamese never needs them (a ZWJ only glues emoji, which then show side by side).
 */
const ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/gu;

/**
 * `value` without zero-width characters — unless nothing visible would be left, so that text
 * made only of them is still refused with its own message (textProblem) instead of passing as
 * empty optional text.
 */
function stripZeroWidth(value: string): string {
  const stripped = value.replace(ZERO_WIDTH, '');
  return stripped.replace(INVISIBLE, '') === '' ? value : stripped;
}

// ——— Characters no field may hold ———
//
// Text is checked after normalisation, so a tab or line break pasted into a one-line field has
// already become a space; what is left below can only be refused.

/** A lone half of a UTF-16 surrogate pair (JSON allows "\ud800"): not Unicode, stored as invalid UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * C0 controls, DEL and C1 controls. XML 1.0 forbids every C0 control but tab, LF and CR, so one
 * of them in a title makes the Atom feed unreadable; none has a meaning in Vietnamese text.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/**
 * Explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): U+202E
 * "RIGHT-TO-LEFT OVERRIDE" shows "fdp.exe" as "exe.pdf" ("Trojan Source", CVE-2021-42574).
 * Vietnamese is written left to right and never needs them.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/** Characters that take no space on screen: zero-width spaces and joiners, bidi marks, fillers. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\s]/gu;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `value` cannot be stored, in Vietnamese and naming the field, or null when it can.
 * Multi-line text may hold line breaks and tabs; one-line text may not.
 *
 * @example textProblem('Tiêu đề', 'a\u0000b') // "Tiêu đề có ký tự điều khiển (U+0000) …"
 */
export function textProblem(label: string, value: string, options: { multiline?: boolean } = {}): string | null {
  const retype = 'Hãy xóa ký tự này (thường lẫn vào khi dán từ tệp khác) rồi lưu lại.';
  if (LONE_SURROGATE.test(value)) return `${label} có ký tự hỏng (nửa mã Unicode). ${retype}`;
  const control = (options.multiline ? CONTROL_EXCEPT_LINES : CONTROL).exec(value);
  if (control) return `${label} có ký tự điều khiển (${codePoint(control[0])}) không hiển thị được. ${retype}`;
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) return `${label} có ký tự đảo chiều chữ (${codePoint(bidi[0])}), làm chữ hiện sai thứ tự. ${retype}`;
  if (value !== '' && value.replace(INVISIBLE, '') === '') return `${label} chỉ có ký tự ẩn (khoảng trắng độ rộng 0 hoặc tương tự), không có chữ nào hiển thị.`;
  return null;
}

/** The zod check of textProblem: every text field below has it; add it to any other free-text string. */
export const wellFormed = (label: string, options: { multiline?: boolean } = {}) =>
  z.superRefine<string>((value, ctx) => {
    const problem = textProblem(label, value, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });

// Fields use `.overwrite()` rather than `z.preprocess()`: the normalisation runs all the same,
// and the input side stays a plain string that `z.toJSONSchema` can describe for OpenAPI.
const missingOr = (label: string) => (issue: { input: unknown }) =>
  issue.input === undefined || issue.input === null ? `Chưa nhập ${label.toLowerCase()}.` : `${label} phải là chữ.`;

/** A required single-line text field with a Vietnamese label used in messages. */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: missingOr(label) })
    .overwrite(normalizeText)
    .min(1, { error: `Chưa nhập ${label.toLowerCase()}.` })
    .max(max, { error: `${label} dài quá ${max} ký tự.` })
    .check(wellFormed(label));
}

/** An optional single-line text field: missing input is stored as an empty string. */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} phải là chữ.` })
    .overwrite(normalizeText)
    .max(max, { error: `${label} dài quá ${max} ký tự.` })
    .check(wellFormed(label))
    .default('');
}

/**
 * An optional one-line field a citizen fills (a name, a village, a contact) in which a line
 * break is refused rather than folded into a space: a browser's one-line box cannot send one,
 * so CR or LF there comes from a script, often trying to forge lines in a header, an e-mail or
 * a CSV (issue 22.13).
 */
export function oneLineText(label: string, max: number) {
  return z
    .string({ error: `${label} phải là chữ.` })
    .refine((v) => !/[\r\n]/.test(v), { error: `${label} chỉ viết trên một dòng: hãy bỏ dấu xuống dòng rồi gửi lại.` })
    .overwrite(normalizeText)
    .max(max, { error: `${label} dài quá ${max} ký tự.` })
    .check(wellFormed(label))
    .default('');
}

/** Multi-line text (summaries, body text). */
export function paragraphs(label: string, max: number) {
  return z
    .string({ error: missingOr(label) })
    .overwrite(normalizeParagraphs)
    .max(max, { error: `${label} dài quá ${max} ký tự.` })
    .check(wellFormed(label, { multiline: true }));
}

/**
 * Text made safe for XML 1.0, for every XML the site writes (Atom feeds, sitemap): characters
 * the XML 1.0 `Char` production forbids (C0 controls but tab, LF and CR; lone surrogates;
 * U+FFFE, U+FFFF) become U+FFFD. Input validation refuses them already; this keeps one row
 * stored before that rule, or written by hand into D1, from making a whole feed unreadable.
 * It does not escape `<` or `&`: the XML writer does that.
 *
 * @example xmlSafe('Tiêu đề\u0001') // "Tiêu đề\uFFFD"
 */
export function xmlSafe(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\uFFFD');
}

/**
 * Folds Vietnamese to plain ASCII for slugs and diacritic-free search:
 * "Đăng ký hộ tịch" → "Dang ky ho tich". Unicode decomposition removes the tone and vowel
 * marks but has no decomposition for đ/Đ, so those are mapped by hand.
 */
export function foldVietnamese(value: string): string {
  return value.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** A URL slug from Vietnamese text: "Kế hoạch 28/KH-UBND" → "ke-hoach-28-kh-ubnd". */
export function slugify(value: string, maxLength = 80): string {
  const slug = foldVietnamese(value)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cut at a word boundary, never inside a word or a number ("…-nam-20" for "năm 2024"); a
  // single word longer than the limit is the only thing cut.
  const cut = slug.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, maxLength)).replace(/-+$/, '');
}
