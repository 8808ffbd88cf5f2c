import { createServer, type Server } from 'node:http';
import { EVERYTHING, mergeScopes, PublishRequestSchema, type PublishScope } from '../../schema/publish.ts';
import { RETRY_DELAYS_MINUTES } from '../../schema/publish-state.ts';

/**
 * Publishing is serialised: writes during a build add to the pending scope, and one more build
 * follows with everything they asked for (schema/publish.ts mergeScopes). A build that fails
 * leaves the last good site served and is tried again after 1, 5, 30, then every 60 minutes
 * (schema/publish-state.ts), with whatever was asked meanwhile.
 */
export class PublishQueue {
  #running: Promise<void> | null = null;
  #pending: PublishScope | null = null;
  #failures = 0;
  #retry: NodeJS.Timeout | null = null;
  readonly #publish: (scope: PublishScope) => Promise<void>;
  readonly #log: (line: string) => void;
  readonly #minute: number;

  /** `minuteMs` shortens the backoff in tests. */
  constructor(publish: (scope: PublishScope) => Promise<void>, log: (line: string) => void, minuteMs = 60_000) {
    this.#publish = publish;
    this.#log = log;
    this.#minute = minuteMs;
  }

  request(scope: PublishScope): void {
    this.#pending = mergeScopes(this.#pending, scope);
    // A new request during a backoff waits for it: the build would most likely fail again.
    if (!this.#retry) this.#running ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending) {
      const next = this.#pending;
      this.#pending = null;
      try {
        await this.#publish(next);
        this.#failures = 0;
      } catch (error) {
        this.#failures++;
        this.#pending = mergeScopes(this.#pending, next);
        const delay = RETRY_DELAYS_MINUTES[Math.min(this.#failures, RETRY_DELAYS_MINUTES.length) - 1]!;
        this.#log(`Xuất bản thất bại (lần ${this.#failures}), trang cũ vẫn được phục vụ; thử lại sau ${delay} phút: ${(error as Error).message}`);
        this.#retry = setTimeout(() => {
          this.#retry = null;
          this.#running ??= this.#drain();
        }, delay * this.#minute);
        this.#retry.unref();
        break;
      }
    }
    this.#running = null;
  }

  /** Resolves when the build under way, and those queued behind it, are done (a scheduled retry is not waited for). */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  /** Drops a scheduled retry (the portal is closing). */
  stop(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
  }
}

/**
 * The local publish hook: the Worker POSTs `{ reason, scope }` (functions/publish.ts) with the
 * token this portal gave it. A body that does not parse publishes everything: a publish too
 * many costs seconds, a missed one leaves citizens with an old page.
 */
export async function startHook(port: number, token: string, queue: PublishQueue): Promise<Server> {
  const hook = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/publish' || req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let scope: PublishScope = EVERYTHING;
      try {
        const parsed = PublishRequestSchema.safeParse(JSON.parse(body));
        if (parsed.success) scope = parsed.data.scope;
      } catch {
        // not JSON: publish everything
      }
      queue.request(scope);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => hook.listen(port, '127.0.0.1', r));
  return hook;
}
