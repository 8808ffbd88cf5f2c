import { createScheduledController, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import worker from '../../functions/index.ts';
import { DAILY_CRON, requestPublish, retryPublish } from '../../functions/publish.ts';
import { getPublishState } from '../../schema/db/publish-state.ts';
import { SITE_STAMP_PATH, type SiteStamp } from '../../schema/publish-state.ts';
import { call, ORIGIN, sessionOf } from '../helpers.ts';

/**
 * A failed publish is kept, retried with backoff and shown in the admin. The hook is a real
 * HTTP server on loopback (tests/publish-hook-server.ts) that fails a given number of times;
 * the state lives in the real local D1.
 */

interface HookCall {
  status: number;
  body: { reason: string; scope: unknown };
}

/** A hook of its own for each test, failing its first `fail` calls. */
function hookEnv(fail: number): { env: Env; calls: () => Promise<HookCall[]> } {
  const key = crypto.randomUUID();
  const base = inject('publishHookUrl');
  return {
    env: { ...env, PUBLISH_HOOK_URL: `${base}/hook/${key}?fail=${fail}` },
    calls: async () => (await fetch(`${base}/calls/${key}`)).json(),
  };
}

const at = (minutes: number) => () => new Date(Date.UTC(2030, 0, 1, 3, 0) + minutes * 60_000).toISOString();

beforeEach(async () => {
  await env.DB.prepare(
    "UPDATE publish_state SET last_success_at = NULL, last_failure_at = NULL, last_failure_reason = NULL, attempts = 0, next_try_at = NULL, pending_scope = NULL",
  ).run();
});

describe('publishing when the hook fails', () => {
  it('stores the failure and its reason, waits 1 then 5 minutes, and sends everything owed when the hook is back', async () => {
    const hook = hookEnv(2);
    await requestPublish(hook.env, 'disclosure created', { disclosures: ['ke-hoach-a'] }, at(0));
    let state = await getPublishState(env.DB);
    expect(state).toMatchObject({
      lastSuccessAt: null,
      lastFailureAt: at(0)(),
      lastFailureReason: 'Máy chủ xuất bản trả lời mã lỗi 503.',
      attempts: 1,
      nextTryAt: at(1)(),
      pendingScope: { disclosures: ['ke-hoach-a'] },
    });

    // Not due yet: no call.
    expect(await retryPublish(hook.env, at(0.5))).toBe(false);
    expect(await hook.calls()).toHaveLength(1);

    // Due: the second try fails too; the next waits 5 minutes.
    expect(await retryPublish(hook.env, at(1))).toBe(true);
    state = await getPublishState(env.DB);
    expect(state).toMatchObject({ attempts: 2, nextTryAt: at(6)(), pendingScope: { disclosures: ['ke-hoach-a'] } });

    // A new write meanwhile adds its pages to what is owed.
    const retried = hookEnv(0);
    await requestPublish({ ...retried.env, PUBLISH_HOOK_URL: hook.env.PUBLISH_HOOK_URL }, 'disclosure edited', { disclosures: ['bao-cao-b'] }, at(3));
    state = await getPublishState(env.DB);
    expect(state).toMatchObject({ lastSuccessAt: at(3)(), attempts: 0, nextTryAt: null, pendingScope: null });
    const calls = await hook.calls();
    expect(calls.map((c) => c.status)).toEqual([503, 503, 204]);
    expect(calls[2]!.body.scope).toEqual({ disclosures: ['ke-hoach-a', 'bao-cao-b'] });
  });

  it('backs off 1, 5, 30, then 60 minutes between tries', async () => {
    const hook = hookEnv(99);
    await requestPublish(hook.env, 'unit settings', { all: true }, at(0));
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const { nextTryAt } = await getPublishState(env.DB);
      const next = (Date.parse(nextTryAt!) - Date.parse(at(0)())) / 60_000;
      waits.push(next - now);
      now = next;
      expect(await retryPublish(hook.env, at(now))).toBe(true);
    }
    expect(waits).toEqual([1, 5, 30, 60, 60]);
    expect(await hook.calls()).toHaveLength(6);
  });

  it('the daily run publishes everything, which clears what a failed publish owed', async () => {
    const failing = hookEnv(1);
    await requestPublish(failing.env, 'petition statistics', { disclosures: [] }, at(0));
    expect((await getPublishState(env.DB)).pendingScope).toEqual({ disclosures: [] });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: DAILY_CRON, scheduledTime: Date.parse(at(600)()) }), failing.env, ctx);
    await waitOnExecutionContext(ctx);
    const calls = await failing.calls();
    expect(calls.map((c) => [c.status, c.body.scope])).toEqual([
      [503, { disclosures: [] }],
      [204, { all: true }],
    ]);
    expect(await getPublishState(env.DB)).toMatchObject({ attempts: 0, pendingScope: null, nextTryAt: null });
  });

  it('the per-minute run retries only once the backoff has passed', async () => {
    const hook = hookEnv(1);
    await requestPublish(hook.env, 'reception rule', { disclosures: [] }, () => new Date().toISOString());
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), hook.env, ctx);
    await waitOnExecutionContext(ctx);
    // The try was seconds ago: the retry is due in a minute, so the cron does nothing yet.
    expect(await hook.calls()).toHaveLength(1);
    await env.DB.prepare("UPDATE publish_state SET next_try_at = '2000-01-01T00:00:00.000Z'").run();
    const later = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), hook.env, later);
    await waitOnExecutionContext(later);
    expect((await hook.calls()).map((c) => c.status)).toEqual([503, 204]);
  });
});

