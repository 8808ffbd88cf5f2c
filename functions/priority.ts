/**
 * Publishing's two kinds of work, when they share an isolate: a write's own page (a batch of the
 * focused queue, functions/publish.ts) and the bulk (the rest of every job, full publishes, the
 * province's pages). An isolate runs JavaScript on one thread, and two queue invocations in one
 * isolate take turns only where each awaits: a bulk message renders its pages one after another,
 * so each step of a focused render (a D1 read, an R2 put) waited for a whole bulk page render.
 * Measured locally (one workerd, 2 cores, 4 other communes writing): a write's page took 11.8 s
 * (p50) with the two queues and no priority (docs/province.md). So bulk rendering waits before
 * each page while focused work runs in its isolate, at most FOCUSED_WAIT_MS a page, so that a
 * stream of writes never stops the bulk. Per isolate: on Cloudflare, an invocation in another
 * isolate is not slowed by this one and does not wait for it.
 *
 * An official's write (a non-GET request to the API or the admin, functions/worker.ts) is focused
 * work too, with what it does after its answer (its waitUntil: the publish job and the message
 * on the focused queue): with 4 other communes writing, a write's POST answered in 0.2 s (p50)
 * and up to 3.2 s, against 0.03 s alone, while bulk pages rendered between its D1 reads
 * (docs/province.md, "Where the time went under load").
 */

/** The longest a bulk page waits for focused work: the bulk goes on though writes keep coming. */
const FOCUSED_WAIT_MS = 3000;

let focused = 0;
let waiting: (() => void)[] = [];

/** Runs focused work (a batch of the focused queue): bulk renders in this isolate wait for it. */
export async function asFocused<T>(work: () => Promise<T>): Promise<T> {
  focused++;
  try {
    return await work();
  } finally {
    if (--focused === 0) {
      const ready = waiting;
      waiting = [];
      for (const go of ready) go();
    }
  }
}

/** Resolves when no focused work runs in this isolate, or after FOCUSED_WAIT_MS: a bulk page awaits it before rendering. */
export function afterFocused(): Promise<void> {
  if (focused === 0) return Promise.resolve();
  return new Promise((go) => {
    const timer = setTimeout(go, FOCUSED_WAIT_MS);
    waiting.push(() => {
      clearTimeout(timer);
      go();
    });
  });
}

/** A write request: its own answer and its after-answer work are focused (functions/worker.ts). */
export const isWrite = (request: Request, path: string): boolean => request.method !== 'GET' && request.method !== 'HEAD' && /^\/(api|admin)(\/|$)/.test(path);

/** The request's context, its waitUntil work counted as focused: a write's publish request is sent after its answer. */
export function focusedContext(ctx: ExecutionContext): ExecutionContext {
  return {
    waitUntil: (promise: Promise<unknown>) => ctx.waitUntil(asFocused(() => promise)),
    passThroughOnException: () => ctx.passThroughOnException(),
    props: ctx.props,
  } as ExecutionContext;
}
