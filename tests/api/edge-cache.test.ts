import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { servePage, storePage } from '../../functions/site-store.ts';
import { NOT_FOUND_PATH } from '../../schema/publishing/publish-jobs.ts';

/**
 * The edge cache of stored pages (functions/site-store.ts): a page served once is served again
 * from caches.default without reading R2, and a publish (any stored page) makes the next request
 * read the new page, with no purge. R2 reads are counted on the bucket the Worker is given.
 */

const page = (text: string, status = 200) => new Response(`<!doctype html><html lang="vi"><title>${text}</title><p>${text}</p></html>`, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** env.SITE, counting what the Worker reads of it. */
function countingSite(): { bucket: R2Bucket; reads: () => number } {
  let reads = 0;
  const bucket = new Proxy(env.SITE, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'get' || prop === 'head' || prop === 'list') reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { bucket, reads: () => reads };
}

async function get(bucket: R2Bucket, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await servePage(new Request(`https://xa-thu.example.vn${path}`, init), bucket, ctx);
  const text = await res.text();
  // The copy is put into the cache after the answer (waitUntil).
  await waitOnExecutionContext(ctx);
  return { res, text };
}

beforeAll(async () => {
  await storePage(env.SITE, NOT_FOUND_PATH, page('Không tìm thấy trang.', 404), []);
});

describe('a citizen request for a stored page, through the edge cache', () => {
  it('reads R2 the first time (X-Cache: MISS), and not at all the second time (HIT), with the same page and headers', async () => {
    await storePage(env.SITE, '/ke-hoach/', page('Kế hoạch năm 2026'), []);
    const site = countingSite();
    const first = await get(site.bucket, '/ke-hoach/');
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('x-cache')).toBe('MISS');
    expect(first.text).toContain('Kế hoạch năm 2026');
    const readsBefore = site.reads();
    expect(readsBefore).toBeGreaterThan(0);

    const second = await get(site.bucket, '/ke-hoach/');
    expect(second.res.headers.get('x-cache')).toBe('HIT');
    expect(site.reads()).toBe(readsBefore);
    expect(second.text).toBe(first.text);
    for (const header of ['etag', 'content-type', 'cache-control', 'content-security-policy', 'x-frame-options', 'x-content-type-options']) {
      expect(second.res.headers.get(header), header).toBe(first.res.headers.get(header));
    }
    expect(second.res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    // The copy's own headers stay inside.
    expect([...second.res.headers.keys()].filter((name) => name.startsWith('x-cong-khai'))).toEqual([]);
  });

  it('serves the new page on the next request after a publish, without a purge', async () => {
    await storePage(env.SITE, '/bao-cao/', page('Báo cáo quý I'), []);
    const site = countingSite();
    await get(site.bucket, '/bao-cao/');
    expect((await get(site.bucket, '/bao-cao/')).res.headers.get('x-cache')).toBe('HIT');

    await storePage(env.SITE, '/bao-cao/', page('Báo cáo quý II'), []);
    const after = await get(site.bucket, '/bao-cao/');
    expect(after.res.headers.get('x-cache')).toBe('MISS');
    expect(after.text).toContain('Báo cáo quý II');
    const again = await get(site.bucket, '/bao-cao/');
    expect(again.res.headers.get('x-cache')).toBe('HIT');
    expect(again.text).toContain('Báo cáo quý II');
  });

  it('answers conditions from the cached copy: 304 for the held version, 412 for a failed If-Match, no body for HEAD', async () => {
    await storePage(env.SITE, '/nhung/lich/', page('Lịch tiếp công dân'), []);
    const site = countingSite();
    const first = await get(site.bucket, '/nhung/lich/');
    const etag = first.res.headers.get('etag')!;
    // An embed keeps its frame rules through the cache.
    expect(first.res.headers.get('x-frame-options')).toBeNull();
    const held = await get(site.bucket, '/nhung/lich/', { headers: { 'if-none-match': etag } });
    expect([held.res.status, held.res.headers.get('x-cache'), held.text]).toEqual([304, 'HIT', '']);
    expect(held.res.headers.get('etag')).toBe(etag);
    const stale = await get(site.bucket, '/nhung/lich/', { headers: { 'if-match': '"khac"' } });
    expect([stale.res.status, stale.res.headers.get('x-cache')]).toEqual([412, 'HIT']);
    const head = await get(site.bucket, '/nhung/lich/', { method: 'HEAD' });
    expect([head.res.status, head.res.headers.get('x-cache'), head.text]).toEqual([200, 'HIT', '']);
    expect((await get(site.bucket, '/nhung/lich/')).res.headers.get('x-frame-options')).toBeNull();
  });

  it('keeps one copy per host: another host of the same site reads R2 once for itself', async () => {
    await storePage(env.SITE, '/thong-ke/', page('Thống kê'), []);
    await get(env.SITE, '/thong-ke/');
    const ctx = createExecutionContext();
    const other = await servePage(new Request('https://xa-thu-cu.example.vn/thong-ke/'), env.SITE, ctx);
    await other.text();
    await waitOnExecutionContext(ctx);
    expect(other.headers.get('x-cache')).toBe('MISS');
  });
});
