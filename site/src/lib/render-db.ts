import { env } from 'cloudflare:workers';
import { communeBySlug } from '../../../schema/province/commune-registry.ts';
import { renderCommune } from './render-context.ts';

/**
 * The D1 of a commune by its slug ('' for `DB`): the one the Worker named for this render
 * (functions/worker.ts sets the header on the requests it builds; a citizen's never reaches the
 * renderer with it), or, on the province's pages, each commune's. An unknown slug fails the
 * render: a page must never be rendered from another commune's data.
 */
function databaseOf(slug: string): D1Database {
  if (!slug) return env.DB;
  const commune = communeBySlug(slug);
  const db = commune && ((env as unknown as Record<string, unknown>)[commune.binding] as D1Database | undefined);
  if (!db) throw new Error(`No database for commune ${slug}: the registry and the D1 bindings disagree.`);
  return db;
}

/** The D1 database the pages of this render read: the commune's own. */
export const renderDb = (): D1Database => databaseOf(renderCommune());