describe('GET /admin/ publish panel', () => {
  it('shows the last failure with its reason and the next try, in Vietnamese', async () => {
    const hook = hookEnv(1);
    await requestPublish(hook.env, 'disclosure created', { disclosures: ['a'] }, at(0));
    const { cookie } = await sessionOf('editor');
    const page = await (await call('/admin/', { headers: { cookie } })).text();
    expect(page).toContain('Xuất bản trang công khai');
    expect(page).toContain('Lần lỗi gần nhất');
    expect(page).toContain('Máy chủ xuất bản trả lời mã lỗi 503.');
    // 2030-01-01 03:01 UTC is 10:01 in Vietnam.
    expect(page).toContain('<time datetime="2030-01-01T03:01:00.000Z">10:01, 01/01/2030</time>');
  });

  it("names the rows the served build left out, from that build's stamp, with a link to each", async () => {
    const stamp: SiteStamp = { readAt: at(0)(), unpublishable: [{ id: 4242, slug: 'tieu-de-hong', reason: 'Tiêu đề chứa ký tự điều khiển U+0001.' }] };
    const { cookie } = await sessionOf('editor');
    const page = await (await adminServing(stamp, cookie)).text();
    expect(page).toContain('Không xuất bản được: <a href="/admin/cong-khai/4242">nội dung số 4242 (tieu-de-hong)</a>: Tiêu đề chứa ký tự điều khiển U+0001.');
    // 2030-01-01 03:00 UTC is 10:00 in Vietnam: when that build read D1.
    expect(page).toContain('Lần xây dựng trang lúc <time datetime="2030-01-01T03:00:00.000Z">10:00, 01/01/2030</time> đã bỏ qua 1 nội dung');
  });

  it('names no row when the served build left none out', async () => {
    const { cookie } = await sessionOf('editor');
    const page = await (await adminServing({ readAt: at(0)(), unpublishable: [] }, cookie)).text();
    expect(page).toContain('bản dựng từ dữ liệu lúc <time datetime="2030-01-01T03:00:00.000Z">');
    expect(page).not.toContain('Không xuất bản được');
  });
});

/**
 * GET /admin/ through the Worker, its assets binding serving a built site whose only file is
 * `stamp` at /phien-ban.json (the pool's own binding serves site/dist, which no unit test builds;
 * tests/browser/local-portal.test.ts reads a real build's stamp).
 */
async function adminServing(stamp: SiteStamp, cookie: string): Promise<Response> {
  const files = new Map([[SITE_STAMP_PATH, JSON.stringify(stamp)]]);
  const assets = {
    fetch: async (input: RequestInfo | URL) => {
      const body = files.get(new URL(input instanceof Request ? input.url : input).pathname);
      return body === undefined ? new Response('Không tìm thấy', { status: 404 }) : new Response(body, { headers: { 'content-type': 'application/json' } });
    },
  } as Fetcher;
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}/admin/`, { headers: { cookie } }), { ...env, ASSETS: assets }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
