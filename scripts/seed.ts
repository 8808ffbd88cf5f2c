import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DisclosureCreateSchema } from '../schema/disclosure.ts';
import { hashPassword, sha256Hex } from '../schema/crypto.ts';
import { API_SCOPE_CODES } from '../schema/api-scopes.ts';
import { getAccountByEmail, insertAccount, insertApiToken, findApiToken } from '../schema/db/accounts.ts';
import { listDisclosures } from '../schema/db/disclosures.ts';
import { listRules } from '../schema/db/reception.ts';
import { getUnit } from '../schema/db/unit.ts';
import type { WriteContext } from '../schema/use-cases/context.ts';
import { createDisclosure } from '../schema/use-cases/disclosures.ts';
import { createRule, saveHolidays } from '../schema/use-cases/reception.ts';
import { savePetitionStats, saveProcedureReport } from '../schema/use-cases/statistics.ts';
import { saveUnit } from '../schema/use-cases/unit.ts';
import { listPetitionStats } from '../schema/db/petition-stats.ts';
import { listProcedureReports } from '../schema/db/procedure-stats.ts';
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

export interface DemoCredentials {
  email: string;
  password: string;
  apiToken: string;
}

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

/** Creates the demo official and token if missing, and loads the demo data into an empty database. */
export async function seedDemo(db: D1Database, creds: DemoCredentials): Promise<{ loaded: boolean }> {
  const now = new Date().toISOString();
  let account = await getAccountByEmail(db, creds.email);
  if (!account) {
    await insertAccount(db, { email: creds.email, displayName: 'Cán bộ văn phòng (demo)', role: 'approver', passwordHash: await hashPassword(creds.password) }, now);
    account = (await getAccountByEmail(db, creds.email))!;
  }
  const tokenHash = await sha256Hex(creds.apiToken);
  if (!(await findApiToken(db, tokenHash))) {
    await insertApiToken(db, { name: 'Mã API demo', tokenHash, accountId: account.id, scopes: API_SCOPE_CODES }, now);
  }
  // The unit row is written last and marks a seeded database; a seed that was cut off half-way
  // resumes without duplicating what it had already loaded.
  if (await getUnit(db)) return { loaded: false };
  const actor = { accountId: account.id, tokenId: null, label: account.displayName, role: account.role };
  // The demo goes through the same use cases as the admin and the API; each item is dated as
  // it was published, so lists read in their real order.
  const at = (now: string): WriteContext => ({ db, actor, now });
  const items = (await readJson('content/demo/disclosures.json')) as unknown[];
  const existing = new Set((await listDisclosures(db)).map((d) => d.title));
  for (const raw of items) {
    const input = DisclosureCreateSchema.parse(raw);
    if (existing.has(input.title)) continue;
    await createDisclosure(at(`${input.postingStart}T01:00:00.000Z`), raw);
  }
  const reception = (await readJson('content/demo/reception.json')) as { rules: unknown[]; holidays: Record<string, unknown[]> };
  if ((await listRules(db)).length === 0) {
    // The report's standing rule was announced before 2024: created with full notice, so no session of it is a late change.
    for (const rule of reception.rules) await createRule(at('2023-12-25T01:00:00.000Z'), rule);
    for (const [year, list] of Object.entries(reception.holidays)) {
      await saveHolidays(at('2024-01-02T01:00:00.000Z'), Number(year), { holidays: list });
    }
  }
  const statistics = (await readJson('content/demo/statistics.json')) as { procedureReports: unknown[]; petitions: unknown[] };
  if ((await listProcedureReports(db)).length === 0) {
    for (const raw of statistics.procedureReports) {
      await saveProcedureReport(at('2024-06-24T01:00:00.000Z'), raw, 'demo');
    }
  }
  if ((await listPetitionStats(db)).length === 0) {
    for (const raw of statistics.petitions) await savePetitionStats(at('2024-06-24T01:00:00.000Z'), raw);
  }
  await saveUnit(at(now), await readJson('content/demo/unit.json'));
  return { loaded: true };
}

