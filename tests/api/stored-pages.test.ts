import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { storePage } from '../../functions/site-store.ts';
import { NOT_FOUND_PATH } from '../../schema/publishing/publish-jobs.ts';
import { call } from '../helpers.ts';

/**
 * Stored citizen pages (functions/site-store.ts servePage) as HTTP asks them to be served:
 * conditional requests answered by RFC 9110's rules, and one address per page (the folder, not
 * its `index.html`; the 404 page only as the answer to a missing page).
 */

const page = (text: string, status = 200) => new Response(`<!doctype html><html lang="vi"><title>${text}</title><p>${text}</p></html>`, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

async function clearSite() {
  const listed = await env.SITE.list();
  if (listed.objects.length) await env.SITE.delete(listed.objects.map((o) => o.key));
}

beforeEach(async () => {
  await clearSite();
  await storePage(env.SITE, '/', page('Trang chủ'), []);
  await storePage(env.SITE, '/cong-khai/', page('Công khai'), []);
  await storePage(env.SITE, NOT_FOUND_PATH, page('Không tìm thấy trang.', 404), []);
});

describe('GET of a stored page with conditions', () => {
  it('answers 412, not 304 nor the page, when If-Match names another version; the page when it names this one', async () => {
    const etag = (await call('/cong-khai/')).headers.get('etag')!;
    const stale = await call('/cong-khai/', { headers: { 'if-match': '"0123456789abcdef"' } });
    expect(stale.status).toBe(412);
    expect(await stale.text()).toBe('');
    // A weak tag never matches If-Match (strong comparison).
    expect((await call('/cong-khai/', { headers: { 'if-match': `W/${etag}` } })).status).toBe(412);
    const current = await call('/cong-khai/', { headers: { 'if-match': `"other", ${etag}` } });
    expect(current.status).toBe(200);
    expect(await current.text()).toContain('Công khai');
    expect((await call('/cong-khai/', { headers: { 'if-match': '*' } })).status).toBe(200);
    // A page that does not exist fails any If-Match.
    expect((await call('/khong-co/', { headers: { 'if-match': '*' } })).status).toBe(412);
  });

  it('answers 304 without a body when If-None-Match names the page (also weakly, also among others), the page when not', async () => {
    const etag = (await call('/')).headers.get('etag')!;
    for (const held of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await call('/', { headers: { 'if-none-match': held } });
      expect(res.status, held).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    }
    const changed = await call('/', { headers: { 'if-none-match': '"0123456789abcdef"' } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Trang chủ');
  });

  it('decides If-Match before If-None-Match, and uses the dates only without tags', async () => {
    const etag = (await call('/')).headers.get('etag')!;
    expect((await call('/', { headers: { 'if-match': '"khac"', 'if-none-match': etag } })).status).toBe(412);
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    expect((await call('/', { headers: { 'if-unmodified-since': past } })).status).toBe(412);
    expect((await call('/', { headers: { 'if-unmodified-since': future } })).status).toBe(200);
    expect((await call('/', { headers: { 'if-modified-since': future } })).status).toBe(304);
    expect((await call('/', { headers: { 'if-modified-since': past } })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await call('/', { headers: { 'if-none-match': '"khac"', 'if-modified-since': future } })).status).toBe(200);
  });
});

describe('the addresses of stored pages', () => {
  it('sends /index.html and a folder\'s index.html to the folder (301), keeping the query', async () => {
    const home = await call('/index.html', { redirect: 'manual' });
    expect(home.status).toBe(301);
    expect(home.headers.get('location')).toBe('/');
    const folder = await call('/cong-khai/index.html?trang=2', { redirect: 'manual' });
    expect(folder.status).toBe(301);
    expect(folder.headers.get('location')).toBe('/cong-khai/?trang=2');
  });

  it('answers 404 for an index.html of no stored folder, for /404.html and for the Worker\'s own keys', async () => {
    for (const path of ['/khong-co/index.html', '/404.html', '/_the-he', '/_tep/1']) {
      const res = await call(path, { redirect: 'manual' });
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('Không tìm thấy trang.');
    }
  });
});
