import { disclosurePath } from '../schema/publishing/paths.ts';
import { EVERYTHING, type PublishScope } from '../schema/publishing/publish.ts';
import {
  claimTemplateVersion,
  getPublishJob,
  insertPublishJob,
  publishOwed,
  recordChunk,
  recordJobFailure,
  setJobPlan,
} from '../schema/publishing/publish-jobs.db.ts';
import { getUnit } from '../schema/unit/unit.db.ts';
import { listEarlierNames } from '../schema/unit/unit-names.db.ts';
import { disclosureIds, slugsChangingOn } from '../schema/disclosure/disclosures.db.ts';
import { addDays, todayInVietnam } from '../schema/core/dates.ts';
import {
  communeRollup,
  readProvinceState,
  rollupsChangedSince,
  saveProvinceState,
  writeRollup,
} from '../schema/province/province-view.db.ts';
import { rebuildSearchIndex, refreshSearchEntries } from '../schema/publishing/search.db.ts';
import {
  chunks,
  focusedGeneration,
  FOCUSED_PAGES,
  NOT_FOUND_KEY,
  pathsOfScope,
  SITE_PATHS_PATH,
  storageKey,
  type FailedPath,
  PROVINCE_PATHS_PATH,
  PROVINCE_STAMP_HEADER,
  type CommunePublishMessage,
  type ProvincePublishMessage,
  type PublishMessage,
  type SiteRoute,
} from '../schema/publishing/publish-jobs.ts';
import { bumpGeneration, listStoredKeys, storePage } from './site-store.ts';
import { afterFocused, asFocused } from './priority.ts';
import { envOfSlug, provinceOrigin } from './tenancy.ts';
import { isProvince, prefixedBucket, PROVINCE_PREFIX } from '../schema/province/commune-registry.ts';

/**
 * Renders one path of the citizen site with the site's own Astro pages, as the public would
 * see it under `origin`; `generation` names the read of D1 the render shares with the other
 * paths of its message (site/src/lib/render-context.ts). Given by functions/worker.ts, the
 * entry that bundles the site.
 */
export type Render = (path: string, generation: string, target?: RenderTarget) => Promise<Response>;

/**
 * Whose page a render is: a commune's (its slug; the renderer reads that commune's D1 under its
 * main host) or the province's (every commune's bindings, under the province's host). Neither:
 * the bindings as bound (a single commune).
 */
export type RenderTarget = { commune?: string; province?: boolean };

const now = () => new Date().toISOString();

/**
 * Asks for the citizen pages a write touched to be published: a job row the admin home shows,
 * and a message on the publish queue that the consumer below turns into stored pages. The
 * write itself is already stored; if the queue cannot be reached the job says so and the daily
 * run republishes everything. A lazy scope (a use case's "pages that show this item",
 * schema/publishing/publish.ts) is looked up here, after the answer.
 */
export async function requestPublish(env: Env, reason: string, scope: PublishScope | (() => Promise<PublishScope>) = EVERYTHING): Promise<number> {
  const wanted = typeof scope === 'function' ? await scope() : scope;
  const job = await insertPublishJob(env.DB, reason, wanted, now());
  try {
    await queueOf(env, wanted).send({ job, scope: wanted, ...(env.COMMUNE ? { commune: env.COMMUNE } : {}) } satisfies PublishMessage);
  } catch (error) {
    console.error(`publish queue unavailable (${reason})`, error);
    await recordJobFailure(env.DB, job, `Không gửi được yêu cầu xuất bản (${(error as Error).message}); trang sẽ được xuất bản lại lúc 00:05.`, now());
  }
  return job;
}

/**
 * The queue a job's first message goes on. A job that names a few detail pages (a write's own
 * page, FOCUSED_PAGES) goes on the focused queue, PUBLISH_FOCUS_QUEUE: its first message renders
 * those pages alone, and it must not wait behind the bulk of other jobs (lists, full publishes,
 * the province's pages). A queue delivers one batch at a time to a consumer (Miniflare: strictly;
 * Cloudflare: per consumer invocation, with more invocations only as the backlog grows), so on
 * one queue a write's page waited for every message sent before it (docs/province.md,
 * "Where the focused message waited"). Everything else, and the rest of every job, goes on
 * PUBLISH_QUEUE. Without the binding (an older deployment) everything uses PUBLISH_QUEUE.
 */
