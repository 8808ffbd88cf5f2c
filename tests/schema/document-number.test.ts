import { describe, expect, it } from 'vitest';
import { parseDocumentNumber } from '../../schema/disclosure/document-number.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';

describe('parseDocumentNumber', () => {
  // Valid shapes from Decree 30/2020/NĐ-CP and the numbers the source report cites.
  it.each([
    ['28/KH-UBND', { number: 28, year: null, type: 'KH', issuer: 'UBND' }], // plan cited by 78/BC-UBND
    ['78/BC-UBND', { number: 78, year: null, type: 'BC', issuer: 'UBND' }], // the report itself
    ['59/2023/NĐ-CP', { number: 59, year: 2023, type: 'NĐ', issuer: 'CP' }], // normative document with year
    ['120-KL/TW', { number: 120, year: null, type: 'KL', issuer: 'TW' }], // party document: hyphen before type
    ['456/UBND-VP', { number: 456, year: null, type: 'CV', issuer: 'UBND-VP' }], // letter: no type code
    ['05/TTr-UBND', { number: 5, year: null, type: 'TTr', issuer: 'UBND' }], // leading zero under 10
    ['10/2022/QH15', { number: 10, year: 2022, type: 'L', issuer: 'QH15' }], // the law itself
  ])('accepts %s', (text, expected) => {
    const result = parseDocumentNumber(text);
    expect(result).toEqual({ ok: true, value: { text, ...expected } });
  });

  it.each([
    ['28 KH UBND', 'không có dấu cách'], // spaces instead of / and -
    ['28/KH UBND', 'không có dấu cách'],
    ['5/KH-UBND', 'số 0 đứng trước'], // Decree 30: 05, not 5
    ['28/kh-ubnd', 'chữ in hoa'],
    ['KH-UBND', 'không đúng dạng'], // no number
    ['00/KH-UBND', 'bắt đầu từ 01'],
    // Issue 21.8 and 22.13: wrong case, zeros in front, an unknown type code.
    ['28/Kh-UBND', 'Số văn bản phải có dạng 28/KH-UBND'],
    ['0078/BC-UBND', 'Số văn bản phải có dạng 78/BC-UBND'],
    ['00005/QĐ-UBND', 'Số văn bản phải có dạng 05/QĐ-UBND'],
    ['12/GGT-UBND', '“GGT” không phải ký hiệu loại văn bản'],
  ])('rejects %s, saying why and showing the expected shape', (text, why) => {
    const result = parseDocumentNumber(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(why);
      expect(result.message).toContain('28/KH-UBND');
    }
  });

  it.each([
    ['12/tb-ubnd', 'Có phải: 12/TB-UBND?'],
    ['59/2023/nđ-cp', 'Có phải: 59/2023/NĐ-CP?'],
    ['12/Tb-ubnd', 'Có phải: 12/TB-UBND?'], // mixed case: the issuer part is lower-case
  ])('offers %s corrected to upper case', (text, offer) => {
    const result = parseDocumentNumber(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(offer);
  });

  it('normalises decomposed (NFD) input to NFC before checking', () => {
    const nfd = '59/2023/NĐ-CP'.normalize('NFD');
    const result = parseDocumentNumber(` ${nfd} `);
    expect(result.ok && result.value.text).toBe('59/2023/NĐ-CP'.normalize('NFC'));
  });

  describe('the year in a number', () => {
    const next = Number(todayInVietnam().slice(0, 4)) + 1;
    it.each([
      [`59/1945/NĐ-CP`, true], // 1945: the first year of the state's documents
      [`59/1944/NĐ-CP`, false], // before it
      [`59/${next}/NĐ-CP`, true], // next year: drafted in late December
      [`59/${next + 1}/NĐ-CP`, false], // the year after: a typing slip
      ['59/0000/NĐ-CP', false], // the red-team input
      ['59/9999/NĐ-CP', false], // the red-team input
      ['10/9999/QH15', false], // a law's year too
      ['10/1946/QH15', true], // the 1946 Constitution's legislature
    ])('%s → accepted: %s', (text, accepted) => {
      const result = parseDocumentNumber(text);
      expect(result.ok).toBe(accepted);
      if (!result.ok) expect(result.message).toContain('Năm ban hành');
    });
  });
});
