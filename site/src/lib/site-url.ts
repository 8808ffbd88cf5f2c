import type { Unit } from '../../../schema/unit/unit.ts';
import { renderOrigin } from './render-context.ts';

/**
 * The public origin of the site, for canonical URLs, feeds, share cards, QR codes and calendar
 * subscriptions: the unit's configured base URL, else Astro's `site`, else the origin the
 * publish consumer renders under (the Worker's PUBLIC_BASE_URL, functions/publish.ts), else the
 * local default of `npm start`.
 */
export function siteOrigin(site: URL | undefined, unit: Pick<Unit, 'publicBaseUrl'>): string {
  return (unit.publicBaseUrl || site?.origin || renderOrigin() || 'http://localhost:8787').replace(/\/$/, '');
}

export const absoluteUrl = (origin: string, path: string) => `${origin}${path.startsWith('/') ? path : `/${path}`}`;
