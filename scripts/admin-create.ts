import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { getPlatformProxy, unstable_readConfig } from 'wrangler';
import { AccountCreateSchema, MIN_PASSWORD_LENGTH } from '../schema/account.ts';
import { hashPassword } from '../schema/crypto.ts';
import { getAccountByEmail, insertAccount } from '../schema/db/accounts.ts';
import { scriptActor } from '../schema/db/audit.ts';
import { fieldErrors } from '../schema/validation.ts';
import { applyMigrations, DEFAULT_STATE_DIR, withLocalDb } from './local-db.ts';
import { ROOT } from './wrangler.ts';

/**
 * `npm run admin:create -- --email a@xa.gov.vn --name "Nguyễn Văn A" [--role editor] [--remote]`
 *
 * Creates an official's account in the local database, or with --remote in the Cloudflare D1
 * database, through the same core function as the admin (schema/db/accounts.ts): the account
 * and its audit row in one batch. The password comes from ADMIN_PASSWORD or is asked for;
 * there is no default.
 */
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'approver' },
    remote: { type: 'boolean', default: false },
    /** The local state folder (default .wrangler/state, as `npm start` uses). */
    'state-dir': { type: 'string', default: DEFAULT_STATE_DIR },
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
const parsed = AccountCreateSchema.safeParse({ email: values.email, displayName: values.name, role: values.role, password });
if (!parsed.success) fail(fieldErrors(parsed.error).map((e) => `${{ displayName: '--name', password: 'ADMIN_PASSWORD' }[e.field] ?? `--${e.field}`}: ${e.message}`).join('\n'));
const account = parsed.data!;

async function create(db: D1Database): Promise<void> {
  if (await getAccountByEmail(db, account.email)) fail(`Thư điện tử ${account.email} đã có tài khoản.`);
  const { password: plain, ...fields } = account;
  await insertAccount(db, { ...fields, passwordHash: await hashPassword(plain) }, scriptActor('npm run admin:create'), new Date().toISOString());
}

/**
 * The production D1 through wrangler's remote bindings: a copy of the D1 binding marked
 * `remote: true` (wrangler.toml keeps it local, so that `npm start` never touches production).
 * Needs `wrangler login` (or CLOUDFLARE_API_TOKEN) and a migrated database (db:migrate:remote).
 */
async function withRemoteDb(fn: (db: D1Database) => Promise<void>): Promise<void> {
  // The package's types leave the config untyped (they point into a bundled package): the part read here.
  const rawConfig = unstable_readConfig({ config: resolve(ROOT, 'wrangler.toml') }) as unknown as {
    name: string;
    compatibility_date: string;
    d1_databases: { binding: string; database_name: string; database_id?: string; migrations_dir?: string }[];
  };
  const binding = rawConfig.d1_databases.find((d) => d.binding === 'DB') ?? fail('wrangler.toml has no D1 binding named DB');
  const dir = resolve(ROOT, '.wrangler/tmp');
  await mkdir(dir, { recursive: true });
  const configPath = resolve(dir, 'admin-create.remote.json');
  const config = { name: rawConfig.name, compatibility_date: rawConfig.compatibility_date, d1_databases: [{ binding: binding.binding, database_name: binding.database_name, database_id: binding.database_id, remote: true }] };
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath, remoteBindings: true, persist: false }).catch((error: unknown) =>
    fail(`Could not reach the Cloudflare D1 database (run \`npx wrangler login\` or set CLOUDFLARE_API_TOKEN): ${error instanceof Error ? error.message : String(error)}`),
  );
  try {
    await fn(proxy.env.DB);
  } finally {
    await proxy.dispose();
  }
}

if (values.remote) {
  await withRemoteDb(create);
} else {
  // A fresh local database gets its tables first; the remote one is migrated with db:migrate:remote.
  await applyMigrations(values['state-dir']!);
  await withLocalDb(values['state-dir']!, create);
}
console.log(`Đã tạo tài khoản ${account.role} ${account.email} trong cơ sở dữ liệu ${values.remote ? 'trên Cloudflare' : 'cục bộ'}.`);
