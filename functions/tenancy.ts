import { escapeHtml } from '../schema/consultation/opinion-form.ts';
import type { Commune } from '../schema/province/communes.ts';
import {
  communeBySlug,
  communePrefix,
  isProvince,
  matchServedHost,
  prefixedBucket,
  provinceOf,
} from '../schema/province/commune-registry.ts';

/**
 * Many communes, one deployment (issue 24): the request's host names the commune, and the
 * request runs with that commune's bindings — `DB` is the commune's own D1 database, `SITE` and
 * `FILES` are views of the shared buckets under the key prefix `<slug>/`. Everything downstream
 * (routes, use cases, the publish consumer) keeps reading `env.DB`, `env.SITE` and `env.FILES`
 * and cannot name another commune's data: isolation by construction. Sessions, API tokens and
 * CSRF are per commune for the same reason: each database holds its own accounts.
 *
 * The registry is the one the Worker bundles (schema/province/commune-registry.ts `serveRegistry`,
 * installed by functions/worker.ts). Without one the Worker is one commune on `DB` that answers
 * every host, with unprefixed keys: the Worker's tests (functions/index.ts) run that way unless
 * they install a registry.
 */

/** Where a request goes: a commune (with its env), the province's pages, or an answer already (404, 301). */
export type Destination = { kind: 'commune'; commune: Commune; env: Env } | { kind: 'province' } | { kind: 'answer'; response: Response };

/** A commune's view of the deployment's bindings; `COMMUNE` names it (publish messages carry it). */
export function communeEnv(env: Env, commune: Commune): Env {
  if (!isProvince()) return env;
  const db = (env as unknown as Record<string, unknown>)[commune.binding] as D1Database | undefined;
  if (!db) throw new CommuneNotBound(commune);
  const prefix = communePrefix(commune);
  return { ...env, DB: db, SITE: prefixedBucket(env.SITE, prefix), FILES: prefixedBucket(env.FILES, prefix), COMMUNE: commune.slug };
}

/** The registry lists a commune whose D1 binding the deployment lacks (a wrangler config not regenerated). */
class CommuneNotBound extends Error {
  override name = 'CommuneNotBound';
  constructor(commune: Commune) {
    super(`commune ${commune.slug}: binding ${commune.binding} is not bound`);
  }
}

/** The env of the commune a publish message names; the raw env for a message without one (single commune, or sent before the registry). */
export function envOfSlug(env: Env, slug: string | undefined): Env | null {
  if (slug === undefined) return env;
  const commune = communeBySlug(slug);
  return commune ? communeEnv(env, commune) : null;
}

/** Every commune's env, for the daily run and the template check. */
export function everyCommune(env: Env): { commune: Commune; env: Env }[] {
  return provinceOf().communes.flatMap((commune) => {
    try {
      return [{ commune, env: communeEnv(env, commune) }];
    } catch (error) {
      console.error(`skipped: ${(error as Error).message}`);
      return [];
    }
  });
}

/** The origin a commune's pages are rendered under: PUBLIC_BASE_URL's scheme and port, the commune's main host. */
export function communeOrigin(env: Env, commune: Commune | undefined): string {
  const base = new URL(env.PUBLIC_BASE_URL || 'http://localhost:8787');
  const host = commune && isProvince() ? commune.hosts[0] : undefined;
  if (host) base.hostname = host;
  return base.origin;
}

/** The origin of the province's pages, or null when the province has no host. */
export function provinceOrigin(env: Env): string | null {
  const host = provinceOf().hosts[0];
  if (!host) return null;
  const base = new URL(env.PUBLIC_BASE_URL || 'http://localhost:8787');
  base.hostname = host;
  return base.origin;
}

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** A host that no commune of the deployment answers to. */
function unknownHost(url: URL): Response {
  if (url.pathname.startsWith('/api/')) {
    return Response.json({ error: { code: 'unknown_host', message: `Tên miền ${url.hostname} không thuộc cổng thông tin của xã, phường nào.` } }, { status: 404, headers: NO_STORE });
  }
  const body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Không có cổng thông tin ở địa chỉ này</title></head><body><main><h1>Không có cổng thông tin ở địa chỉ này</h1><p>Tên miền <b>${escapeHtml(url.hostname)}</b> không thuộc cổng thông tin của xã, phường, đặc khu nào. Hãy kiểm tra lại địa chỉ, hoặc tìm trang của xã, phường trên cổng thông tin của tỉnh.</p></main></body></html>`;
  return new Response(body, { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE } });
}

/** A commune whose database is missing from the deployment: a configuration fault, said plainly. */
function notBound(url: URL): Response {
  const message = 'Cổng thông tin của đơn vị này chưa được kết nối cơ sở dữ liệu. Vui lòng báo quản trị viên của tỉnh.';
  if (url.pathname.startsWith('/api/')) return Response.json({ error: { code: 'unavailable', message } }, { status: 503, headers: NO_STORE });
  return new Response(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Chưa sẵn sàng</title><p>${message}</p></html>`, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE } });
}

/**
 * Where a request goes, by its Host: before every route (API, admin, files, opinions, stored
 * pages, live search, 404). An alias (an old district sub-site, a merged commune's host) answers
 * 301 to the commune's main host with the same path and query.
 */
export function destination(request: Request, env: Env): Destination {
  const url = new URL(request.url);
  if (!isProvince()) return { kind: 'commune', commune: provinceOf().communes[0]!, env };
  const match = matchServedHost(request.headers.get('host') ?? url.host);
  switch (match.kind) {
    case 'unknown':
      return { kind: 'answer', response: unknownHost(url) };
    case 'alias': {
      const to = new URL(url);
      to.hostname = match.mainHost;
      return { kind: 'answer', response: new Response(null, { status: 301, headers: { Location: to.href, ...NO_STORE } }) };
    }
    case 'province':
      return { kind: 'province' };
    case 'commune':
      try {
        return { kind: 'commune', commune: match.commune, env: communeEnv(env, match.commune) };
      } catch (error) {
        console.error((error as Error).message);
        return { kind: 'answer', response: notBound(url) };
      }
  }
}
