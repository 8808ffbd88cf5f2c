import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadDemo, type DemoContent, type DemoCredentials } from './demo-load.ts';
import { getAccountByEmail } from '../schema/accounts/accounts.db.ts';
import { scriptActor } from '../schema/accounts/audit.db.ts';
import { createProvinceAdmin } from '../schema/accounts/accounts.use-cases.ts';
import { ROOT } from './wrangler.ts';

/**
 * The demo data set (content/demo/: the 2024 half-year report of thị trấn Bình Dương) and the
 * local demo official. Only `npm start` and the tests use these defaults; production accounts
 * are created with `npm run admin:create` and have no default password.
 */
export const DEMO_DEFAULTS = {
  email: 'canbo@binhduong.example',
  password: 'binhduong-demo-2024',
  apiToken: 'demo-token-binh-duong-2024',
};

/** The local demo province administrator (PROVINCE_DB): the demo official's password, an address of its own. */
export const DEMO_PROVINCE_ADMIN_EMAIL = 'quantri@tinh.example';

export type { DemoCredentials };

export function demoCredentials(env: NodeJS.ProcessEnv = process.env): DemoCredentials {
  return {
    email: env.DEMO_ADMIN_EMAIL || DEMO_DEFAULTS.email,
    password: env.DEMO_ADMIN_PASSWORD || DEMO_DEFAULTS.password,
    apiToken: env.DEMO_API_TOKEN || DEMO_DEFAULTS.apiToken,
  };
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(resolve(ROOT, path), 'utf8'));
}

/** The demo data set as stored in content/demo/. */
async function readDemoContent(): Promise<DemoContent> {
  const [disclosures, illustrations, reception, statistics, consultations, pillars, unit] = await Promise.all(
    ['disclosures', 'illustrations', 'reception', 'statistics', 'consultations', 'pillars', 'unit'].map((name) => readJson(`content/demo/${name}.json`)),
  );
  return { disclosures, illustrations, reception, statistics, consultations, pillars, unit } as DemoContent;
}

/** Creates the demo official and token if missing, and loads the demo data into an empty database. */
export async function seedDemo(db: D1Database, creds: DemoCredentials): Promise<{ loaded: boolean }> {
  return loadDemo(db, creds, await readDemoContent());
}

/**
 * Creates the demo province administrator in the province's database if missing, with the demo
 * official's password, so that `npm start` shows the province's /admin/ too. Local only, as the
 * demo official is.
 */
export async function seedProvinceAdmin(db: D1Database, creds: DemoCredentials): Promise<void> {
  if (await getAccountByEmail(db, DEMO_PROVINCE_ADMIN_EMAIL)) return;
  const ctx = { db, actor: scriptActor('npm start (dữ liệu mẫu)'), now: new Date().toISOString() };
  await createProvinceAdmin(ctx, { email: DEMO_PROVINCE_ADMIN_EMAIL, displayName: 'Quản trị tỉnh (demo)', password: creds.password });
}
