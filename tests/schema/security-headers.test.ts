import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, embedPolicy, POLICIES, siteHeadersFile } from '../../schema/security-headers.ts';

/** A CSP as a map of directive → sorted sources: two policies are equivalent when these are equal. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.sort()];
    }),
  );
}

/** Parses Cloudflare's `_headers` format: pattern lines, then indented `Name: value` or `! Name`. */
function parseHeadersFile(text: string): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      current = new Map();
      rules.set(line.trim(), current);
    } else if (line.trim().startsWith('!')) {
      current!.set(line.trim(), '');
    } else {
      const at = line.indexOf(':');
      current!.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return rules;
}

describe('contentSecurityPolicy', () => {
  it('writes directives in order, sources separated by spaces', () => {
    expect(contentSecurityPolicy({ 'default-src': ["'none'"], 'img-src': ["'self'", 'data:'] })).toBe("default-src 'none'; img-src 'self' data:");
  });

  it('gives the Worker the policy it sent before the builder existed', () => {
    // What hono/secure-headers emitted from the options functions/index.ts had until this change.
    expect(directives(contentSecurityPolicy(POLICIES.worker))).toEqual(
      directives("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"),
    );
  });

  it.each([
    // The portal itself and the configured origins.
    { origins: ['https://xa.gov.vn'], ancestors: ["'self'", 'https://xa.gov.vn'] },
    { origins: [], ancestors: ["'self'"] },
  ])('lets $origins frame the embeds', ({ origins, ancestors }) => {
    expect(embedPolicy(origins)['frame-ancestors']).toEqual(ancestors);
  });
});

describe('siteHeadersFile', () => {
  // The rules of site/public/_headers and the embed rule of scripts/post-build.ts before this change.
  const before: Record<string, Record<string, string>> = {
    '/*': {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    },
    '/lich-tiep-cong-dan.ics': { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
    '/lich-tiep-cong-dan/buoi/*': { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'attachment' },
    '/pagefind/*': { '! Content-Security-Policy': '', 'Content-Security-Policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'" },
    '/tim-kiem/*': {
      '! Content-Security-Policy': '',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    },
    '/nhung/*': {
      '! Content-Security-Policy': '',
      '! X-Frame-Options': '',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self' https://xa.gov.vn",
    },
  };

  it('sends the same headers, with equivalent policies, on every path as before', () => {
    const rules = parseHeadersFile(siteHeadersFile(['https://xa.gov.vn']));
    expect([...rules.keys()].sort()).toEqual(Object.keys(before).sort());
    for (const [pattern, headers] of Object.entries(before)) {
      const now = rules.get(pattern)!;
      expect([...now.keys()].sort(), pattern).toEqual(Object.keys(headers).sort());
      for (const [name, value] of Object.entries(headers)) {
        if (name === 'Content-Security-Policy') expect(directives(now.get(name)!), `${pattern} CSP`).toEqual(directives(value));
        else expect(now.get(name), `${pattern} ${name}`).toBe(value);
      }
    }
  });
});
