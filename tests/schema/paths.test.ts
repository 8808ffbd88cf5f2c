import { describe, expect, it } from 'vitest';
import { RESERVED_DISCLOSURE_SLUGS } from '../../schema/paths.ts';

// Vite's import.meta.glob, declared here rather than pulling in all of vite/client's types.
declare global {
  interface ImportMeta {
    glob(pattern: string): Record<string, () => Promise<unknown>>;
  }
}

describe('RESERVED_DISCLOSURE_SLUGS', () => {
  it('names every path segment the site uses directly under /cong-khai/', () => {
    // Vite lists the page files when it compiles this test, so a new folder under
    // site/src/pages/cong-khai/ fails here until it is reserved.
    const pages = Object.keys(import.meta.glob('../../site/src/pages/cong-khai/**/*.{astro,ts}'));
    const segments = new Set(pages.map((p) => p.replace('../../site/src/pages/cong-khai/', '').split('/')[0]!.replace(/\.(astro|ts)$/, '')));
    // index.astro is /cong-khai/ itself and [slug] is the disclosure page, not a segment.
    segments.delete('index');
    segments.delete('[slug]');
    expect(segments.size).toBeGreaterThan(0);
    expect([...segments].sort()).toEqual([...RESERVED_DISCLOSURE_SLUGS].sort());
  });
});
