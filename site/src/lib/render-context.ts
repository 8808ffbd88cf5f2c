import { AsyncLocalStorage } from 'node:async_hooks';
import { RENDER_COMMUNE_HEADER, RENDER_GENERATION_HEADER } from '../../../schema/publishing/publish-jobs.ts';

/**
 * What one render tells the pages, set by the site's middleware from its request: the public
 * origin the pages are published under (for feeds, calendar links, QR codes), the render
 * generation, and whose data it is. Pages of one generation share one read of D1
 * (portal-data.ts); a new generation reads it afresh. Held per request (AsyncLocalStorage): the
 * publish consumer's renders and a live search may interleave in one isolate without taking
 * each other's origin or data — nor, in a province (issue 24), each other's commune. Its database
 * is looked up in render-db.ts, which needs the Worker's bindings: this module stays importable
 * in plain Node, for the site's unit tests.
 */
interface RenderContext {
  origin: string;
  generation: string;
  /** The commune's slug ('' for the bindings as bound: a single commune, or the province's pages). */
  commune: string;
}

const context = new AsyncLocalStorage<RenderContext>();

/** Runs `next` with the request's render context. */
export function withRenderContext<T>(request: Request, next: () => T): T {
  // A live page (search) shares one read of D1 per minute; a publish message, one per message.
  const generation = request.headers.get(RENDER_GENERATION_HEADER) ?? `live-${Math.floor(Date.now() / 60_000)}`;
  const commune = request.headers.get(RENDER_COMMUNE_HEADER) ?? '';
  return context.run({ origin: new URL(request.url).origin, generation, commune }, next);
}

export const renderOrigin = (): string | undefined => context.getStore()?.origin;
export const renderGeneration = (): string | undefined => context.getStore()?.generation;
/** The commune of this render ('' when the bindings are read as bound). */
export const renderCommune = (): string => context.getStore()?.commune ?? '';
