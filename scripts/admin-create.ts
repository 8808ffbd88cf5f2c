import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { getPlatformProxy, unstable_readConfig } from 'wrangler';
import { MIN_PASSWORD_LENGTH, NewAccountSchema } from '../schema/accounts/account.ts';
import { scriptActor } from '../schema/accounts/audit.db.ts';
import { ValidationError } from '../schema/core/errors.ts';
import { createAccount, createProvinceAdmin } from '../schema/accounts/accounts.use-cases.ts';
import { fieldErrors, type FieldError } from '../schema/core/validation.ts';
import { parseProvince } from '../schema/province/communes.ts';
import { applyMigrations, DEFAULT_STATE_DIR, withLocalDb } from './local-db.ts';
import { databaseNameFor, idsPathFor, PROVINCE_DB_BINDING, readIds, readRegistry } from './province.ts';
import { readFile } from 'node:fs/promises';
import { ROOT } from './wrangler.ts';

/**
 * `npm run admin:create -- --email a@xa.gov.vn --name "Nguyễn Văn A" [--role editor] [--remote] [--commune <slug>]`
 * `npm run admin:create -- --province --email a@tinh.gov.vn --name "Trần Thị B" [--remote]`
 *
 * `--province` creates a province administrator in the province's own database (PROVINCE_DB,
 * schema/province-migrations): the account that logs in at /admin/ on the province's host, and
 * nowhere else. `--role` and `--commune` do not apply to it.
 *
 * `--commune` names the commune of the province whose database gets the account (default: the
 * seed commune, binding DB): locally from the state folder's registry, with --remote from
 * `--registry` (default content/province.json) and the ids beside it.
 * Creates an official's account in the local database, or with --remote in the Cloudflare D1
 * database, through the use case the admin calls (schema/accounts/accounts.use-cases.ts): the same
 * checks, and the account with its audit row in one batch. The password comes from
 * ADMIN_PASSWORD or is asked for; there is no default.
 */
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'approver' },
    remote: { type: 'boolean', default: false },
    /** The local state folder (default .wrangler/state, as `npm start` uses). */
    'state-dir': { type: 'string', default: DEFAULT_STATE_DIR },
    commune: { type: 'string' },
    registry: { type: 'string' },
    province: { type: 'boolean', default: false },
  },
});

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question(`Mật khẩu (ít nhất ${MIN_PASSWORD_LENGTH} ký tự): `);
  rl.close();
}
const input = { email: values.email, displayName: values.name, role: values.role, password };
/** Which option a field came from, for the messages. */
const OPTION: Record<string, string> = { email: '--email', displayName: '--name', role: '--role', password: 'ADMIN_PASSWORD' };
const refuse = (errors: FieldError[]) => fail(errors.map((e) => `${OPTION[e.field] ?? e.field}: ${e.message}`).join('\n'));

// The same schema the use case applies, checked before any database is opened.
const checked = NewAccountSchema.safeParse(input);
if (!checked.success) refuse(fieldErrors(checked.error));

/** Creates the account; returns the refusal (an email already taken) rather than exiting with the database open. */
async function create(db: D1Database): Promise<FieldError[]> {
  try {
    // The script acts as an approver: it is how the first approver comes to exist.
    const ctx = { db, actor: scriptActor('npm run admin:create'), now: new Date().toISOString() };
    await (values.province ? createProvinceAdmin(ctx, input) : createAccount(ctx, input));
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
}

/**
 * The production D1 through wrangler's remote bindings: a copy of the D1 binding marked
 * `remote: true` (wrangler.toml keeps it local, so that `npm start` never touches production).
 * Needs `wrangler login` (or CLOUDFLARE_API_TOKEN) and a migrated database (db:migrate:remote).
 */
async function withRemoteDb<T>(bindingName: string, fn: (db: D1Database) => Promise<T>): Promise<T> {
  // The package's types leave the config untyped (they point into a bundled package): the part read here.
  const rawConfig = unstable_readConfig({ config: resolve(ROOT, 'wrangler.toml') }) as unknown as {
    name: string;
    compatibility_date: string;
    d1_databases: { binding: string; database_name: string; database_id?: string; migrations_dir?: string }[];
  };
  // The seed commune's DB and the province's PROVINCE_DB are wrangler.toml's (a real id in the
  // ids file beside the registry wins); another commune's comes from the ids file.
  const declared = rawConfig.d1_databases.find((d) => d.binding === bindingName);
  const binding =
    bindingName === 'DB' || bindingName === PROVINCE_DB_BINDING
      ? { ...(declared ?? fail(`wrangler.toml has no D1 binding named ${bindingName}`)), database_id: (await readIds(registryFile))[bindingName] ?? declared!.database_id }
      : { binding: bindingName, database_name: databaseNameFor(commune!.slug), database_id: (await readIds(registryFile))[bindingName] ?? fail(`Chưa có mã D1 của ${commune!.slug} trong ${idsPathFor(registryFile)}.`) };
  const dir = resolve(ROOT, '.wrangler/tmp');
  await mkdir(dir, { recursive: true });
  const configPath = resolve(dir, 'admin-create.remote.json');
  const config = { name: rawConfig.name, compatibility_date: rawConfig.compatibility_date, d1_databases: [{ binding: binding.binding, database_name: binding.database_name, database_id: binding.database_id, remote: true }] };
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const proxy = await getPlatformProxy<Record<string, D1Database>>({ configPath, remoteBindings: true, persist: false }).catch((error: unknown) =>
    fail(`Could not reach the Cloudflare D1 database (run \`npx wrangler login\` or set CLOUDFLARE_API_TOKEN): ${error instanceof Error ? error.message : String(error)}`),
  );
  try {
    return await fn(proxy.env[bindingName]!);
  } finally {
    await proxy.dispose();
  }
}

// Which commune's database: the seed's (DB) unless --commune names another.
const registryFile = resolve(values.registry ?? resolve(ROOT, 'content/province.json'));
const province = values.remote ? parseProvince(await readFile(registryFile, 'utf8')) : await readRegistry(values['state-dir']!);
if (values.province && values.commune) fail('--province và --commune không dùng cùng nhau: quản trị viên tỉnh ở cơ sở dữ liệu của tỉnh.');
const commune = values.commune === undefined ? undefined : (province.communes.find((c) => c.slug === values.commune) ?? fail(`--commune: không có xã "${values.commune}" trong danh sách (${province.communes.map((c) => c.slug).join(', ')}).`));
const dbBinding = values.province ? PROVINCE_DB_BINDING : (commune?.binding ?? 'DB');

let refused: FieldError[];
if (values.remote) {
  refused = await withRemoteDb(dbBinding, create);
} else {
  // A fresh local database gets its tables first; the remote one is migrated with db:migrate:remote.
  await applyMigrations(values['state-dir']!, dbBinding);
  refused = await withLocalDb(values['state-dir']!, create, dbBinding);
}
if (refused.length) refuse(refused);
if (values.province) {
  console.log(`Đã tạo tài khoản quản trị viên tỉnh ${checked.data!.email} trong cơ sở dữ liệu của tỉnh ${values.remote ? 'trên Cloudflare' : 'cục bộ'} (đăng nhập ở /admin/ trên tên miền của tỉnh).`);
  process.exit(0);
}
console.log(`Đã tạo tài khoản ${checked.data!.role} ${checked.data!.email} trong cơ sở dữ liệu ${values.remote ? 'trên Cloudflare' : 'cục bộ'}${commune ? ` của ${commune.name}` : ''}.`);
