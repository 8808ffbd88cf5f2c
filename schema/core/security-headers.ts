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
  /** Every citizen page: no script at all (the search page too: it is a plain form answered by the Worker). */
  site: CITIZEN_PAGE,
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

/** Headers every citizen page and file carries, whatever its kind. */
export const SITE_COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** The headers a stored citizen page is served with, fixed when it is rendered (functions/site-store.ts). */
export interface PageHeaders {
  contentSecurityPolicy: string;
  /** Whether other sites may frame it: only the embeds (/nhung/*), by the unit's embed origins. */
  frameable: boolean;
  cacheControl: string;
  contentDisposition?: string;
}

/**
 * The headers of the citizen page or file at `path`. Pages are revalidated on every view (an
 * ETag answer costs one R2 read, never D1), so a published change is seen at once; the
 * subscription calendar may be reused for an hour (CALENDAR_FEED_MAX_AGE_SECONDS); a session's
 * own calendar file downloads.
 */
export function pageHeaders(path: string, embedOrigins: readonly string[]): PageHeaders {
  const revalidate = 'public, max-age=0, must-revalidate';
  if (path.startsWith('/nhung/')) {
    return { contentSecurityPolicy: contentSecurityPolicy(embedPolicy(embedOrigins)), frameable: true, cacheControl: revalidate };
  }
  const site = contentSecurityPolicy(POLICIES.site);
  if (path === '/lich-tiep-cong-dan.ics') {
    return { contentSecurityPolicy: site, frameable: false, cacheControl: `public, max-age=${CALENDAR_FEED_MAX_AGE_SECONDS}` };
  }
  if (path.startsWith('/lich-tiep-cong-dan/buoi/')) {
    return { contentSecurityPolicy: site, frameable: false, cacheControl: revalidate, contentDisposition: 'attachment' };
  }
  return { contentSecurityPolicy: site, frameable: false, cacheControl: revalidate };
}
