import { RENDER_GENERATION_HEADER } from '../../../schema/publish-jobs.ts';

/**
 * What one render of the publish consumer (functions/publish.ts) tells the pages, set by the
 * site's middleware from the consumer's request: the public origin the pages are published
 * under (for feeds, calendar links, QR codes), and the render generation. Pages of one
 * generation share one read of D1 (portal-data.ts); a new generation reads it afresh. The
 * consumer renders one page at a time, so module state is enough.
 */
let origin: string | undefined;
let generation: string | undefined;


export function enterRender(request: Request): void {
  origin = new URL(request.url).origin;
  // A live page (search) shares one read of D1 per minute.
  generation = request.headers.get(RENDER_GENERATION_HEADER) ?? `live-${Math.floor(Date.now() / 60_000)}`;
}

export const renderOrigin = (): string | undefined => origin;
export const renderGeneration = (): string | undefined => generation;