export function queueOf(env: Env, scope: PublishScope): Queue {
  const named = 'all' in scope ? 0 : scope.disclosures.length;
  return named > 0 && named <= FOCUSED_PAGES && env.PUBLISH_FOCUS_QUEUE ? env.PUBLISH_FOCUS_QUEUE : env.PUBLISH_QUEUE;
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
      // The province's pages have no job row: the daily run renders them again.
      const body = message.body;
      const target = 'province' in body ? null : envOfSlug(env, body.commune);
      if (target && !('province' in body)) {
        await recordJobFailure(target.DB, body.job, 'Đã thử lại nhiều lần mà không xuất bản được. Những thay đổi đã lưu vẫn còn; trang sẽ được xuất bản lại lúc 00:05, hoặc khi có thay đổi mới.', now());
      }
      message.ack();
    }
    return;
  }
  const one = async (message: Message<PublishMessage>) => {
    try {
      const body = message.body;
      const generation = `${message.id}-${message.attempts}`;
      if ('province' in body) {
        await handleProvince(body, generation, env, render);
        message.ack();
        return;
      }
      // Each message runs with its own commune's bindings: its D1, its R2 prefix.
      const target = envOfSlug(env, body.commune);
      if (!target) {
        console.error(`publish job ${body.job}: commune ${body.commune} is not in the registry; dropped`);
        message.ack();
        return;
      }
      const communeRender: Render = (path, gen) => render(path, gen, body.commune ? { commune: body.commune } : undefined);
      await handle(body, generation, target, communeRender);
      // A commune's finished job may change what the province shows of it: its rollup, then the
      // province's pages if the rollup changed.
      if (isProvince() && body.commune && (await getPublishJob(target.DB, body.job))?.finishedAt) await rollUp(env, target, body.commune);
      message.ack();
    } catch (error) {
      console.error(`publish ${'province' in message.body ? 'of the province' : `job ${message.body.job}`} failed (try ${message.attempts})`, error);
      message.retry({ delaySeconds: RETRY_DELAYS[Math.min(message.attempts, RETRY_DELAYS.length) - 1] });
    }
  };
  // A focused batch holds the first messages of jobs of different writes, each rendering a page
  // or a few from a read of its own rows: they run side by side, so the fifth write's page does
  // not wait for four renders. Bulk messages render up to PATHS_PER_MESSAGE pages each and run
  // one after another, keeping one message's pages and data in memory at a time.
  // Bulk pages in this isolate wait meanwhile (functions/priority.ts).
  if (batch.queue.endsWith(FOCUS_QUEUE_SUFFIX)) await asFocused(() => Promise.all(batch.messages.map(one)));
  else for (const message of batch.messages) await one(message);
}

/** The focused queue's name ends so (wrangler.toml: cong-khai-xa-xuat-ban-nhanh). */
const FOCUS_QUEUE_SUFFIX = '-nhanh';

/**
 * The end of a commune's job in a province: what the province shows of the commune, read from
 * its database as its job published it, is written into the province's rollup; the province's
 * pages are asked for only when it changed. A rollup that fails is logged and leaves the
 * previous one (dated) in place: the commune's pages are published all the same, and its next
 * job, or the daily run, rolls up again.
 */
async function rollUp(env: Env, target: Env, commune: string): Promise<void> {
  let changed: boolean;
  try {
    changed = await writeRollup(env.PROVINCE_DB, commune, await communeRollup(target.DB, todayInVietnam()), now());
  } catch (error) {
    console.error(`province rollup of ${commune} failed`, error);
    return;
  }
  if (changed) await requestProvincePublish(env);
}

