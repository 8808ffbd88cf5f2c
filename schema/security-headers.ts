/**
 * The Content-Security-Policy of every answer, written once: the Worker (functions/index.ts)
 * sends `POLICIES.worker`, and the site's `_headers` file (`siteHeadersFile`, written by
 * scripts/post-build.ts) gives the static pages, the search page, Pagefind's files and the
 * embeds theirs.
 *
 * Every policy starts from nothing (`default-src 'none'`) and allows what the pages need:
 * inline styles (Astro inlines the one small stylesheet into each page), `data:` images (the
 * QR code, the bar charts), and no other origin, since nothing is fetched from a CDN.
 */
type Directive =
  | 'default-src' | 'style-src' | 'img-src' | 'script-src' | 'connect-src'
  | 'base-uri' | 'form-action' | 'frame-src' | 'frame-ancestors';
export type CspDirectives = Partial<Record<Directive, readonly string[]>>;

/** Serialises directives in the order written: `default-src 'none'; style-src 'unsafe-inline'`. */
export function contentSecurityPolicy(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values!].join(' '))
    .join('; ');
}

const CITIZEN_PAGE = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  // Lighthouse reads robots.txt with a fetch from the page (docs/benchmarks.md).
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const satisfies CspDirectives;

export const POLICIES = {
  /** The admin and the API: forms post to the Worker; the admin previews the embeds in frames of its own origin. */
  worker: {
    'default-src': ["'none'"],
    'style-src': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
  },
  /**
   * The Worker's answer to an opinion post when the unit turned Turnstile on
   * (functions/turnstile.ts): the widget's script and frame come from Cloudflare's challenge origin.
   */
  opinionTurnstile: {
    'default-src': ["'none'"],
    'style-src': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'script-src': ['https://challenges.cloudflare.com'],
    'frame-src': ['https://challenges.cloudflare.com'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
  },
  /** Every static page: no script at all. */
  site: CITIZEN_PAGE,
  /** The search page runs its own script and Pagefind's WebAssembly, and fetches the index. */
  search: { ...CITIZEN_PAGE, 'script-src': ["'self'", "'wasm-unsafe-eval'"] },
  /** Pagefind's files, including its web worker (a worker script is governed by its own response's CSP). */
  pagefind: {
    'default-src': ["'none'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'connect-src': ["'self'"],
  },
} as const satisfies Record<string, CspDirectives>;

/**
 * The embeds (/nhung/*) may be framed by the portal itself and the origins of the unit's
 * configuration; they run one small script that reports their height.
 */
export function embedPolicy(origins: readonly string[]): CspDirectives {
  return {
    'default-src': ["'none'"],
    'style-src': ["'unsafe-inline'"],
    'script-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'self'", ...origins],
  };
}

/**
 * How long the subscription feed may be reused, by caches and by calendar apps alike: the feed's
 * REFRESH-INTERVAL / X-PUBLISHED-TTL (site/src/lib/ics.ts) and its Cache-Control say the same,
 * so a late change (less than five working days ahead) reaches a subscriber the same day. An
 * hourly fetch of one small static file costs the commune nothing.
 */
export const CALENDAR_FEED_MAX_AGE_SECONDS = 3600;

/**
 * The `_headers` file of the static site (Cloudflare's format: a path pattern, then indented
 * headers; `! Name` drops a header a wider pattern set), written by scripts/post-build.ts. The
 * Worker sends its own headers (functions/index.ts).
 */
export function siteHeadersFile(embedOrigins: string[]): string {
  const csp = (policy: CspDirectives) => `Content-Security-Policy: ${contentSecurityPolicy(policy)}`;
  return `/*
  ${csp(POLICIES.site)}
  X-Content-Type-Options: nosniff
  Strict-Transport-Security: max-age=31536000; includeSubDomains
  Referrer-Policy: strict-origin-when-cross-origin
  X-Frame-Options: DENY
  Permissions-Policy: camera=(), microphone=(), geolocation=()

/lich-tiep-cong-dan.ics
  Content-Type: text/calendar; charset=utf-8
  Cache-Control: public, max-age=${CALENDAR_FEED_MAX_AGE_SECONDS}

/lich-tiep-cong-dan/buoi/*
  Content-Type: text/calendar; charset=utf-8
  Content-Disposition: attachment

# Search runs Pagefind: its own script, its WebAssembly, and fetches of its index files, in the
# page and in Pagefind's web worker (a worker script is governed by its own response's CSP).
/pagefind/*
  ! Content-Security-Policy
  ${csp(POLICIES.pagefind)}

/tim-kiem/*
  ! Content-Security-Policy
  ${csp(POLICIES.search)}

# Embeds may be framed by the commune's website (unit configuration: embed origins).
/nhung/*
  ! Content-Security-Policy
  ! X-Frame-Options
  ${csp(embedPolicy(embedOrigins))}
`;
}
