import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../schema/crypto.ts';
import { applyMigrations, DEFAULT_STATE_DIR } from './local-db.ts';
import { run } from './wrangler.ts';

/**
 * `npm run admin:create -- --email a@xa.gov.vn --name "Nguyễn Văn A" [--role editor] [--remote]`
 *
 * Creates an official's account in the local database, or with --remote in the Cloudflare D1
 * database. The password comes from ADMIN_PASSWORD or is asked for; there is no default.
 */
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'approver' },
    remote: { type: 'boolean', default: false },
  },
});

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const email = values.email?.normalize('NFC').trim() ?? fail('--email is required');
const name = values.name?.normalize('NFC').trim() ?? fail('--name is required');
if (!/^[^@\s]+@[^@\s]+$/.test(email)) fail(`not an email address: ${email}`);
if (values.role !== 'editor' && values.role !== 'approver') fail('--role is editor or approver');

let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('Mật khẩu (ít nhất 12 ký tự): ');
  rl.close();
}
if (password.length < 12) fail('the password needs at least 12 characters');

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const sql = `INSERT INTO accounts (email, display_name, role, password_hash, created_at) VALUES (${quote(email)}, ${quote(name)}, ${quote(values.role!)}, ${quote(await hashPassword(password))}, ${quote(new Date().toISOString())});`;
// A fresh local database gets its tables first; the remote one is migrated with db:migrate:remote.
if (!values.remote) await applyMigrations(DEFAULT_STATE_DIR);
await run('wrangler', ['d1', 'execute', 'DB', values.remote ? '--remote' : '--local', '-c', 'wrangler.toml', '--command', sql]);
console.log(`Created ${values.role} ${email} in the ${values.remote ? 'remote' : 'local'} database.`);
