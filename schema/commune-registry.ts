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
  communes: [{ slug: SINGLE_COMMUNE_SLUG, code: null, name: '', kind: 'xa', binding: 'DB', hosts: [], aliases: [], formedFrom: [], illustration: false }],
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
