import { z } from 'zod';

/**
 * A count a person types or a client sends: a whole number, or a string of digits ("12", as a
 * form posts it). An empty string is read as 0, as the coercion this replaces read it (whether a
 * blank means 0 or unknown is issue 12's question; the admin form omits blank fields). Plain
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
