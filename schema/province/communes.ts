import { z } from '../core/zod.ts';

/**
 * The province's registry of communes (issue 24): which commune a request's host belongs to,
 * which D1 database holds its data, and the units it was formed from in the 2025 merger.
 *
 * One file is the truth (`content/province.json` for the demo province; a deployment keeps its
 * own): the Worker bundles it as a module (schema/province/commune-registry.ts), and the wrangler config's
 * D1 bindings are generated from it, so a commune cannot be served without its database or bound without a host.
 * Each commune has a D1 database of its own (binding `DB_<SLUG>`, the demo's seed keeps `DB`):
 * isolation by construction — no query can reach another commune's rows — and per-commune Time
 * Travel, export and deletion (`../shared/domain/province-research.md` §2.1, §5.2).
 */

/** Kinds of commune-level unit since 1/7/2025; `thi-tran` only for units recorded before it. */
export const COMMUNE_KINDS = ['xa', 'phuong', 'dac-khu', 'thi-tran'] as const;
export type CommuneKind = (typeof COMMUNE_KINDS)[number];
export const COMMUNE_KIND_LABELS: Record<CommuneKind, string> = { xa: 'Xã', phuong: 'Phường', 'dac-khu': 'Đặc khu', 'thi-tran': 'Thị trấn' };

/** A host name as the Host header carries it, lower case, without port. */
const Host = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'Tên miền không hợp lệ.');

/** The official administrative unit code (mã đơn vị hành chính): 5 digits for a commune. */
export const CommuneCode = z.string().regex(/^\d{5}$/, 'Mã đơn vị hành chính cấp xã gồm 5 chữ số.');

export const CommuneSchema = z.object({
  /** The registry's key: ASCII, stable, used in R2 keys and binding names. */
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Chỉ gồm chữ thường không dấu, số và dấu gạch ngang.').max(60),
  /** Null when the source does not state it (the demo's seed town): never invented. */
  code: CommuneCode.nullable(),
  name: z.string().trim().min(1).max(120),
  kind: z.enum(COMMUNE_KINDS),
  /** The D1 binding that holds this commune's data. */
  binding: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  /** The first host is the main one; every host serves the commune. */
  hosts: z.array(Host).min(1),
  /** Old hosts (district sub-sites, merged communes): 301 to the main host, same path. */
  aliases: z.array(Host).default([]),
  /** The units this commune was formed from, and when. */
  formedFrom: z.array(z.object({ code: CommuneCode.nullable(), name: z.string().min(1), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })).default([]),
  /**
   * The day the unit ceased to exist (merged into another), when it did: from that day it has no
   * duties of its own. Every thị trấn ceased on 1/7/2025, when the two-level local government came
   * into force and commune-level units became xã, phường and đặc khu only.
   */
  endedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  /** A commune shown only to illustrate the product (empty, no facts of its own). */
  illustration: z.boolean().default(false),
});
export type Commune = z.infer<typeof CommuneSchema>;

export const ProvinceSchema = z
  .object({
    /** Null when no real province is named (the demo). */
    name: z.string().trim().min(1).nullable(),
    /** Hosts of the province's own pages (the commune list, sums, the disclosure-duty board). */
    hosts: z.array(Host).default([]),
    communes: z.array(CommuneSchema),
  })
  .superRefine((p, ctx) => {
    const seen = new Map<string, string>();
    p.communes.forEach((c, i) => {
      for (const key of [`slug:${c.slug}`, `binding:${c.binding}`, ...(c.code ? [`code:${c.code}`] : [])]) {
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['communes', i], message: `Trùng ${key} với ${seen.get(key)}.` });
        seen.set(key, c.slug);
      }
    });
    const hosts = new Map<string, string>();
    const claim = (host: string, owner: string, path: (string | number)[]) => {
      if (hosts.has(host)) ctx.addIssue({ code: 'custom', path, message: `Tên miền ${host} đã thuộc ${hosts.get(host)}.` });
      hosts.set(host, owner);
    };
    p.hosts.forEach((h, j) => claim(h, 'tỉnh', ['hosts', j]));
    p.communes.forEach((c, i) => [...c.hosts, ...c.aliases].forEach((h, j) => claim(h, c.slug, ['communes', i, 'hosts', j])));
  });
export type Province = z.infer<typeof ProvinceSchema>;

/** What a request's host is: a commune, an old host of one (301), the province's pages, or nothing. */
export type HostMatch =
  | { kind: 'commune'; commune: Commune }
  | { kind: 'alias'; commune: Commune; mainHost: string }
  | { kind: 'province' }
  | { kind: 'unknown' };

/** A host as the registry keys it: lower case, without port or trailing dot. */
const hostKey = (rawHost: string) => rawHost.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');

/**
 * The host look-up of a registry, built once: one Map from every host and alias to what it is,
 * so a request's resolution costs one look-up whatever the number of communes (3,321 nationwide).
 */
export function hostMatcher(province: Province): (rawHost: string) => HostMatch {
  const byHost = new Map<string, HostMatch>();
  // The schema refuses a host claimed twice; the first claim wins here as it did in a scan.
  const claim = (host: string, match: HostMatch) => void (byHost.has(host) || byHost.set(host, match));
  for (const host of province.hosts) claim(host, { kind: 'province' });
  for (const commune of province.communes) {
    for (const host of commune.hosts) claim(host, { kind: 'commune', commune });
    for (const host of commune.aliases) claim(host, { kind: 'alias', commune, mainHost: commune.hosts[0]! });
  }
  return (rawHost) => byHost.get(hostKey(rawHost)) ?? { kind: 'unknown' };
}

/** The binding name a new commune gets: `DB_` and its slug in capitals. */
export const bindingFor = (slug: string) => `DB_${slug.toUpperCase().replace(/-/g, '_')}`;

/** Parses the registry (the Worker's bundled module, or a registry file), failing loudly: a bad registry must not serve. */
export function parseProvince(json: string | unknown): Province {
  return ProvinceSchema.parse(typeof json === 'string' ? JSON.parse(json) : json);
}
