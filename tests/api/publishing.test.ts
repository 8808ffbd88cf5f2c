import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { consumePublish, dailyScope, queueOf, requestPublish, sendGroups, type Render } from '../../functions/publish.ts';
import { afterFocused, asFocused, focusedContext, isWrite } from '../../functions/priority.ts';
import { getPublishJob, listFailedPaths } from '../../schema/publishing/publish-jobs.db.ts';
import { chunks, SITE_PATHS_PATH, type PublishMessage } from '../../schema/publishing/publish-jobs.ts';
import { api, call, makeOfficial, sampleDisclosure } from '../helpers.ts';
import { slugsChangingOn } from '../../schema/disclosure/disclosures.db.ts';

/**
 * Issue 23: the publish queue's consumer stores what the site renders in R2, and citizens are
 * served those stored pages. The site here is a small one of the test's own — the real Astro
 * site is rendered by the deployed Worker and checked in the browser tests (tests/browser) — so
 * that the consumer's own rules can be seen one by one: a page removed by its 404, a page that
 * fails skipped and named, a message that renders nothing tried again, a stale page swept.
 */

const html = (title: string) => new Response(`<!doctype html><html lang="vi"><title>${title}</title><p>${title}</p></html>`, { headers: { 'content-type': 'text/html; charset=utf-8' } });

