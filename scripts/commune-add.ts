import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseProvince, type Commune, type Province } from '../schema/province/communes.ts';
import { DEFAULT_STATE_DIR, migrateLocalDb, withLocalEnv } from './local-db.ts';
import {
  addCommune,
  databaseNameFor,
  firstUnitRow,
  firstUnitSql,
  idsPathFor,
  peekRegistry,
  readIds,
  runningPortal,
  updateDevConfig,
  writeDeployConfig,
  writeJsonAtomically,
  writeRegistry,
} from './province.ts';
import { communeServed } from './local-portal.ts';
import { ROOT, run } from './wrangler.ts';

/**
 * `npm run commune:add -- --code 25252 --name "Xã Tân Mỹ" --kind xa --host tanmy.localhost
 *    [--alias old.host]... [--formed-from "25240:Xã Tân Hòa:2025-07-01"]...`
 *
 * Locally (the default) it acts on a portal's state folder (`--state-dir`, PORTAL_STATE_DIR,
 * else .wrangler/state): creates and migrates the commune's D1, gives it its unit row (name and
 * kind, nothing else: it starts empty), adds its D1 binding to the config of the `npm start`
 * running on that folder, then adds it to the registry, which that portal's Worker bundles:
 * wrangler dev reloads by itself on either change.
 *
 * With `--remote` it works on a deployment's registry (`--registry`, default
 * content/province.json) and prints the production steps; `--yes` runs them (README, Province).
 * Nothing is written when an argument is wrong.
 */

