import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { experimental_readRawConfig } from 'wrangler';
import {
  bindingFor,
  COMMUNE_KIND_LABELS,
  CommuneCode,
  CommuneSchema,
  parseProvince,
  ProvinceSchema,
  type Commune,
  type Province,
} from '../schema/province/communes.ts';
import { ROOT } from './wrangler.ts';

/**
 * The province's registry on this machine and the wrangler configs made from it (issue 24).
 *
 * A local portal keeps its registry in its state folder (`<stateDir>/province.json`, copied from
 * content/province.json on first use), so `npm run commune:add` changes the portal it is run
 * against and never the repository's demo. From the registry come:
 * - `<stateDir>/wrangler.d1.json`: one D1 entry per commune plus the R2 buckets of wrangler.toml,
 *   for what runs beside the portal (migrations, seed, backup) through wrangler and getPlatformProxy;
 * - the config `wrangler dev` runs from: the astro build's `server/wrangler.json` with the same
 *   D1 entries, written beside it (its paths are relative to its folder), bundled by wrangler
 *   (`no_bundle: false`) with the `alias` `cong-khai-xa:province` → the state folder's
 *   `province.json`: the registry is a module of the Worker (schema/province/commune-registry.ts), not a
 *   var, whose 5 KB limit it outgrows at ~20 communes (docs/province.md, Limits). wrangler dev
 *   watches the config and every bundled file, the registry included, and reloads when one
 *   changes (a few seconds, measured with wrangler 4.164), which is how a running `npm start`
 *   takes a new commune without a restart;
 * - for production, the same built config with the databases' real ids and the deployment's
 *   registry file as the alias (`writeDeployConfig`), checked against Cloudflare's limits.
 */

export const REGISTRY_FILE = 'province.json';
const DEMO_REGISTRY = resolve(ROOT, 'content/province.json');
const RUNNING_FILE = 'portal.json';
export const MIGRATIONS_DIR = resolve(ROOT, 'schema/migrations');
/** The province's own database (its administrators): binding, and migrations of its own. */
export const PROVINCE_DB_BINDING = 'PROVINCE_DB';
export const PROVINCE_MIGRATIONS_DIR = resolve(ROOT, 'schema/province-migrations');

/** wrangler.toml as wrangler reads it: the seed commune's D1 entry and the R2 buckets every commune shares. */
function baseConfig() {
  const { rawConfig } = experimental_readRawConfig({ config: resolve(ROOT, 'wrangler.toml') });
  return rawConfig;
}

export const registryPath = (stateDir: string) => join(stateDir, REGISTRY_FILE);

