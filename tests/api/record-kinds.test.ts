import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BOARD_EXAMPLE, DECISION_EXAMPLE } from '../../functions/openapi.ts';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { COMMUNITY_RECORD_KINDS, RECORD_KIND_CODES, RECORD_KINDS, type RecordKind } from '../../schema/lifecycle/record-kinds.ts';
import { createConsultation, updateConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { propose } from '../../schema/lifecycle/revisions.use-cases.ts';
import { api, makeOfficial, sampleDisclosure, type Official } from '../helpers.ts';

/**
 * The SQL-vs-code test of the record kinds (issue 20). Since migration 0033 no `CHECK (entity IN
 * (…))` lists them in `pending_revisions` or `community_revisions`, so a new kind needs no table
 * rebuild; the registry (schema/lifecycle/record-kinds.ts) is the one list. Here the database is held to
 * it: every kind makes its rows through the real API and use cases, and the codes those rows
 * carry are exactly the registered ones; what a kind names (its table, its history) exists; and a
 * code the registry does not hold is refused before anything is stored.
 */

type Json = Record<string, any>;
const json = async (res: Response | Promise<Response>) => (await (await res).json()) as Json;

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

/** A published record of `path` edited once live (a public change) and once more under four eyes (a pending change). */
async function editedTwice(owner: Official, path: string, create: object, edit: object): Promise<number> {
  await setFourEyes(false);
  const created = await api(owner, 'POST', path, { ...create, publish: true });
  const item = (await created.json()) as Json;
  expect(created.status, JSON.stringify(item)).toBe(201);
  expect((await api(owner, 'PUT', `${path}/${item.id}`, { ...edit, version: 1, changeNote: 'Sửa theo biên bản' })).status).toBe(200);
  await setFourEyes(true);
  expect((await api(owner, 'PUT', `${path}/${item.id}`, { ...edit, version: 2, changeNote: 'Sửa lần hai' })).status).toBe(202);
  return item.id as number;
}

/** One record of every registered kind with a pending change, made the way officials make them. */
const MAKE: Record<RecordKind, (owner: Official) => Promise<unknown>> = {
  disclosure: (owner) => editedTwice(owner, '/api/v1/disclosures', sampleDisclosure(), { ...sampleDisclosure(), summary: 'Tóm tắt đã sửa.' }),
  decision: (owner) => editedTwice(owner, '/api/v1/decisions', DECISION_EXAMPLE, { ...DECISION_EXAMPLE, publish: undefined, votesBlank: 2 }),
  supervision_board: (owner) => editedTwice(owner, '/api/v1/supervision/boards', BOARD_EXAMPLE, { ...BOARD_EXAMPLE, publish: undefined, name: 'Ban thanh tra (tên mới)' }),
  supervision_activity: async (owner) => {
    await setFourEyes(false);
    const board = await json(api(owner, 'POST', '/api/v1/supervision/boards', BOARD_EXAMPLE));
    const activity = { boardId: board.id, kind: 'phat_hien', title: 'Giám sát thu chi', body: 'Nội dung giám sát.' };
    return editedTwice(owner, '/api/v1/supervision/activities', activity, { ...activity, title: 'Giám sát thu chi quỹ' });
  },
  // Consultations have no write API: the admin's use case.
  consultation: async (owner) => {
    const today = todayInVietnam();
    const ctx = { db: env.DB, actor: { accountId: owner.accountId, tokenId: null, label: 'Thử', role: 'approver' as const }, now: new Date().toISOString() };
    const fields = { title: `Lấy ý kiến thử (${crypto.randomUUID().slice(0, 8)})`, subject: 'socio_economic_plan', summary: 'Dự thảo.', opensOn: addDays(today, -1), closesOn: addDays(today, 20), channels: ['portal'] };
    await setFourEyes(false);
    const { value: c } = await createConsultation(ctx, { ...fields, publish: true });
    await setFourEyes(true);
    const { value } = await updateConsultation(ctx, c.id, { ...fields, title: `${fields.title} (sửa)`, version: 1, changeNote: 'Sửa tên' });
    expect(value.pending).not.toBeNull();
  },
};

const distinct = async (table: string) =>
  (await env.DB.prepare(`SELECT DISTINCT entity FROM ${table} ORDER BY entity`).all<{ entity: string }>()).results.map((r) => r.entity);
const columnsOf = async (table: string) => (await env.DB.prepare(`SELECT name FROM pragma_table_info(?)`).bind(table).all<{ name: string }>()).results.map((r) => r.name);

describe('record kinds: the database and the registry (schema/lifecycle/record-kinds.ts)', () => {
  it('the kinds the rows of pending_revisions and community_revisions carry are exactly the registered ones', async () => {
    const owner = await makeOfficial();
    try {
      for (const kind of RECORD_KIND_CODES) await MAKE[kind](owner);
    } finally {
      await setFourEyes(false);
    }
    expect(await distinct('pending_revisions')).toEqual([...RECORD_KIND_CODES].sort());
    expect(await distinct('community_revisions')).toEqual([...COMMUNITY_RECORD_KINDS].sort());
  });

  it.each(RECORD_KIND_CODES)('%s: its table has the columns four eyes reads, and its change history exists', async (kind) => {
    const { table, history } = RECORD_KINDS[kind];
    // An approval is recorded only while the record stands at the approved version (schema/lifecycle/pending-revisions.db.ts).
    expect(await columnsOf(table)).toEqual(expect.arrayContaining(['id', 'version', 'status']));
    const [historyTable, column] = history.split('.') as [string, string | undefined];
    expect(await columnsOf(historyTable)).toEqual(expect.arrayContaining([column ?? 'change_note']));
  });

  it('no table lists record kinds in a CHECK: a new kind needs no rebuild', async () => {
    const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE name IN ('pending_revisions', 'community_revisions')").all<{ name: string; sql: string }>();
    expect(results).toHaveLength(2);
    for (const { sql } of results) expect(sql).not.toMatch(/\bentity\s+IN\s*\(/i);
  });

  it('a pending change of a kind the registry does not hold is refused, and nothing is stored', async () => {
    const owner = await makeOfficial();
    const ctx = { db: env.DB, actor: { accountId: owner.accountId, tokenId: null, label: 'Thử', role: 'approver' as const }, now: new Date().toISOString() };
    const count = () => env.DB.prepare('SELECT (SELECT count(*) FROM pending_revisions) + (SELECT count(*) FROM audit_log) AS n').first<number>('n');
    const before = await count();
    const target = { entity: 'village_meeting', id: 1 } as unknown as { entity: RecordKind; id: number };
    await expect(propose(ctx, { target, baseVersion: 1, kind: 'edit', fields: { title: 'x' }, changeNote: 'Thử', attachment: null })).rejects.toThrow(/Unregistered record kind "village_meeting"/);
    expect(await count()).toBe(before);
  });
});
