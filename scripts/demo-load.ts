import { DisclosureCreateSchema } from '../schema/disclosure/disclosure.ts';
import { hashPassword, sha256Hex } from '../schema/core/crypto.ts';
import { addDays, todayInVietnam } from '../schema/core/dates.ts';
import { API_SCOPE_CODES } from '../schema/accounts/api-scopes.ts';
import { getAccountByEmail, insertAccount, insertApiToken, findApiToken } from '../schema/accounts/accounts.db.ts';
import { listDisclosures } from '../schema/disclosure/disclosures.db.ts';
import { listRules } from '../schema/reception/reception.db.ts';
import { getUnit } from '../schema/unit/unit.db.ts';
import type { WriteContext } from '../schema/core/context.use-cases.ts';
import { createDisclosure } from '../schema/disclosure/disclosures.use-cases.ts';
import { createRule } from '../schema/reception/reception.use-cases.ts';
import { savePetitionStats, saveProcedureReport } from '../schema/statistics/statistics.use-cases.ts';
import { saveUnit } from '../schema/unit/unit.use-cases.ts';
import { decisions } from '../schema/community/decisions.db.ts';
import { boards } from '../schema/community/supervision.db.ts';
import { createDecision } from '../schema/community/decisions.use-cases.ts';
import { createActivity, createBoard } from '../schema/community/supervision.use-cases.ts';
import { listPetitionStats } from '../schema/statistics/petition-stats.db.ts';
import { listProcedureReports } from '../schema/statistics/procedure-stats.db.ts';
import { listConsultations } from '../schema/consultation/consultations.db.ts';
import { createConsultation } from '../schema/consultation/consultations.use-cases.ts';

/**
 * Loading the demo data set (content/demo/) through the same use cases as the admin. Kept apart
 * from scripts/seed.ts, which reads the files with Node, so that the Worker tests load the very
 * same data into their D1 (tests/api/report-78.test.ts).
 */

export interface DemoCredentials {
  email: string;
  password: string;
  apiToken: string;
}

/** The files of content/demo/, parsed. */
export interface DemoContent {
  disclosures: Record<string, unknown>[];
  illustrations: { items: (Record<string, unknown> & { startOffsetDays: number; days: number })[] };
  reception: { rules: unknown[]; illustration: Record<string, unknown> };
  statistics: { procedureReports: unknown[]; petitions: unknown[] };
  consultations: ({ title: string; openDaysFromSeed?: number } & Record<string, unknown>)[];
  pillars: { decisions: unknown[]; boards: ({ activities?: Record<string, unknown>[] } & Record<string, unknown>)[] };
  unit: unknown;
}

/**
 * What report 78/BC-UBND says about decisions by the people and supervision, through the same
 * use cases as the admin; each board's activities name their board by its place in the file.
 */
async function seedPillars(ctx: WriteContext, pillars: DemoContent['pillars']): Promise<void> {
  if ((await decisions.list(ctx.db)).length === 0) {
    for (const raw of pillars.decisions) await createDecision(ctx, raw);
  }
  if ((await boards.list(ctx.db)).length === 0) {
    for (const { activities = [], ...raw } of pillars.boards) {
      const { value: board } = await createBoard(ctx, raw);
      for (const activity of activities) await createActivity(ctx, { ...activity, boardId: board.id });
    }
  }
}

/** Creates the demo official and token if missing, and loads the demo data into an empty database. */
export async function loadDemo(db: D1Database, creds: DemoCredentials, content: DemoContent): Promise<{ loaded: boolean }> {
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
  // The demo goes through the same use cases as the admin and the API, at the time it is
  // loaded: the portal shows when each item was entered, never an invented 2024 time. Only what
  // report 78/BC-UBND states is loaded (issue 12); an item is posted on the portal from today.
  const ctx: WriteContext = { db, actor, now };
  const today = todayInVietnam(new Date(now));
  const items = content.disclosures;
  const illustrations = content.illustrations;
  const existing = new Set((await listDisclosures(db)).map((d) => d.title));
  const all = [
    ...items.map((raw) => ({ ...raw, postingStart: today })),
    // Marked illustrations, dated relative to today, so that the "Đang niêm yết" state shows.
    ...illustrations.items.map(({ startOffsetDays, days, ...raw }) => {
      const start = addDays(today, startOffsetDays);
      return { ...raw, issuedOn: start, postingStart: start, postingEnd: addDays(start, days - 1), publish: true };
    }),
  ];
  for (const raw of all) {
    const input = DisclosureCreateSchema.parse(raw);
    if (existing.has(input.title)) continue;
    await createDisclosure(ctx, raw);
  }
  const reception = content.reception;
  if ((await listRules(db)).length === 0) {
    // The days off of 2024–2026 are the Government's lists shipped with the code
    // (schema/calendar/official-days-off.ts): nothing to save. The report's standing rule covers 2024
    // only, the year the report speaks of; it was announced before 2024 (the year's schedule
    // notice), so it is loaded as existing before the year began and none of its sessions
    // counts as a late change.
    for (const rule of reception.rules) await createRule({ ...ctx, now: '2023-12-25T01:00:00.000Z' }, rule);
    // A marked illustration ("[Minh họa]" in its topics) from the seed day on keeps the calendar
    // demonstrable; like the 2024 rule it is loaded as announced ahead (two weeks before the
    // seed day), so its first sessions are not shown as late changes.
    await createRule({ ...ctx, now: new Date(Date.parse(now) - 14 * 86_400_000).toISOString() }, { ...reception.illustration, validFrom: today });
  }
  const statistics = content.statistics;
  if ((await listProcedureReports(db)).length === 0) {
    for (const raw of statistics.procedureReports) {
      await saveProcedureReport(ctx, raw, 'demo');
    }
  }
  if ((await listPetitionStats(db)).length === 0) {
    for (const raw of statistics.petitions) await savePetitionStats(ctx, raw);
  }
  // Consultations: what the report says (no dates or counts: they stay unknown), and one open
  // illustration, open from the seed day for `openDaysFromSeed` days so the form can be tried.
  const consultations = content.consultations;
  const seeded = new Set((await listConsultations(db)).map((c) => c.title));
  for (const { openDaysFromSeed, ...raw } of consultations) {
    if (seeded.has(raw.title)) continue;
    const dates = openDaysFromSeed ? { opensOn: today, closesOn: addDays(today, openDaysFromSeed - 1) } : {};
    // Entered now, like every demo record: the portal never shows an invented publication time.
    await createConsultation(ctx, { ...raw, ...dates });
  }
  await seedPillars(ctx, content.pillars);
  await saveUnit(ctx, content.unit);
  return { loaded: true };
}