const { values } = parseArgs({
  options: {
    code: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    host: { type: 'string', multiple: true },
    alias: { type: 'string', multiple: true },
    'formed-from': { type: 'string', multiple: true },
    'state-dir': { type: 'string' },
    remote: { type: 'boolean' },
    registry: { type: 'string' },
    yes: { type: 'boolean' },
  },
});

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const registryFile = resolve(values.registry ?? join(ROOT, 'content/province.json'));
const stateDir = resolve(values['state-dir'] ?? process.env.PORTAL_STATE_DIR ?? DEFAULT_STATE_DIR);
const current: Province = values.remote ? parseProvince(await readFile(registryFile, 'utf8')) : await peekRegistry(stateDir);
const added = addCommune(current, values);
if ('errors' in added) {
  console.error(`Chưa thêm xã nào. Sửa các lỗi sau rồi chạy lại:\n${added.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
const { province, commune } = added;

async function addLocally(c: Commune): Promise<void> {
  // The database first, the registry last: a running portal never sees a commune without its data store.
  const outcome = await withLocalEnv(
    stateDir,
    async (env) => {
      const db = env[c.binding]!;
      const migrated = await migrateLocalDb(db);
      if (migrated.ok) {
        const { sql, params } = firstUnitRow(c);
        await db.prepare(sql).bind(...params).run();
      }
      return migrated;
    },
    province,
  );
  if (!outcome.ok) {
    console.error(`Không tạo được cơ sở dữ liệu của ${c.name}: ${outcome.reason}. Danh sách xã không đổi.`);
    // The D1 config beside the registry is derived: put it back as the registry still is.
    await withLocalEnv(stateDir, async () => {}, current);
    process.exit(1);
  }
  // A running portal gets the new D1 binding before the registry names the commune: each file
  // reloads wrangler dev, and the commune must never be listed without its database.
  const portal = await runningPortal(stateDir);
  if (portal) await updateDevConfig(portal.configPath, province);
  await writeRegistry(stateDir, province);
  console.log(`Đã thêm ${c.name} (mã ${c.code}, ${c.slug}, D1 ${c.binding}: ${outcome.applied} migration) vào ${join(stateDir, 'province.json')} sau ${seconds()} giây.`);
  console.log(`Tài khoản cán bộ đầu tiên của xã: npm run admin:create -- --commune ${c.slug} --state-dir ${stateDir} --email … --name "…"`);
  if (!portal) {
    console.log(`Chưa có cổng nào chạy trên ${stateDir}: lần chạy npm start tới sẽ phục vụ xã này tại http://${c.hosts[0]}:8787/`);
    return;
  }
  // wrangler dev reloads when its config or the bundled registry changes (a few seconds); the new
  // commune's pages are published on its first request, as a restored portal's are.
  const deadline = Date.now() + 60_000;
  let ok = false;
  while (!(ok = await communeServed(portal.port, c.hosts[0]!)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  if (ok) console.log(`Cổng đang chạy phục vụ xã mới tại http://${c.hosts[0]}:${portal.port}/ (sau ${seconds()} giây, không khởi động lại).`);
  else {
    console.log(`Cổng đang chạy đã nhận cấu hình mới, nhưng http://${c.hosts[0]}:${portal.port}/ chưa sẵn sàng sau 60 giây (trang chủ chưa trả lời 200 hoặc trang chưa xuất bản xong); xem cửa sổ npm start.`);
    process.exitCode = 1;
  }
}

/** The production steps, in order; each is printed, and run with --yes. */
async function addRemotely(c: Commune): Promise<void> {
  const idsFile = idsPathFor(registryFile);
  const deployConfig = join(ROOT, 'site/dist/server/wrangler.province.json');
  const steps: { say: string; run: () => Promise<void> }[] = [
    {
      say: `wrangler d1 create ${databaseNameFor(c.slug)}   (mã cơ sở dữ liệu ghi vào ${idsFile}, khóa ${c.binding})`,
      run: async () => {
        const output = await run('wrangler', ['d1', 'create', databaseNameFor(c.slug)]);
        const id = /"?database_id"?\s*[:=]\s*"([0-9a-f-]{36})"/.exec(output)?.[1];
        if (!id) throw new Error(`wrangler d1 create did not print a database_id:\n${output}`);
        await writeJsonAtomically(idsFile, { ...(await readIds(registryFile)), [c.binding]: id });
      },
    },
    { say: `thêm ${c.slug} vào ${registryFile}`, run: () => writeJsonAtomically(registryFile, province) },
    {
      say: `astro build --root site, rồi ghi ${deployConfig} (khóa D1 của mọi xã, danh sách xã đóng gói cùng Worker)`,
      run: async () => {
        await run('astro', ['build', '--root', 'site']);
        await writeDeployConfig(join(ROOT, 'site/dist/server/wrangler.json'), registryFile, await readIds(registryFile));
      },
    },
    { say: `wrangler d1 migrations apply ${c.binding} --remote -c ${deployConfig}`, run: async () => void (await run('wrangler', ['d1', 'migrations', 'apply', c.binding, '--remote', '-c', deployConfig], { CI: 'true' })) },
    {
      say: `wrangler d1 execute ${c.binding} --remote -c ${deployConfig} --command "${firstUnitSql(c)}"`,
      run: async () => void (await run('wrangler', ['d1', 'execute', c.binding, '--remote', '-c', deployConfig, '--command', firstUnitSql(c)], { CI: 'true' })),
    },
    { say: `wrangler deploy -c ${deployConfig}`, run: async () => void (await run('wrangler', ['deploy', '-c', deployConfig])) },
  ];
  console.log(`Thêm ${c.name} (mã ${c.code}) vào bản triển khai trên Cloudflare, ${steps.length} bước:`);
  steps.forEach((s, i) => console.log(`  ${i + 1}. ${s.say}`));
  if (!values.yes) {
    console.log('Chưa làm gì. Chạy lại với --yes để thực hiện (cần wrangler login hoặc CLOUDFLARE_API_TOKEN).');
    return;
  }
  for (const [i, s] of steps.entries()) {
    console.log(`Bước ${i + 1}…`);
    await s.run();
  }
  console.log(`Xong sau ${seconds()} giây. Tài khoản cán bộ đầu tiên của xã: npm run admin:create -- --remote --commune ${c.slug} --registry ${registryFile} --email … --name "…"`);
}

await (values.remote ? addRemotely(commune) : addLocally(commune));