async function handle(message: CommunePublishMessage, generation: string, env: Env, render: Render): Promise<void> {
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
    const paths = named.map((slug) => disclosurePath({ slug }));
    const failed = await renderEach(paths, (path) => focusedGeneration(generation, path.split('/')[2]!), env, render);
    if (failed.length === paths.length) throw new Error(`no page rendered: ${failed[0]!.reason}`);
    // Counted on the job (chunk -2: not awaited for its end), then the rest.
    await recordChunk(env.DB, message.job, -2, paths.length, failed, now());
    await env.PUBLISH_QUEUE.send({ ...message, done: paths } satisfies PublishMessage, { delaySeconds: 1 });
    return;
  }
  // The listing reads every row: bulk work, which gives way to a write in this isolate as a page does.
  await afterFocused();
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
  const commune = message.commune ? { commune: message.commune } : {};
  const sends = rest.map((p, i) => ({ body: { job: message.job, chunk: i + 1, paths: p, ...commune } satisfies PublishMessage }));
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
async function renderEach(paths: readonly string[], generationOf: (path: string) => string, env: Env, render: Render, { bulk = false } = {}): Promise<FailedPath[]> {
  const unit = await getUnit(env.DB);
  const origins = unit?.embedOrigins ?? [];
  const failed: FailedPath[] = [];
  // The edge cache sees new pages when the site's generation changes (functions/site-store.ts):
  // after the first page (a write's own page comes first: public at once) and after the last.
  for (const [i, path] of paths.entries()) {
    // A bulk page gives way to a write's own page rendering in this isolate (functions/priority.ts).
    if (bulk) await afterFocused();
    try {
      await storePage(env.SITE, path, await render(path, generationOf(path)), origins, { bump: i === 0 });
    } catch (error) {
      failed.push({ path, reason: (error as Error).message });
    }
  }
  if (paths.length > 1) await bumpGeneration(env.SITE);
  for (const f of failed) console.error(`${f.path} skipped: ${f.reason}`);
  return failed;
}

async function renderPaths(job: number, chunk: number, paths: string[], generation: string, env: Env, render: Render): Promise<void> {
  const failed = await renderEach(paths, () => generation, env, render, { bulk: true });
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
 * alone (schema/disclosure/disclosures.db.ts slugsChangingOn) with the list pages that show them.
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
  if (await claimTemplateVersion(env.DB, version, now())) {
    await requestPublish(env, `templates ${version}`);
    return;
  }
  // A commune whose pages were never stored under its prefix (a single-commune portal that
  // joined a province, its pages still at the old keys) gets its first full publish: the site's
  // 404 page is stored by every full publish.
  if (env.COMMUNE && !(await env.SITE.head(NOT_FOUND_KEY))) await requestPublish(env, 'first publish under the province');
}

/** How long a queued province message stands for the next ones (the coalescing marker's life). */
const PROVINCE_PENDING_MS = 15 * 60_000;
/**
 * Seconds a province message waits before it is delivered: the communes' jobs that finish
 * meanwhile find it pending and send none (at most one render per this many seconds, whatever
 * the number of communes writing), and its render reads all their rollups at once.
 */
const PROVINCE_DELAY_SECONDS = 5;
/** The marker of a queued province message, outside every commune's prefix (a slug never starts with "_"). */
const PROVINCE_PENDING_KEY = '_tinh-cho-xuat-ban';

/**
 * Asks for the province's pages to be published again, at most one message pending: a marker in
 * R2 says one is queued (the consumer removes it when it starts, so a change during the render
 * asks again). A marker older than PROVINCE_PENDING_MS is ignored (a message lost or dead-lettered).
 */
export async function requestProvincePublish(env: Env): Promise<void> {
  if (!isProvince() || !provinceOrigin(env)) return;
  const marker = await env.SITE.head(PROVINCE_PENDING_KEY);
  if (marker && Date.now() - marker.uploaded.getTime() < PROVINCE_PENDING_MS) return;
  await env.SITE.put(PROVINCE_PENDING_KEY, now());
  try {
    await env.PUBLISH_QUEUE.send({ province: true } satisfies PublishMessage, { delaySeconds: PROVINCE_DELAY_SECONDS });
  } catch (error) {
    await env.SITE.delete(PROVINCE_PENDING_KEY);
    console.error('publish queue unavailable (province)', error);
  }
}