/** A site of five routes; `/hong/` fails as a page whose row breaks its template would. */
const smallSite: Render = async (path) => {
  if (path.split('?')[0] === SITE_PATHS_PATH) {
    const routes = [
      { route: '/', paths: ['/'] },
      { route: '/404/', paths: ['/404/'] },
      { route: '/cong-khai/[slug]/', paths: ['/cong-khai/a/'] },
      { route: '/hong/', paths: ['/hong/'] },
      { route: '/nhung/lich-tiep-cong-dan/', paths: ['/nhung/lich-tiep-cong-dan/'] },
    ];
    return Response.json({ routes, left: [{ path: '/cong-khai/bo-qua/', reason: 'nội dung số 9: tiêu đề có ký tự điều khiển' }] });
  }
  if (path === '/hong/') return new Response('lỗi dựng trang', { status: 500 });
  if (path === '/404/') return new Response('<!doctype html><title>Không tìm thấy</title><p>Không tìm thấy trang.</p>', { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
  if (path === '/cong-khai/b/') return new Response(null, { status: 404 });
  return html(`Trang ${path}`);
};

async function consume(messages: PublishMessage[], render: Render = smallSite, queue = 'cong-khai-xa-xuat-ban') {
  const batch = createMessageBatch<PublishMessage>(queue, messages.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: Date.now(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await consumePublish(batch, env, render);
  return getQueueResult(batch, ctx);
}

async function clearSite() {
  const listed = await env.SITE.list();
  if (listed.objects.length) await env.SITE.delete(listed.objects.map((o) => o.key));
}

describe('the publish consumer', () => {
  beforeEach(clearSite);

  it('stores every page of a full publish, skips and names the one that fails, and says when the job finished', async () => {
    const job = await requestPublish(env, 'test');
    // A stale page of a record that is gone: a full publish removes it.
    await env.SITE.put('cong-khai/da-xoa/index.html', 'cũ');
    const result = await consume([{ job, scope: { all: true } }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    // Keys starting with "_" are the Worker's (the publish generation, files' answers), no page.
    expect((await env.SITE.list()).objects.map((o) => o.key).filter((key) => !key.startsWith('_')).sort()).toEqual(['404.html', 'cong-khai/a/index.html', 'index.html', 'nhung/lich-tiep-cong-dan/index.html']);
    const stored = await getPublishJob(env.DB, job);
    // Five pages listed and the row the site left out: all accounted for, so the job is finished.
    expect(stored).toMatchObject({ pagesTotal: 6, pagesDone: 6, failure: null });
    expect(stored!.finishedAt).not.toBeNull();
    expect(await listFailedPaths(env.DB, job)).toEqual([
      { path: '/cong-khai/bo-qua/', reason: 'nội dung số 9: tiêu đề có ký tự điều khiển' },
      { path: '/hong/', reason: 'trang trả lời mã 500: lỗi dựng trang' },
    ]);
  });

  it('counts a message the queue delivers twice once: the job is not finished early, nor its pages doubled', async () => {
    const job = await requestPublish(env, 'test');
    await consume([{ job, scope: { all: true } }]);
    await consume([{ job, scope: { all: true } }]);
    expect(await getPublishJob(env.DB, job)).toMatchObject({ pagesTotal: 6, pagesDone: 6 });
    // A job of two messages: the first alone does not finish it.
    const two = await requestPublish(env, 'test');
    const many: Render = async (path) => {
      if (path !== SITE_PATHS_PATH) return smallSite(path, '');
      const paths = Array.from({ length: 201 }, (_, i) => `/cong-khai/muc-${i}/`);
      return Response.json({ routes: [{ route: '/cong-khai/[slug]/', paths }], left: [] });
    };
    await consume([{ job: two, scope: { all: true } }], many);
    expect(await getPublishJob(env.DB, two)).toMatchObject({ pagesTotal: 201, pagesDone: 200, finishedAt: null });
    await consume([{ job: two, chunk: 1, paths: ['/cong-khai/muc-200/'] }], many);
    await consume([{ job: two, chunk: 1, paths: ['/cong-khai/muc-200/'] }], many);
    const done = await getPublishJob(env.DB, two);
    expect(done).toMatchObject({ pagesTotal: 201, pagesDone: 201 });
    expect(done!.finishedAt).not.toBeNull();
  });

  it('tries again a message of one page that fails, instead of calling the job done', async () => {
    const job = await requestPublish(env, 'test');
    const result = await consume([{ job, chunk: 0, paths: ['/hong/'] }]);
    expect(result.retryMessages).toHaveLength(1);
    expect((await getPublishJob(env.DB, job))!.finishedAt).toBeNull();
  });

  it('removes the stored page of a named record whose page is gone (404)', async () => {
    await env.SITE.put('cong-khai/b/index.html', 'đã thu hồi khỏi danh sách');
    const job = await requestPublish(env, 'test', { disclosures: ['b'], areas: ['disclosures'] });
    await consume([{ job, scope: { disclosures: ['b'], areas: ['disclosures'] } }]);
    // The named page is handled alone first; the rest of the job is the next message.
    expect(await env.SITE.head('cong-khai/b/index.html')).toBeNull();
    expect(await env.SITE.head('index.html')).toBeNull();
    expect((await getPublishJob(env.DB, job))!.finishedAt).toBeNull();
    await consume([{ job, scope: { disclosures: ['b'], areas: ['disclosures'] }, done: ['/cong-khai/b/'] }]);
    // Of the site's routes only the home page is in the disclosures' area besides the named page.
    expect(await env.SITE.head('index.html')).not.toBeNull();
    expect((await getPublishJob(env.DB, job))!.finishedAt).not.toBeNull();
    expect(await env.SITE.head('nhung/lich-tiep-cong-dan/index.html')).toBeNull();
  });

  it('tries a message again, later, when no page of it could be rendered (D1 or the renderer down)', async () => {
    const job = await requestPublish(env, 'test');
    const down: Render = async () => new Response('D1_ERROR: database is locked', { status: 500 });
    const result = await consume([{ job, chunk: 0, paths: ['/', '/cong-khai/a/'] }], down);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: expect.stringMatching(/^m0-/) })]);
    expect((await getPublishJob(env.DB, job))!.finishedAt).toBeNull();
  });

  it('marks the job failed, in Vietnamese, when the queue gives up on it (dead-letter queue)', async () => {
    const job = await requestPublish(env, 'test');
    await consume([{ job, chunk: 0, paths: ['/'] }], smallSite, 'cong-khai-xa-xuat-ban-loi');
    expect((await getPublishJob(env.DB, job))!.failure).toContain('Đã thử lại nhiều lần mà không xuất bản được');
  });
});

describe('a citizen request for a stored page', () => {
  beforeEach(async () => {
    await clearSite();
    const job = await requestPublish(env, 'test');
    await consume([{ job, scope: { all: true } }]);
  });

  it('is served from R2 with its ETag, and answers 304 when the browser holds it', async () => {
    const res = await call('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Trang /');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const again = await call('/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('lets an embed be framed (its frame-ancestors, no X-Frame-Options), where a page answers DENY', async () => {
    const res = await call('/nhung/lich-tiep-cong-dan/');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });

  it('sends a folder typed without its slash to the folder, and anything else to the 404 page', async () => {
    const folder = await call('/cong-khai/a', { redirect: 'manual' });
    expect(folder.status).toBe(301);
    expect(folder.headers.get('location')).toBe('/cong-khai/a/');
    const missing = await call('/khong-co/');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Không tìm thấy trang.');
    expect((await call('/', { method: 'POST' })).status).toBe(405);
  });

  it('says the site is being published, before the first publish has stored anything', async () => {
    await clearSite();
    const res = await call('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('đang được xuất bản');
  });
});

describe('the daily publish', () => {
  it('names as changing today the items whose posting begins today or ended yesterday, not one still posted or permanent', async () => {
    const official = await makeOfficial();
    const day = '2031-03-10';
    const make = async (title: string, postingStart: string, postingEnd: string | undefined) => {
      const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title, issuedOn: '2031-01-02', postingStart, postingEnd, permanent: postingEnd === undefined, publish: true }));
      expect(res.status).toBe(201);
      return ((await res.json()) as { slug: string }).slug;
    };
    const begins = await make('Niêm yết từ hôm nay', day, '2031-04-30');
    const ended = await make('Hết niêm yết hôm qua', '2031-02-01', '2031-03-09');
    const still = await make('Còn đang niêm yết', '2031-02-01', '2031-03-31');
    const permanent = await make('Công khai thường xuyên từ trước', '2031-02-01', undefined);
    const changing = await slugsChangingOn(env.DB, day, '2031-03-09');
    expect(changing).toEqual(expect.arrayContaining([begins, ended]));
    expect(changing).not.toContain(still);
    expect(changing).not.toContain(permanent);
  });
});

describe('dailyScope', () => {
  it('renders everything when a job of the last day failed or never finished, else a scope of named detail pages over every area', async () => {
    const job = await requestPublish(env, 'test');
    await consume([{ job, chunk: 0, paths: ['/hong/'] }]); // retried: not finished
    const inAnHour = new Date(Date.now() + 3_600_000);
    expect(await dailyScope(env, '2031-03-10', inAnHour)).toEqual({ all: true });
    // Three days later that job is out of the window: nothing is owed.
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(await dailyScope(env, '2031-03-10', later)).toEqual({ disclosures: expect.any(Array) });
  });
});

describe('sendGroups', () => {
  it('sends the messages of a full publish at 10,000 items in batches the queue takes (≤ 100 messages, ≤ 256 KB)', () => {
    const paths = Array.from({ length: 11_500 }, (_, i) => `/cong-khai/thong-bao-so-${i}-ve-dang-ky-tiep-cong-dan-va-dau-tu-cong-khai/`);
    const messages = chunks(paths).map((p, i) => ({ body: { job: 1, chunk: i + 1, paths: p } }));
    const groups = sendGroups(messages);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flat()).toEqual(messages);
    for (const g of groups) {
      expect(g.length).toBeLessThanOrEqual(100);
      expect(new TextEncoder().encode(JSON.stringify(g.map((m) => m.body))).length).toBeLessThan(256 * 1024);
    }
  });
});

