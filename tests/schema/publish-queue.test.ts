import { describe, expect, it } from 'vitest';
import { PublishQueue } from '../../scripts/publisher/queue.ts';
import type { PublishScope } from '../../schema/publish.ts';

/** The local publisher's queue (scripts/publisher/queue.ts), with a minute of 10 ms. */
describe('PublishQueue', () => {
  it('tries a failed build again after the backoff, with what was asked meanwhile, and stops once it succeeds', async () => {
    const builds: { scope: PublishScope; at: number }[] = [];
    const lines: string[] = [];
    let failuresLeft = 2;
    const queue = new PublishQueue(
      async (scope) => {
        builds.push({ scope, at: Date.now() });
        if (failuresLeft-- > 0) throw new Error('astro build exited with 1');
      },
      (line) => lines.push(line),
      10,
    );
    const start = Date.now();
    queue.request({ disclosures: ['a'] });
    await queue.idle();
    expect(builds).toHaveLength(1);
    // Asked during the backoff: it waits for the retry and goes with it.
    queue.request({ disclosures: ['b'] });
    expect(builds).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1 * 10 + 5 * 10 + 60));
    await queue.idle();
    expect(builds.map((b) => b.scope)).toEqual([{ disclosures: ['a'] }, { disclosures: ['a', 'b'] }, { disclosures: ['a', 'b'] }]);
    // 1 "minute", then 5 "minutes" between the tries.
    expect(builds[1]!.at - start).toBeGreaterThanOrEqual(10);
    expect(builds[2]!.at - builds[1]!.at).toBeGreaterThanOrEqual(50);
    expect(lines[0]).toBe('Xuất bản thất bại (lần 1), trang cũ vẫn được phục vụ; thử lại sau 1 phút: astro build exited with 1');
    expect(lines[1]).toContain('(lần 2)');
    expect(lines[1]).toContain('thử lại sau 5 phút');
    queue.stop();
  });
});
