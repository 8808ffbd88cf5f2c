import { describe, expect, it } from 'vitest';
import { countField } from '../../schema/core/count.ts';
import { PetitionStatsSchema } from '../../schema/statistics/petition-stats.ts';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';

const count = countField('Tổng số', 1_000_000);

describe('countField', () => {
  it.each([
    [12, 12], // JSON number
    ['12', 12], // a form posts text
    [' 7 ', 7], // typed with spaces
    ['', 0], // a blank cell of a table is zero, as before
    [0, 0],
  ])('accepts %j as %j', (input, expected) => {
    expect(count.parse(input)).toBe(expected);
  });

  it.each([
    ['0xA'], // hexadecimal: Number() reads 10 (issue 16)
    ['1e3'], // exponent: Number() reads 1000
    [true], // Number(true) is 1
    [null], // Number(null) is 0
    [[4]], // Number([4]) is 4
    ['12,5'], // not a whole number
    [-1], // negative
    ['-1'],
    [1.5],
    [2_000_000], // over the limit
  ])('refuses %j with a Vietnamese message naming the field', (input) => {
    const parsed = count.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/^Tổng số: /);
  });

  it('is what procedure rows and petition counts use', () => {
    expect(ProcedureRowSchema.safeParse({ field: 'Hộ tịch', receivedTotal: '0xA' }).success).toBe(false);
    const petition = PetitionStatsSchema.safeParse({ period: { kind: 'year', year: 2024 }, received: true });
    expect(petition.success).toBe(false);
  });
});
