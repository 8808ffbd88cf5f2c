import { z } from './zod.ts';

/**
 * A count a person types or a client sends: a whole number, or a string of digits ("12", as a
 * form posts it). An empty string is read as 0: use `unknownCount` where a blank means "not reported". Plain
 * coercion is not used because it turns "0xA", "1e3", true, null and [4] into numbers (issue 16).
 *
 * @example countField('Tổng số', 1_000_000).parse('12') // 12
 */
export function countField(label: string, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? 0 : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v) : v),
    z
      .number({ error: `${label}: phải là số.` })
      .int({ error: `${label}: phải là số nguyên.` })
      .min(0, { error: `${label}: không được âm.` })
      .max(max, { error: `${label}: số quá lớn.` }),
  );
}

/**
 * A count that may be unknown: a blank, null or missing value is `null` ("chưa có số liệu"),
 * never 0. Otherwise as `countField`.
 *
 * @example unknownCount('Khiếu nại', 1_000_000).parse('') // null
 */
export function unknownCount(label: string, max: number) {
  return z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v),
    countField(label, max).nullable(),
  ).default(null);
}
