import { createServer, type Server } from 'node:http';
import { EVERYTHING, mergeScopes, PublishRequestSchema, type PublishScope } from '../../schema/publish.ts';

/**
 * Publishing is serialised: writes during a build add to the pending scope, and one more build
 * follows with everything they asked for (schema/publish.ts mergeScopes).
 */
export class PublishQueue {
  #running: Promise<void> | null = null;
  #pending: PublishScope | null = null;
  readonly #publish: (scope: PublishScope) => Promise<void>;
  readonly #log: (line: string) => void;

  constructor(publish: (scope: PublishScope) => Promise<void>, log: (line: string) => void) {
    this.#publish = publish;
    this.#log = log;
  }

  request(scope: PublishScope): void {
    this.#pending = mergeScopes(this.#pending, scope);
    this.#running ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending) {
      const next = this.#pending;
      this.#pending = null;
      try {
        await this.#publish(next);
      } catch (error) {
        this.#log(`Xuất bản thất bại, trang cũ vẫn được phục vụ: ${(error as Error).message}`);
      }
    }
    this.#running = null;
  }

  /** Resolves when the build under way, and those queued behind it, are done. */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve();
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
