import { describe, expect, it } from 'vitest';
import { api, countRows, makeOfficial, sampleDisclosure } from '../helpers.ts';

type Json = Record<string, any>;

describe('POST /api/v1/disclosures with text that is not plain Unicode', () => {
  it.each([
    // JSON.stringify writes a lone surrogate as the escape "\ud800", as the red-team client sent it.
    ['lone surrogates', '\ud800\ud800 Công khai', 'ký tự hỏng'],
    ['a NUL', 'Công khai\u0000 ngân sách', 'ký tự điều khiển (U+0000)'],
    ['the right-to-left override', 'Báo cáo \u202Efdp.exe', 'ký tự đảo chiều chữ (U+202E)'],
  ])('answers 422 for a title with %s, naming title, and stores nothing', async (_, title, message) => {
    const official = await makeOfficial();
    const [before, auditBefore] = [await countRows('disclosures'), await countRows('audit_log')];
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error.code).toBe('validation');
    expect(body.error.fields).toEqual([{ field: 'title', message: expect.stringContaining(`Tiêu đề có ${message}`) }]);
    expect(await countRows('disclosures')).toBe(before);
    expect(await countRows('audit_log')).toBe(auditBefore);
  });

  it('answers 422 for a summary of zero-width spaces only, naming summary', async () => {
    const official = await makeOfficial();
    const before = await countRows('disclosures');
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ summary: '\u200B\u200B' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([{ field: 'summary', message: expect.stringContaining('Tóm tắt chỉ có ký tự ẩn') }]);
    expect(await countRows('disclosures')).toBe(before);
  });
});