/** A state folder's registry, or the demo province's when it has none yet; writes nothing. */
export async function peekRegistry(stateDir: string): Promise<Province> {
  for (const path of [registryPath(stateDir), DEMO_REGISTRY]) {
    try {
      return parseProvince(await readFile(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`${DEMO_REGISTRY} is missing`);
}

/** The running portal's registry; the demo province's on first use. */
export async function readRegistry(stateDir: string): Promise<Province> {
  const path = registryPath(stateDir);
  try {
    return parseProvince(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(stateDir, { recursive: true });
  await copyFile(DEMO_REGISTRY, path);
  return parseProvince(await readFile(path, 'utf8'));
}

/** Replaces a JSON file in one step (rename), so a watcher never reads half of it. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, path);
}

export async function writeRegistry(stateDir: string, province: Province): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeJsonAtomically(registryPath(stateDir), parseProvince(province));
}

/**
 * A commune's D1 id for local use, the same on every run: miniflare names a local database's
 * file after its id, so migrations, seed, backup and wrangler dev all open the same file.
 * Shaped as a version-4 UUID, as wrangler expects of `database_id`.
 */
function localDatabaseId(slug: string): string {
  const h = createHash('sha256').update(`cong-khai-xa:${slug}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const databaseNameFor = (slug: string) => `cong-khai-xa-${slug}`;

export interface D1Entry {
  binding: string;
  database_name: string;
  database_id: string;
  migrations_dir: string;
}

/**
 * One D1 entry per commune, then the province's own (PROVINCE_DB, its administrators). The
 * commune on binding `DB` and the province keep wrangler.toml's entries: the data a portal stored
 * before the province (local state, a production database) stays where it is. `ids` gives
 * production ids by binding; locally a commune's id is derived from its slug.
 */
export function d1Entries(province: Province, ids: Record<string, string> = {}): D1Entry[] {
  const declared = (binding: string) =>
    (baseConfig().d1_databases ?? []).find((d: { binding: string }) => d.binding === binding) as { database_name?: string; database_id?: string } | undefined;
  const seed = declared('DB');
  const own = declared(PROVINCE_DB_BINDING);
  const communes = province.communes.map((c) => ({
    binding: c.binding,
    database_name: c.binding === 'DB' && seed ? seed.database_name! : databaseNameFor(c.slug),
    database_id: ids[c.binding] ?? (c.binding === 'DB' && seed ? seed.database_id! : localDatabaseId(c.slug)),
    migrations_dir: MIGRATIONS_DIR,
  }));
  const provinceEntry = {
    binding: PROVINCE_DB_BINDING,
    database_name: own?.database_name ?? 'cong-khai-tinh',
    database_id: ids[PROVINCE_DB_BINDING] ?? own?.database_id ?? localDatabaseId('_tinh'),
    migrations_dir: PROVINCE_MIGRATIONS_DIR,
  };
  return [...communes, provinceEntry];
}

const localD1ConfigPath = (stateDir: string) => join(stateDir, 'wrangler.d1.json');

/** The config of the tools that run beside the portal: every commune's D1 and the shared R2 buckets. */
export async function writeLocalD1Config(stateDir: string, province: Province): Promise<string> {
  const base = baseConfig();
  const path = localD1ConfigPath(stateDir);
  await mkdir(stateDir, { recursive: true });
  await writeJsonAtomically(path, {
    name: base.name,
    compatibility_date: base.compatibility_date,
    compatibility_flags: base.compatibility_flags,
    d1_databases: d1Entries(province),
    r2_buckets: base.r2_buckets,
  });
  return path;
}

/** The specifier functions/worker.ts imports the registry by; the config's `alias` names its file. */
export const REGISTRY_MODULE = 'cong-khai-xa:province';

/**
 * The built config with the province's D1 bindings (local: derived ids; production: real ones),
 * bundled by wrangler with the registry file as the module `cong-khai-xa:province`. The build's
 * own config has `no_bundle` (astro's output is already one module graph); bundling it again
 * costs a few seconds and is what lets wrangler resolve the alias and watch the file.
 */
function withProvince(built: Record<string, unknown>, province: Province, registryFile: string, ids?: Record<string, string>) {
  return { ...built, no_bundle: false, alias: { [REGISTRY_MODULE]: resolve(registryFile) }, d1_databases: d1Entries(province, ids) };
}

/**
 * Cloudflare's limits a Worker's config must stay within (docs/province.md, Limits, with the
 * sources): 128 environment variables of at most 5 KB each (Workers Paid,
 * https://developers.cloudflare.com/workers/platform/limits/), and about 5,000 bindings
 * (https://developers.cloudflare.com/d1/platform/limits/, "Maximum bindings per Workers script").
 */
export const WORKER_LIMITS = { vars: 128, varBytes: 5 * 1024, bindings: 5000 } as const;

/** What in a wrangler config is over those limits (empty when nothing is). */
export function overWorkerLimits(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const vars = Object.entries((config.vars ?? {}) as Record<string, unknown>);
  if (vars.length > WORKER_LIMITS.vars) problems.push(`${vars.length} biến môi trường (tối đa ${WORKER_LIMITS.vars})`);
  for (const [name, value] of vars) {
    const bytes = new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).length;
    if (bytes > WORKER_LIMITS.varBytes) problems.push(`biến ${name}: ${bytes} byte (tối đa ${WORKER_LIMITS.varBytes})`);
  }
  const bindings = bindingCount(config);
  if (bindings > WORKER_LIMITS.bindings) problems.push(`${bindings} binding (tối đa khoảng ${WORKER_LIMITS.bindings})`);
  return problems;
}

/** The bindings a config declares: D1, R2, queue producers, KV, services, assets, vars. */
export function bindingCount(config: Record<string, unknown>): number {
  const list = (key: string) => ((config[key] as unknown[] | undefined) ?? []).length;
  const queues = ((config.queues as { producers?: unknown[] } | undefined)?.producers ?? []).length;
  const assets = (config.assets as { binding?: string } | undefined)?.binding ? 1 : 0;
  return list('d1_databases') + list('r2_buckets') + list('kv_namespaces') + list('services') + queues + assets + Object.keys((config.vars ?? {}) as object).length;
}

/**
 * Writes the config wrangler dev runs from, beside the built one (one per state folder: portals
 * of one process share the build, each bundling its own state folder's registry); returns its path.
 */
export async function writeDevConfig(builtConfigPath: string, province: Province, stateDir: string): Promise<string> {
  const built = JSON.parse(await readFile(builtConfigPath, 'utf8')) as Record<string, unknown>;
  const tag = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 12);
  const path = join(dirname(builtConfigPath), `wrangler.dev-${tag}.json`);
  await writeJsonAtomically(path, withProvince(built, province, registryPath(stateDir)));
  return path;
}

/**
 * Rewrites a running portal's D1 bindings for a changed registry (its `alias` stays: the state
 * folder's registry file). wrangler dev reloads on its own, for this file and for the registry.
 */
export async function updateDevConfig(devConfigPath: string, province: Province): Promise<void> {
  const current = JSON.parse(await readFile(devConfigPath, 'utf8')) as Record<string, unknown>;
  await writeJsonAtomically(devConfigPath, { ...current, d1_databases: d1Entries(province) });
}

/**
 * Production: the deploy config is the build's with a D1 entry per commune, its real id from
 * the ids file beside the registry (`<registry>.d1.json`: binding → database_id, written by
 * `commune:add --remote`), and the registry file bundled. A commune without an id is refused: it
 * has no database yet; so is a config over Cloudflare's limits (overWorkerLimits).
 */
export const idsPathFor = (registryFile: string) => registryFile.replace(/\.json$/, '.d1.json');

export async function readIds(registryFile: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(idsPathFor(registryFile), 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export async function writeDeployConfig(builtConfigPath: string, registryFile: string, ids: Record<string, string>, options: { placeholderIds?: boolean } = {}): Promise<string> {
  const province = parseProvince(await readFile(registryFile, 'utf8'));
  const missing = province.communes.filter((c) => c.binding !== 'DB' && !ids[c.binding]);
  if (missing.length && !options.placeholderIds) {
    throw new Error(`Chưa có mã cơ sở dữ liệu D1 của: ${missing.map((c) => c.slug).join(', ')} (chạy wrangler d1 create, hoặc npm run commune:add -- --remote).`);
  }
  const built = JSON.parse(await readFile(builtConfigPath, 'utf8')) as Record<string, unknown>;
  const path = join(dirname(builtConfigPath), 'wrangler.province.json');
  // `placeholderIds` (deploy:check, no account): the local ids stand in for the missing ones.
  const config = withProvince(built, province, registryFile, ids);
  const over = overWorkerLimits(config);
  if (over.length) throw new Error(`Cấu hình Worker vượt giới hạn của Cloudflare: ${over.join('; ')}.`);
  await writeJsonAtomically(path, config);
  return path;
}

/** Where a running `npm start` is, so that commune:add and the scripts find it. */
export interface RunningPortal {
  pid: number;
  port: number;
  url: string;
  /** The config wrangler dev runs from (writeDevConfig). */
  configPath: string;
}

export async function recordRunningPortal(stateDir: string, portal: RunningPortal): Promise<void> {
  await writeJsonAtomically(join(stateDir, RUNNING_FILE), portal);
}

export async function clearRunningPortal(stateDir: string, pid: number): Promise<void> {
  const running = await runningPortal(stateDir);
  if (running?.pid === pid) await writeFile(join(stateDir, RUNNING_FILE), 'null\n');
}

/** The portal running on this state folder, or null (none recorded, or its process is gone). */
export async function runningPortal(stateDir: string): Promise<RunningPortal | null> {
  let recorded: RunningPortal | null;
  try {
    recorded = JSON.parse(await readFile(join(stateDir, RUNNING_FILE), 'utf8')) as RunningPortal | null;
  } catch {
    return null;
  }
  if (!recorded) return null;
  try {
    process.kill(recorded.pid, 0);
    return recorded;
  } catch {
    return null;
  }
}

/**
 * The unit row of a commune that starts empty: its kind and name from the registry, nothing
 * else (the date line's place name is the commune's name; address, phone, signer stay empty
 * until an official sets them in /admin/don-vi). The site needs a unit row to render any page.
 */
export function firstUnitRow(commune: Commune): { sql: string; params: (string | number)[] } {
  const label = COMMUNE_KIND_LABELS[commune.kind];
  const name = commune.name.toLowerCase().startsWith(`${label.toLowerCase()} `) ? commune.name.slice(label.length + 1).trim() : commune.name;
  return {
    sql: 'INSERT INTO unit (id, kind, name, place_name, demo_data, updated_at) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    params: [commune.kind.replace('-', '_'), name, name, commune.illustration ? 1 : 0, new Date().toISOString()],
  };
}

/** The same row as one SQL statement with its values written in, for `wrangler d1 execute --command`. */
export function firstUnitSql(commune: Commune): string {
  const { sql, params } = firstUnitRow(commune);
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++]!;
    return typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`;
  });
}

/** What `npm run commune:add` is given, as typed. */
export interface CommuneArgs {
  code?: string;
  name?: string;
  kind?: string;
  host?: string[];
  alias?: string[];
  'formed-from'?: string[];
}

const NEW_KINDS = ['xa', 'phuong', 'dac-khu'] as const;
const FLAG_OF: Record<string, string> = { code: '--code', name: '--name', kind: '--kind', hosts: '--host', aliases: '--alias', formedFrom: '--formed-from', slug: '--name' };

/** "Xã Tân Mỹ" → "xa-tan-my": the registry key, ASCII, from the name. */
function slugFor(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The registry with a new commune appended, or what is wrong with the arguments (Vietnamese,
 * naming the flag). Slug and binding are derived from the name; the name gets its kind in
 * front when typed without it ("Tân Mỹ", --kind xa → "Xã Tân Mỹ").
 */
export function addCommune(province: Province, args: CommuneArgs): { province: Province; commune: Commune } | { errors: string[] } {
  const errors: string[] = [];
  if (!args.code) errors.push('Thiếu --code: mã đơn vị hành chính cấp xã, 5 chữ số (ví dụ --code 25252).');
  else if (!CommuneCode.safeParse(args.code).success) errors.push(`--code "${args.code}" không hợp lệ: mã đơn vị hành chính cấp xã gồm đúng 5 chữ số (ví dụ --code 25252).`);
  if (!args.name?.trim()) errors.push('Thiếu --name: tên xã, phường hoặc đặc khu (ví dụ --name "Xã Tân Mỹ").');
  if (!args.kind) errors.push('Thiếu --kind: xa, phuong hoặc dac-khu.');
  else if (!(NEW_KINDS as readonly string[]).includes(args.kind)) errors.push(`--kind "${args.kind}" không hợp lệ: chỉ nhận xa, phuong hoặc dac-khu (từ 1/7/2025 không còn thị trấn).`);
  if (!args.host?.length) errors.push('Thiếu --host: tên miền chính của xã (ví dụ --host tanmy.localhost hoặc --host tanmy.tinh.gov.vn).');
  const formedFrom = (args['formed-from'] ?? []).map((raw) => {
    const m = /^(\d*):(.+):(\d{4}-\d{2}-\d{2})$/.exec(raw.trim());
    if (!m) errors.push(`--formed-from "${raw}" không đúng dạng "mã:tên:yyyy-mm-dd" (ví dụ "25240:Xã Tân Hòa:2025-07-01"; để trống mã nếu không rõ: ":Xã Tân Hòa:2025-07-01").`);
    return m ? { code: m[1] || null, name: m[2]!.normalize('NFC').trim(), on: m[3]! } : null;
  });
  if (errors.length) return { errors };
  const kind = args.kind as (typeof NEW_KINDS)[number];
  const typed = args.name!.normalize('NFC').trim().replace(/\s+/g, ' ');
  const label = COMMUNE_KIND_LABELS[kind];
  const name = typed.toLowerCase().startsWith(`${label.toLowerCase()} `) ? `${label}${typed.slice(label.length)}` : `${label} ${typed}`;
  const slug = slugFor(name);
  const candidate = {
    slug,
    code: args.code!,
    name,
    kind,
    binding: bindingFor(slug),
    hosts: args.host!,
    aliases: args.alias ?? [],
    formedFrom: formedFrom.filter((f) => f !== null),
    illustration: false,
  };
  const one = CommuneSchema.safeParse(candidate);
  if (!one.success) {
    return { errors: one.error.issues.map((i) => `${FLAG_OF[String(i.path[0])] ?? String(i.path[0])}${i.path.length > 1 ? ` (${i.path.slice(1).join('.')})` : ''}: ${i.message}`) };
  }
  const next = ProvinceSchema.safeParse({ ...province, communes: [...province.communes, one.data] });
  if (!next.success) {
    // The only new problems are the new commune's: a taken code, slug, binding or host.
    return {
      errors: next.error.issues.map((i) => {
        const flag = i.path[2] === 'hosts' ? '--host/--alias' : i.message.startsWith('Trùng code') ? '--code' : '--name';
        return `${flag}: ${i.message.replace(/^Trùng (slug|binding|code):(\S+) với (\S+)\./, (_, what: 'code' | 'slug' | 'binding', value: string, other: string) => `${{ code: 'mã', slug: 'tên', binding: 'khóa D1' }[what]} ${value} đã có trong danh sách (${other}).`)}`;
      }),
    };
  }
  return { province: next.data, commune: one.data };
}
