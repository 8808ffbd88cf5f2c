import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, embedPolicy, pageHeaders, POLICIES } from '../../schema/core/security-headers.ts';

/** A CSP as a map of directive → sorted sources: two policies are equivalent when these are equal. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.sort()];
    }),
  );
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

describe('pageHeaders', () => {
  // The rules of the static site's `_headers` file before pages moved to R2 (issue 23).
  const SITE = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  const EMBED = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self' https://xa.gov.vn";
  const revalidate = 'public, max-age=0, must-revalidate';

  it.each([
    { path: '/', csp: SITE, frameable: false, cacheControl: revalidate, disposition: undefined },
    { path: '/tim-kiem/', csp: SITE, frameable: false, cacheControl: revalidate, disposition: undefined },
    { path: '/lich-tiep-cong-dan.ics', csp: SITE, frameable: false, cacheControl: 'public, max-age=3600', disposition: undefined },
    { path: '/lich-tiep-cong-dan/buoi/tiep-cong-dan-2026-12-03.ics', csp: SITE, frameable: false, cacheControl: revalidate, disposition: 'attachment' },
    { path: '/nhung/lich-tiep-cong-dan/', csp: EMBED, frameable: true, cacheControl: revalidate, disposition: undefined },
  ])('serves $path with the same policy as before, framed only if an embed', ({ path, csp, frameable, cacheControl, disposition }) => {
    const headers = pageHeaders(path, ['https://xa.gov.vn']);
    expect(directives(headers.contentSecurityPolicy)).toEqual(directives(csp));
    expect(headers.frameable).toBe(frameable);
    expect(headers.cacheControl).toBe(cacheControl);
    expect(headers.contentDisposition).toBe(disposition);
  });
});
