import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminCookie, call, makeOfficial } from '../helpers.ts';

/**
 * Admin forms default to a period by Vietnam's calendar (UTC+7), not the server's (UTC): in the
 * last seven hours of a month or a year the two disagree. The clock is set with vitest's fake
 * Date, which the Worker's handler shares with the test in the workers pool.
 */

const page = async (path: string, cookie: string) => (await call(path, { headers: { cookie } })).text();
const selected = (html: string, name: string) => html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="${name}"`))?.slice(1).find(Boolean);

describe('admin period defaults follow Vietnam’s date', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('GET /admin/thong-ke/don-thu: at 01:00 on 1/1/2026 in Vietnam (18:00 UTC on 31/12/2025) the year is 2026', async () => {
    const cookie = await adminCookie(await makeOfficial());
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-12-31T18:00:00Z'));
    expect(selected(await page('/admin/thong-ke/don-thu', cookie), 'year')).toBe('2026');
  });

  it('GET /admin/bao-cao/: on 1/6/2026 in Vietnam (31/5 18:00 UTC) the report defaults to the first half of 2026', async () => {
    const cookie = await adminCookie(await makeOfficial());
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-31T18:00:00Z'));
    const html = await page('/admin/bao-cao/', cookie);
    expect([selected(html, 'year'), selected(html, 'number')]).toEqual(['2026', '1']);
  });
});
