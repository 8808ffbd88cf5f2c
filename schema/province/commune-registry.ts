import { hostMatcher, parseProvince, type Commune, type HostMatch, type Province } from './communes.ts';

/**
 * The registry as the running Worker and site read it. The deployed Worker bundles the registry
 * file as a module (`import … from 'cong-khai-xa:province'` in functions/worker.ts, resolved by
 * the `alias` of the wrangler config scripts/province.ts writes) and installs it here once per
 * isolate with `serveRegistry`; it is parsed and indexed on first use. Not a var: a Workers
 * environment variable holds at most 5 KB, and the registry takes ~250 bytes a commune
 * (docs/province.md, Limits). Not a D1 or R2 read: resolving a host must cost nothing on the
 * public path. Shared by the Worker (functions/tenancy.ts) and the site's renderer
 * (site/src/lib/render-db.ts, province-data.ts), so both resolve a slug to the same D1 binding.
 */

/** The slug of the one commune of a deployment without a registry. */
const SINGLE_COMMUNE_SLUG = 'xa';

/**
 * A Worker without a registry is a single commune, as every deployment was before issue 24: one
 * implicit commune on binding `DB` that answers every host, and whose pages and files keep their
 * unprefixed R2 keys (`communePrefix` below is empty for it). functions/index.ts, which the
 * Worker's tests run, installs none unless a test does.
 */
const SINGLE: Province = {
  name: null,
  hosts: [],
  communes: [{ slug: SINGLE_COMMUNE_SLUG, code: null, name: '', kind: 'xa', binding: 'DB', hosts: [], aliases: [], formedFrom: [], endedOn: null, illustration: false }],
};

interface Served {
  raw: unknown;
  parsed?: { province: Province; matchHost: (host: string) => HostMatch; bySlug: Map<string, Commune> };
}

let served: Served | null = null;

/**
 * Installs the registry this Worker serves (the bundled module's value: JSON text or object), or
 * none (`null`: a single commune). Parsing waits for the first use, outside the Worker's startup.
 */
export function serveRegistry(raw: unknown): void {
  served = raw === null || raw === undefined ? null : { raw };
}

/** The installed registry, parsed and indexed once. Throws on a bad registry: a bad registry must not serve. */
function parsed(): Served['parsed'] | null {
  if (!served) return null;
  if (!served.parsed) {
    const province = parseProvince(served.raw);
    served.parsed = { province, matchHost: hostMatcher(province), bySlug: new Map(province.communes.map((c) => [c.slug, c])) };
  }
  return served.parsed;
}

/** The registry, or the single implicit commune. */
export const provinceOf = (): Province => parsed()?.province ?? SINGLE;

/** Whether the Worker serves a registry of communes (else one commune, every host). */
export const isProvince = (): boolean => served !== null;

/** What a request's host is under the registry (one Map look-up); a single commune has no hosts. */
export const matchServedHost = (host: string): HostMatch => parsed()?.matchHost(host) ?? { kind: 'unknown' };

/** A commune by its slug, or undefined (a slug the registry no longer lists). */
export const communeBySlug = (slug: string): Commune | undefined => {
  const registry = parsed();
  return registry ? registry.bySlug.get(slug) : SINGLE.communes.find((c) => c.slug === slug);
};

/** A commune's key prefix in the shared buckets of a province: `<slug>/`. */
export const slugPrefix = (commune: Commune): string => `${commune.slug}/`;

/**
 * The R2 key prefix of a commune's pages (SITE) and files (FILES): `<slug>/` in a province, ``
 * for a single commune (its keys stay as they were).
 */
export const communePrefix = (commune: Commune): string => (isProvince() ? slugPrefix(commune) : '');

/** The R2 prefix of the province's own pages (SITE), rendered from site/src/pages/tinh/. */
export const PROVINCE_PREFIX = '_tinh/';

/**
 * An R2 bucket seen under a key prefix: a commune's pages and files in the shared bucket. Keys
 * go in and come out without the prefix, so a listing (the full publish's sweep, a backup) sees
 * the commune's keys only and can never name another's. Only what the project calls is offered
 * (get, head, put, delete, list); multipart uploads throw. Scripts (backup, restore) use it too.
 *
 * @example exportBackup(db, prefixedBucket(files, slugPrefix(commune)), store)
 */
export function prefixedBucket(bucket: R2Bucket, prefix: string): R2Bucket {
  if (!prefix) return bucket;
  const view = prefixedView(bucket, prefix);
  prefixes.set(view, prefix);
  return view;
}

const prefixes = new WeakMap<R2Bucket, string>();

/** The key prefix a bucket view adds (`` for a bucket itself): what names a commune's stored site in a cache key. */
export const bucketPrefix = (bucket: R2Bucket): string => prefixes.get(bucket) ?? '';

function prefixedView(bucket: R2Bucket, prefix: string): R2Bucket {
  const strip = <T extends R2Object | null>(object: T): T => (object ? (withKey(object, object.key.slice(prefix.length)) as T) : object);
  const view = {
    head: async (key: string) => strip(await bucket.head(prefix + key)),
    get: async (key: string, options?: R2GetOptions) => strip(await bucket.get(prefix + key, options)),
    put: async (key: string, value: Parameters<R2Bucket['put']>[1], options?: R2PutOptions) => strip(await bucket.put(prefix + key, value, options)),
    delete: (keys: string | string[]) => bucket.delete(Array.isArray(keys) ? keys.map((k) => prefix + k) : prefix + keys),
    list: async (options: R2ListOptions = {}) => {
      const listed = await bucket.list({
        ...options,
        prefix: prefix + (options.prefix ?? ''),
        ...(options.startAfter !== undefined ? { startAfter: prefix + options.startAfter } : {}),
      });
      return {
        ...listed,
        objects: listed.objects.map((o) => strip(o)),
        delimitedPrefixes: listed.delimitedPrefixes.map((p) => p.slice(prefix.length)),
      } as R2Objects;
    },
    createMultipartUpload: () => Promise.reject(new Error('multipart uploads are not offered on a commune view')),
    resumeMultipartUpload: () => {
      throw new Error('multipart uploads are not offered on a commune view');
    },
  };
  return view as unknown as R2Bucket;
}

/** The object with another key; its methods (writeHttpMetadata, the body readers) still act on the original. */
function withKey(object: R2Object, key: string): R2Object {
  return new Proxy(object, {
    get(target, prop) {
      if (prop === 'key') return key;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    has: (target, prop) => Reflect.has(target, prop),
  });
}
