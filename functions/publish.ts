import { EVERYTHING, type PublishScope } from '../schema/publish.ts';
import { claimTemplateVersion, insertPublishJob, publishOwed, recordChunk, recordJobFailure, setJobPlan } from '../schema/db/publish-jobs.ts';
import { getUnit } from '../schema/db/unit.ts';
import { listEarlierNames } from '../schema/db/unit-names.ts';
import { disclosureIds, slugsChangingOn } from '../schema/db/disclosures.ts';
import { addDays } from '../schema/dates.ts';
import { rebuildSearchIndex, refreshSearchEntries } from '../schema/db/search.ts';
import {
  chunks,
  focusedGeneration,
  FOCUSED_PAGES,
  NOT_FOUND_KEY,
  pathsOfScope,
  SITE_PATHS_PATH,
  storageKey,
  type FailedPath,
  type PublishMessage,
  type SiteRoute,
} from '../schema/publish-jobs.ts';
import { listStoredKeys, storePage } from './site-store.ts';

/**
 * Renders one path of the citizen site with the site's own Astro pages, as the public would
 * see it under `origin`; `generation` names the read of D1 the render shares with the other
 * paths of its message (site/src/lib/render-context.ts). Given by functions/worker.ts, the
 * entry that bundles the site.
 */
export type Render = (path: string, generation: string) => Promise<Response>;

const now = () => new Date().toISOString();

/**
 * Asks for the citizen pages a write touched to be published: a job row the admin home shows,
 * and a message on the publish queue that the consumer below turns into stored pages. The
 * write itself is already stored; if the queue cannot be reached the job says so and the daily
 * run republishes everything. A lazy scope (a use case's "pages that show this item",
 * schema/publish.ts) is looked up here, after the answer.
 */
export async function requestPublish(env: Env, reason: string, scope: PublishScope | (() => Promise<PublishScope>) = EVERYTHING): Promise<number> {
  const wanted = typeof scope === 'function' ? await scope() : scope;
  const job = await insertPublishJob(env.DB, reason, wanted, now());
  try {
    await env.PUBLISH_QUEUE.send({ job, scope: wanted } satisfies PublishMessage);
  } catch (error) {
    console.error(`publish queue unavailable (${reason})`, error);
    await recordJobFailure(env.DB, job, `Không gửi được yêu cầu xuất bản (${(error as Error).message}); trang sẽ được xuất bản lại lúc 00:05.`, now());
  }
  return job;
}

/** Seconds before the queue delivers a failed message again: 10 s, 30 s, 1, 5, 15 minutes. */
const RETRY_DELAYS = [10, 30, 60, 300, 900];

/**
 * The publish queue's consumer. A message with a scope is listed into paths (a full publish
 * also removes stored pages whose record is gone); up to PATHS_PER_MESSAGE paths are rendered
 * at once, more are sent on as messages of their own. A page that fails to render is skipped and
 * named on its job (a poison row never blocks the others); a message whose every page fails, or
 * that cannot read D1, is retried with a growing delay and, after the last try, lands in the
 * dead-letter queue, whose consumer marks the job failed for the admin home.
 */
export async function consumePublish(batch: MessageBatch<PublishMessage>, env: Env, render: Render): Promise<void> {
  if (batch.queue.endsWith('-loi')) {
    for (const message of batch.messages) {
      await recordJobFailure(env.DB, message.body.job, 'Đã thử lại nhiều lần mà không xuất bản được. Những thay đổi đã lưu vẫn còn; trang sẽ được xuất bản lại lúc 00:05, hoặc khi có thay đổi mới.', now());
      message.ack();
    }
    return;
  }
  for (const message of batch.messages) {
    try {
      await handle(message.body, `${message.id}-${message.attempts}`, env, render);
      message.ack();
    } catch (error) {
      console.error(`publish job ${message.body.job} failed (try ${message.attempts})`, error);
      message.retry({ delaySeconds: RETRY_DELAYS[Math.min(message.attempts, RETRY_DELAYS.length) - 1] });
    }
  }
}

