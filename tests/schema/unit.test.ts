import { describe, expect, it } from 'vitest';
import { UnitSchema } from '../../schema/unit/unit.ts';

const unit = (publicBaseUrl: unknown) => UnitSchema.safeParse({ kind: 'thi_tran', name: 'Bình Dương', placeName: 'Bình Dương', publicBaseUrl });

describe('UnitSchema.publicBaseUrl', () => {
  describe.each([
    ['', true], // not set yet: the site falls back to its own origin (site/src/lib/site-url.ts)
    ['https://congkhai.binhduong.gov.vn', true], // the production case
    ['https://congkhai.binhduong.gov.vn/', true], // a trailing slash is trimmed where it is used
    ['  https://binhduong.gov.vn  ', true], // pasted with spaces: trimmed
    ['http://localhost:8787', true], // npm start on the official's own machine
    ['http://127.0.0.1:4321', true], // the same by address
    ['http://binhduong.gov.vn', false], // plain http on the internet: QR codes and feeds must not point there
    ['javascript:alert(1)', false], // the review's finding: z.url() took this
    ['JAVASCRIPT:alert(1)', false], // schemes are case-insensitive
    ['data:text/html,<script>alert(1)</script>', false],
    ['ftp://binhduong.gov.vn', false],
    ['https://user:pass@binhduong.gov.vn', false], // credentials in a public link
    ['http://localhost.evil.example', false], // only the exact host counts as local
    ['binhduong.gov.vn', false], // no scheme: not an address a link can use
    ['https://', false],
  ])('%j', (value, ok) => {
    it(ok ? 'is accepted' : 'is refused with a Vietnamese message', () => {
      const parsed = unit(value);
      expect(parsed.success).toBe(ok);
      if (!parsed.success) expect(parsed.error.issues[0]!.message).toContain('https://');
    });
  });

  it('stores the trimmed address', () => {
    expect(unit(' https://binhduong.gov.vn ').data?.publicBaseUrl).toBe('https://binhduong.gov.vn');
  });
});

describe('UnitSchema.embedOrigins', () => {
  const origins = (embedOrigins: unknown) => UnitSchema.safeParse({ kind: 'xa', name: 'Thử', placeName: 'Thử', embedOrigins });
  it.each([
    [['https://binhduong.gov.vn'], true], // the commune's main website
    [['http://localhost:4321'], true], // trying the embed on the official's machine
    [['*'], false], // "any site" is not an origin (issue 16): anyone could frame the widgets as their own
    [['http://binhduong.gov.vn'], false], // plain http on the internet
    [['https://binhduong.gov.vn/trang-chu'], false], // an origin has no path
    [['javascript:alert(1)'], false],
  ])('%j accepted: %s', (value, ok) => {
    const parsed = origins(value);
    expect(parsed.success).toBe(ok);
    if (!parsed.success) expect(parsed.error.issues[0]!.message).toContain('không dùng *');
  });

  it('stores an origin pasted with a trailing slash or capitals as the origin itself', () => {
    const parsed = origins(['https://BinhDuong.gov.vn/', ' https://xa.example.vn// ']);
    expect(parsed.success && parsed.data.embedOrigins).toEqual(['https://binhduong.gov.vn', 'https://xa.example.vn']);
  });
});
