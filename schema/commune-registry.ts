import { parseProvince, type Commune, type Province } from './communes.ts';

/**
 * The registry as the running Worker and site read it: the `PROVINCE` var (a JSON string, the
 * shape of `content/province.json`), parsed once per isolate. Shared by the Worker
 * (functions/tenancy.ts) and the site's renderer (site/src/lib/render-context.ts), so both
 * resolve a commune's slug to the same D1 binding.
 */

/** The slug of the one commune of a deployment without a registry. */
const SINGLE_COMMUNE_SLUG = 'xa';

/**
 * A deployment without `PROVINCE` is a single commune, as every deployment was before issue 24:
 * one implicit commune on binding `DB` that answers every host, and whose pages and files keep
 * their unprefixed R2 keys (`prefix` below is empty for it). Today's tests and single-commune
 * deployments run this way unchanged.
 */
const SINGLE: Province = {
  name: null,
  hosts: [],
  communes: [{ slug: SINGLE_COMMUNE_SLUG, code: null, name: '', kind: 'xa', binding: 'DB', hosts: [], aliases: [], formedFrom: [], endedOn: null, illustration: false }],
};

let cached: { raw: string; province: Province } | undefined;

/** The registry of this deployment; null when it has none (a single commune). Throws on a bad registry: a bad registry must not serve. */
function registryOf(raw: string | undefined): Province | null {
  if (!raw) return null;
  if (cached?.raw !== raw) cached = { raw, province: parseProvince(raw) };
  return cached.province;
}

/** The registry, or the single implicit commune. */
export const provinceOf = (raw: string | undefined): Province => registryOf(raw) ?? SINGLE;

/** Whether the deployment serves a registry of communes (else one commune, every host). */
export const isProvince = (raw: string | undefined): boolean => Boolean(raw);

/** A commune by its slug, or undefined (a slug the registry no longer lists). */
export const communeBySlug = (raw: string | undefined, slug: string): Commune | undefined => provinceOf(raw).communes.find((c) => c.slug === slug);

/**
 * The R2 key prefix of a commune's pages (SITE) and files (FILES): `<slug>/` in a province, ``
 * for a single commune (its keys stay as they were).
 */
export const communePrefix = (raw: string | undefined, commune: Commune): string => (isProvince(raw) ? `${commune.slug}/` : '');

/** The R2 prefix of the province's own pages (SITE), rendered from site/src/pages/tinh/. */
export const PROVINCE_PREFIX = '_tinh/';

/**
 * An R2 bucket seen under a key prefix: a commune's pages and files in the shared bucket. Keys
 * go in and come out without the prefix, so a listing (the full publish's sweep, a backup) sees
 * the commune's keys only and can never name another's. Only what the project calls is offered
 * (get, head, put, delete, list); multipart uploads throw. Scripts (backup, restore) use it too.
 *
 * @example exportBackup(db, prefixedBucket(files, communePrefix(raw, commune)), store)
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