/** A commune's own page of the duty board: it shows that commune only, from its rollup. */
const COMMUNE_BOARD_PAGE = /^\/tinh\/nghia-vu-cong-khai\/([^/]+)\/$/;

/**
 * The province's pages: the site lists them (PROVINCE_PATHS_PATH, each path under `/tinh/`;
 * none while the site has no such route), each is rendered from the communes' rollups
 * (schema/province/province-view.db.ts readRollups) and stored under `_tinh/` without its `/tinh` (the
 * province's host serves them at its root). Only what changed is rendered: the pages across
 * communes (list, sums, board, open data) and the board page of each commune whose rollup
 * changed since the last render; every page, and a sweep of what is no longer listed, when the
 * listing's stamp differs from the last render's (a new day, other board years, another
 * registry) or when no render was recorded. The first message lists and renders the first
 * chunk; the rest go on as messages of their own, as a commune's job does.
 */
async function handleProvince(message: ProvincePublishMessage, generation: string, env: Env, render: Render): Promise<void> {
  const site = prefixedBucket(env.SITE, PROVINCE_PREFIX);
  const renderProvince = async (paths: string[]) => {
    const failed: FailedPath[] = [];
    for (const path of paths) {
      await afterFocused();
      try {
        await storePage(site, path.slice('/tinh'.length), await render(path, generation, { province: true }), [], { bump: false });
      } catch (error) {
        failed.push({ path, reason: (error as Error).message });
      }
    }
    if (paths.length) await bumpGeneration(site);
    if (failed.length === paths.length && paths.length > 0) throw new Error(`no province page rendered: ${failed[0]!.reason}`);
    for (const f of failed) console.error(`province: ${f.path} skipped: ${f.reason}`);
  };
  if (message.paths) return renderProvince(message.paths);
  await env.SITE.delete(PROVINCE_PENDING_KEY);
  // Taken before the rollups are read: a rollup written during this render is newer, and the next render takes it.
  const readFrom = now();
  const last = await readProvinceState(env.PROVINCE_DB).catch((error: unknown) => (console.error('province publish state unreadable: every page is rendered', error), null));
  const listing = await render(PROVINCE_PATHS_PATH, generation, { province: true });
  let paths: string[] = [];
  let stamp = '';
  if (listing.ok) {
    const listed = (await listing.json()) as unknown;
    if (!Array.isArray(listed) || !listed.every((p) => typeof p === 'string' && p.startsWith('/tinh/'))) throw new Error(`${PROVINCE_PATHS_PATH}: not a list of paths under /tinh/`);
    paths = listed as string[];
    stamp = listing.headers.get(PROVINCE_STAMP_HEADER) ?? '';
  } else if (listing.status === 404) {
    // The site has no province pages (yet): nothing to render, and nothing kept.
    await listing.body?.cancel();
  } else {
    throw new Error(`the site could not list the province's paths: ${listing.status} ${(await listing.text()).slice(0, 300)}`);
  }
  const everything = !last || !stamp || last.stamp !== stamp;
  let wanted = paths;
  if (everything) {
    await sweep(site, paths.map((p) => p.slice('/tinh'.length)));
  } else {
    const changed = new Set(await rollupsChangedSince(env.PROVINCE_DB, last.readFrom));
    wanted = paths.filter((p) => {
      const board = COMMUNE_BOARD_PAGE.exec(p);
      return !board || changed.has(board[1]!);
    });
  }
  const [first, ...rest] = chunks(wanted);
  if (rest.length) await env.PUBLISH_QUEUE.sendBatch(rest.map((p) => ({ body: { province: true, paths: p } satisfies PublishMessage })));
  if (first) await renderProvince(first);
  await saveProvinceState(env.PROVINCE_DB, readFrom, stamp).catch((error: unknown) => console.error('province publish state not saved: the next render takes the communes changed since the one before', error));
}
