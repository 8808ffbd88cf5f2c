import { z } from 'zod';

/**
 * Vietnamese text as stored: Unicode NFC, trimmed, inner runs of spaces collapsed.
 *
 * Phones and old Windows keyboards (VNI, Unikey in "Unicode tổ hợp" mode) send decomposed
 * (NFD) text; two spellings of the same word would otherwise compare and search differently.
 */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Multi-line text keeps its line breaks but loses trailing spaces and long blank runs. */
export function normalizeParagraphs(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\t ]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

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
    .max(max, { error: `${label} dài quá ${max} ký tự.` });
}

/** An optional single-line text field: missing input is stored as an empty string. */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} phải là chữ.` })
    .overwrite(normalizeText)
    .max(max, { error: `${label} dài quá ${max} ký tự.` })
    .default('');
}

/** Multi-line text (summaries, body text). */
export function paragraphs(label: string, max: number) {
  return z
    .string({ error: missingOr(label) })
    .overwrite(normalizeParagraphs)
    .max(max, { error: `${label} dài quá ${max} ký tự.` });
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
  return slug.slice(0, maxLength).replace(/-+$/, '');
}