async function handle(message: PublishMessage, generation: string, env: Env, render: Render): Promise<void> {
  if ('paths' in message) {
    await renderPaths(message.job, message.chunk, message.paths, generation, env, render);
    return;
  }
  // The detail pages a change names are rendered first, each from a read of its own rows
  // (focusedGeneration), and the rest of the job is sent on as a message of its own, a second
  // later: the listing reads every row, and while an invocation of the consumer runs, `wrangler
  // dev` answers no request to the Worker (a probe: a page request sent then waited 1.0–1.4 s,
  // docs/benchmarks.md). The second lets the requests waiting meanwhile be answered, so the
  // saved page is public at once; it costs the lists, feeds and open data one second.
  const named = 'all' in message.scope ? [] : message.scope.disclosures;
  if (message.done === undefined && named.length && named.length <= FOCUSED_PAGES) {
    const paths = named.map((slug) => `/cong-khai/${slug}/`);
    const failed = await renderEach(paths, (path) => focusedGeneration(generation, path.split('/')[2]!), env, render);
    if (failed.length === paths.length) throw new Error(`no page rendered: ${failed[0]!.reason}`);
    // Counted on the job (chunk -2: not awaited for its end), then the rest.
    await recordChunk(env.DB, message.job, -2, paths.length, failed, now());
    await env.PUBLISH_QUEUE.send({ ...message, done: paths } satisfies PublishMessage, { delaySeconds: 1 });
    return;
  }
  const listing = await render(named.length ? `${SITE_PATHS_PATH}?ten=${named.join(',')}` : SITE_PATHS_PATH, generation);
  if (!listing.ok) throw new Error(`the site could not list its paths: ${listing.status} ${(await listing.text()).slice(0, 300)}`);
  const { routes, left, showing } = (await listing.json()) as { routes: SiteRoute[]; left: FailedPath[]; showing: string[] };
  const done = new Set(message.done);
  const paths = pathsOfScope(routes, message.scope, showing).filter((path) => !done.has(path));
  if ('all' in message.scope) await sweep(env.SITE, paths);
  // Everything below may run twice (a retried message): each step is idempotent.
  const parts = chunks(paths);
  await setJobPlan(env.DB, message.job, paths.length + done.size + left.length, parts.length, now());
  // The rows the site leaves out count as skipped pages of the job, each named with its reason.
  if (left.length) await recordChunk(env.DB, message.job, -1, left.length, left, now());
  const [first, ...rest] = parts;
  const sends = rest.map((p, i) => ({ body: { job: message.job, chunk: i + 1, paths: p } satisfies PublishMessage }));
  for (const group of sendGroups(sends)) await env.PUBLISH_QUEUE.sendBatch(group);
  // The first chunk is rendered at once: a write's own pages are public without a second trip.
  if (first) await renderPaths(message.job, 0, first, generation, env, render);
  // Search (the live page, D1 FTS5) follows what was just published: the rows of the named
  // disclosures when only they changed, else a rebuild of every row (about 4 s at 10,000
  // records, docs/benchmarks.md), after the pages, so it never delays them.
  if (!('all' in message.scope) && message.scope.areas?.length === 1 && message.scope.areas[0] === 'disclosures') {
    await refreshSearchEntries(env.DB, 'disclosure', await disclosureIds(env.DB, named));
  } else {
    await rebuildSearchIndex(env.DB);
  }
}

/**
 * Messages grouped for `sendBatch`, which takes at most 100 messages and 256 KB in all (Queues
 * limits): at 10,000 items a full publish is ~58 messages of 200 paths, ~600 KB, and one
 * sendBatch of them all was refused, so the job never got past its listing.
 */
export function sendGroups<T extends { body: unknown }>(messages: readonly T[], maxBytes = 200_000, maxCount = 100): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = new TextEncoder().encode(JSON.stringify(m.body)).length;
    if (group.length && (bytes + size > maxBytes || group.length >= maxCount)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(m);
    bytes += size;
  }
  if (group.length) groups.push(group);
  return groups;
}

/** A full publish removes what no page of the site lists any more (a record deleted or left out). */
async function sweep(bucket: R2Bucket, paths: string[]): Promise<void> {
  const keep = new Set([...paths.map(storageKey), NOT_FOUND_KEY]);
  const stale = (await listStoredKeys(bucket)).filter((key) => !keep.has(key));
  for (const part of chunks(stale, 1000)) await bucket.delete(part);
}

/** Renders and stores each path; the ones that failed, with why. */
async function renderEach(paths: readonly string[], generationOf: (path: string) => string, env: Env, render: Render): Promise<FailedPath[]> {
  const unit = await getUnit(env.DB);
  const origins = unit?.embedOrigins ?? [];
  const failed: FailedPath[] = [];
  for (const path of paths) {
    try {
      await storePage(env.SITE, path, await render(path, generationOf(path)), origins);
    } catch (error) {
      failed.push({ path, reason: (error as Error).message });
    }
  }
  for (const f of failed) console.error(`${f.path} skipped: ${f.reason}`);
  return failed;
}

async function renderPaths(job: number, chunk: number, paths: string[], generation: string, env: Env, render: Render): Promise<void> {
  const failed = await renderEach(paths, () => generation, env, render);
  // Nothing could be rendered: D1 or the renderer is down, or the one page of the message fails.
  // Try the message again; after the last try the dead-letter queue marks the job failed.
  if (failed.length === paths.length && paths.length > 0) throw new Error(`no page rendered: ${failed[0]!.reason}`);
  await recordChunk(env.DB, job, chunk, paths.length, failed, now());
}

/**
 * What the daily publish (00:05 in Vietnam) renders. Everything, when a job of the last day
 * failed or never finished (the catch-up the dead-letter message promises) or when a new name
 * of the unit takes effect today; else every page but the disclosure detail pages and the
 * numbered list pages — lists' first and last pages, feeds, embeds, the calendar (the next
 * reception), consultations that open or close —, and the detail pages that change by the date
 * alone (schema/db/disclosures.ts slugsChangingOn) with the list pages that show them.
 * Detail pages say dates, never "còn N ngày", so the others have not changed.
 */
export async function dailyScope(env: Env, today: string, at: Date): Promise<PublishScope> {
  const yesterday = addDays(today, -1);
  const dayAgo = new Date(at.getTime() - 25 * 3_600_000).toISOString();
  const tenMinutesAgo = new Date(at.getTime() - 10 * 60_000).toISOString();
  const [owed, earlier] = await Promise.all([publishOwed(env.DB, dayAgo, tenMinutesAgo), listEarlierNames(env.DB)]);
  if (owed || earlier.some((name) => name.validUntil === yesterday)) return EVERYTHING;
  return { disclosures: await slugsChangingOn(env.DB, today, yesterday) };
}

/**
 * After a deploy whose site templates changed (or on a new portal), every page is published
 * again through the queue: the first request to the Worker's own routes, or the daily run, asks
 * (functions/worker.ts).
 */
export async function publishIfTemplateChanged(env: Env, version: string): Promise<void> {
  if (await claimTemplateVersion(env.DB, version, now())) await requestPublish(env, `templates ${version}`);
}
