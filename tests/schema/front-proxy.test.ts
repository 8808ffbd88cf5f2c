import { describe, expect, it } from 'vitest';
import { foreignFormPost, withPeerAddress } from '../../scripts/publisher/proxy.ts';

/** The local portal's front (scripts/publisher/proxy.ts): the CSRF check that wrangler dev would blur (tests/browser/front-proxy.test.ts tries it through a portal). */

const form = { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:8787' };

describe('foreignFormPost', () => {
  it.each([
    // The case of issue 16: wrangler dev would rewrite this Origin into its own.
    ['https://localhost', form, true],
    ['https://localhost:8787', form, true],
    ['http://localhost', form, true],
    ['https://gia-mao.example', form, true],
    ['http://localhost:8787', form, false],
    // The browser says same-origin: hono/csrf accepts that whatever the Origin.
    ['https://localhost', { ...form, 'sec-fetch-site': 'same-origin' }, false],
    // JSON (bearer-token API) is not a form; hono/csrf does not judge it either.
    ['https://localhost', { ...form, 'content-type': 'application/json' }, false],
    ['https://localhost', { ...form, 'content-type': 'multipart/form-data; boundary=x' }, true],
  ] as const)('Origin %s with %o → refused: %s', (origin, headers, refused) => {
    expect(foreignFormPost('POST', { ...headers, origin })).toBe(refused);
  });

  it('lets reads and requests without Origin through (the Worker refuses the latter)', () => {
    expect(foreignFormPost('GET', { ...form, origin: 'https://gia-mao.example' })).toBe(false);
    expect(foreignFormPost('POST', form)).toBe(false);
  });
});

describe('withPeerAddress', () => {
  it('replaces a CF-Connecting-IP the client sent with the peer the front saw (issue 22.13)', () => {
    expect(withPeerAddress({ host: 'localhost:8787', 'cf-connecting-ip': '1.2.3.4' }, '192.168.1.20')).toEqual({ host: 'localhost:8787', 'cf-connecting-ip': '192.168.1.20' });
  });

  it('drops the client’s header when the peer is not known', () => {
    expect(withPeerAddress({ host: 'localhost:8787', 'cf-connecting-ip': '1.2.3.4' }, undefined)).toEqual({ host: 'localhost:8787' });
  });
});
