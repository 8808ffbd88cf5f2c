/**
 * What one render of the publish consumer (functions/publish.ts) tells the pages, set by the
 * site's middleware from the consumer's request: the public origin the pages are published
 * under (for feeds, calendar links, QR codes), and the render generation. Pages of one
 * generation share one read of D1 (portal-data.ts); a new generation reads it afresh. The
 * consumer renders one page at a time, so module state is enough.
 */
let origin: string | undefined;
let generation: string | undefined;

/** The header the consumer names its generation in (one queue message = one generation). */
export const GENERATION_HEADER = 'x-portal-render';

export function enterRender(request: Request): void {
  origin = new URL(request.url).origin;
  // A live page (search) shares one read of D1 per minute.
  generation = request.headers.get(GENERATION_HEADER) ?? `live-${Math.floor(Date.now() / 60_000)}`;
}

export const renderOrigin = (): string | undefined => origin;
export const renderGeneration = (): string | undefined => generation;