describe('the focused queue', () => {
  it('takes a job naming a few detail pages (a write\'s own page); lists, areas, full publishes stay on the bulk queue', () => {
    expect(env.PUBLISH_FOCUS_QUEUE).toBeDefined();
    expect(queueOf(env, { disclosures: ['mot'] })).toBe(env.PUBLISH_FOCUS_QUEUE);
    expect(queueOf(env, { disclosures: ['mot'], areas: ['disclosures'] })).toBe(env.PUBLISH_FOCUS_QUEUE);
    expect(queueOf(env, { disclosures: [], areas: ['reception'] })).toBe(env.PUBLISH_QUEUE);
    expect(queueOf(env, { all: true })).toBe(env.PUBLISH_QUEUE);
    expect(queueOf(env, { disclosures: Array.from({ length: 11 }, (_, i) => `muc-${i}`) })).toBe(env.PUBLISH_QUEUE);
  });
});

describe('a write\'s own page first (functions/priority.ts)', () => {
  it('a bulk page waits while focused work runs in the isolate, then goes on', async () => {
    const order: string[] = [];
    let release!: () => void;
    const focused = asFocused(async () => {
      await new Promise<void>((r) => (release = r));
      order.push('focused');
    });
    const bulk = afterFocused().then(() => order.push('bulk'));
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]);
    release();
    await Promise.all([focused, bulk]);
    expect(order).toEqual(['focused', 'bulk']);
    // Nothing focused running: no wait at all.
    let passed = false;
    const next = afterFocused().then(() => (passed = true));
    await Promise.resolve();
    await next;
    expect(passed).toBe(true);
  });

  it('an official\'s write counts as focused, with its after-answer work; a read does not', async () => {
    const at = (method: string, path: string) => isWrite(new Request(`http://x.localhost${path}`, { method }), path);
    expect([at('POST', '/api/v1/disclosures'), at('PUT', '/api/v1/statistics/procedures'), at('POST', '/admin/cong-khai'), at('DELETE', '/admin')]).toEqual([true, true, true, true]);
    expect([at('GET', '/api/v1/health'), at('HEAD', '/admin'), at('POST', '/gop-y'), at('POST', '/apis')]).toEqual([false, false, false, false]);
    // The write's waitUntil (its publish request) holds the bulk until it settles.
    const held: Promise<unknown>[] = [];
    const ctx = focusedContext({ waitUntil: (p: Promise<unknown>) => void held.push(p), passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext);
    let release!: () => void;
    ctx.waitUntil(new Promise<void>((r) => (release = r)));
    let bulk = false;
    const waited = afterFocused().then(() => (bulk = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(bulk).toBe(false);
    release();
    await Promise.all([...held, waited]);
    expect(bulk).toBe(true);
  });
});
