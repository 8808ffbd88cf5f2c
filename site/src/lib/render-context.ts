import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from 'cloudflare:workers';
import { RENDER_COMMUNE_HEADER, RENDER_GENERATION_HEADER } from '../../../schema/publish-jobs.ts';
import { communeBySlug } from '../../../schema/commune-registry.ts';

/**
 * What one render tells the pages, set by the site's middleware from its request: the public
 * origin the pages are published under (for feeds, calendar links, QR codes), the render
 * generation, and whose data it is. Pages of one generation share one read of D1
 * (portal-data.ts); a new generation reads it afresh. Held per request (AsyncLocalStorage): the
 * publish consumer's renders and a live search may interleave in one isolate without taking
 * each other's origin or data — nor, in a province (issue 24), each other's commune.
 */
interface RenderContext {
  origin: string;
  generation: string;
  /** The commune's slug ('' for the bindings as bound: a single commune, or the province's pages). */
  commune: string;
  /** The commune's D1 database. */
  db: D1Database;
}

const context = new AsyncLocalStorage<RenderContext>();

/**
 * The D1 of a commune by its slug ('' for `DB`): the one the Worker named for this render
 * (functions/worker.ts sets the header on the requests it builds; a citizen's never reaches the
 * renderer with it), or, on the province's pages, each commune's. An unknown slug fails the
 * render: a page must never be rendered from another commune's data.
 */
export function databaseOf(slug: string): D1Database {
  if (!slug) return env.DB;
  const commune = communeBySlug((env as unknown as { PROVINCE?: string }).PROVINCE, slug);
  const db = commune && ((env as unknown as Record<string, unknown>)[commune.binding] as D1Database | undefined);
  if (!db) throw new Error(`No database for commune ${slug}: the registry (PROVINCE) and the D1 bindings disagree.`);
  return db;
}

/** Runs `next` with the request's render context. */
export function withRenderContext<T>(request: Request, next: () => T): T {
  // A live page (search) shares one read of D1 per minute; a publish message, one per message.
  const generation = request.headers.get(RENDER_GENERATION_HEADER) ?? `live-${Math.floor(Date.now() / 60_000)}`;
  const commune = request.headers.get(RENDER_COMMUNE_HEADER) ?? '';
  return context.run({ origin: new URL(request.url).origin, generation, commune, db: databaseOf(commune) }, next);
}

export const renderOrigin = (): string | undefined => context.getStore()?.origin;
export const renderGeneration = (): string | undefined => context.getStore()?.generation;
/** The commune of this render ('' when the bindings are read as bound). */
export const renderCommune = (): string => context.getStore()?.commune ?? '';
/** The D1 database the pages of this render read: the commune's own. */
export const renderDb = (): D1Database => context.getStore()?.db ?? env.DB;
