import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import type { Actor } from '../../schema/accounts/audit.db.ts';
import { getConsultation, listConsultations } from '../../schema/consultation/consultations.db.ts';
import { acceptsOpinions } from '../../schema/consultation/consultation.ts';
import { ForbiddenError, RuleError, ValidationError } from '../../schema/core/errors.ts';
import { RECORD_KIND_CODES, RECORD_KINDS, type RecordKind } from '../../schema/lifecycle/record-kinds.ts';
import type { WriteContext } from '../../schema/core/context.use-cases.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { createDecision } from '../../schema/community/decisions.use-cases.ts';
import { createDisclosure } from '../../schema/disclosure/disclosures.use-cases.ts';
import { LIFECYCLES } from '../../schema/lifecycle/lifecycles.use-cases.ts';
import { propose } from '../../schema/lifecycle/revisions.use-cases.ts';
import { REVISION_KIND_CODES } from '../../schema/lifecycle/revision.ts';
import { createActivity, createBoard } from '../../schema/community/supervision.use-cases.ts';
import { call, ORIGIN, sampleDisclosure, sessionOf } from '../helpers.ts';

/**
 * The one lifecycle (schema/lifecycle/lifecycle.use-cases.ts) over every registered record kind, on real
 * D1: a withdrawal needs the role the matrix names (authorize), a reason, and — with the unit's
 * four eyes on — a second approver, exactly as an edit does; the author never approves their own.
 * The fixtures are keyed by kind, so a kind registered without one does not compile.
 */

type Json = Record<string, any>;

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

let nextAccount = 0;
async function account(role: 'editor' | 'approver'): Promise<Actor> {
  const now = new Date().toISOString();
  const email = `vong-doi-${role}-${++nextAccount}-${crypto.randomUUID()}@example.vn`;
  const row = await env.DB.prepare("INSERT INTO accounts (email, display_name, role, password_hash, created_at) VALUES (?, 'Cán bộ thử', ?, 'x', ?) RETURNING id")
    .bind(email, role, now)
    .first<{ id: number }>();
  return { accountId: row!.id, tokenId: null, label: `Cán bộ ${role}`, role };
}
const ctxOf = (actor: Actor): WriteContext => ({ db: env.DB, actor, now: new Date().toISOString() });
const tag = () => crypto.randomUUID().slice(0, 8);

/** A published record of each kind, created by `actor` with four eyes off. */
const PUBLISHED: Record<RecordKind, (ctx: WriteContext) => Promise<{ id: number; version: number }>> = {
  disclosure: async (ctx) => (await createDisclosure(ctx, { ...sampleDisclosure(), publish: true })).value,
  decision: async (ctx) =>
    (
      await createDecision(ctx, {
        title: `Họp dân bàn mức đóng góp (${tag()})`,
        matter: 'cong_trinh_dong_gop',
        scope: 'thon',
        places: ['Khu phố 2'],
        form: 'hoi_nghi',
        heldFrom: '2025-03-09',
        summary: 'Thống nhất mức đóng góp.',
        publish: true,
      })
    ).value,
  supervision_board: async (ctx) => (await createBoard(ctx, { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân ${tag()}`, summary: 'Giới thiệu.', publish: true })).value,
  supervision_activity: async (ctx) => {
    const board = (await createBoard(ctx, { kind: 'thanh_tra_nhan_dan', name: `Ban ${tag()}`, publish: true })).value;
    return (await createActivity(ctx, { boardId: board.id, kind: 'phat_hien', title: `Giám sát thu chi ${tag()}`, body: 'Nội dung.', recommendation: 'Kiến nghị.', publish: true })).value;
  },
  consultation: async (ctx) => {
    const today = todayInVietnam();
    const input = { title: `Lấy ý kiến dự thảo ${tag()}`, subject: 'draft_decision', summary: 'Dự thảo.', opensOn: addDays(today, -1), closesOn: addDays(today, 20), channels: ['meeting', 'portal'] };
    return (await createConsultation(ctx, { ...input, publish: true })).value;
  },
};

/** The stored state of a record, as its table holds it. */
const stateOf = (kind: RecordKind, id: number) =>
  env.DB.prepare(`SELECT status, version, withdrawn_at, withdrawal_reason FROM ${RECORD_KINDS[kind].table} WHERE id = ?`).bind(id).first<Json>();
const auditOf = async (kind: RecordKind, id: number) =>
  (await env.DB.prepare('SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').bind(kind, String(id)).all<{ action: string }>()).results.map((r) => r.action);

describe('LIFECYCLES', () => {
  it('holds one lifecycle per registered kind, each its own', () => {
    expect(Object.keys(LIFECYCLES).sort()).toEqual([...RECORD_KIND_CODES].sort());
    for (const kind of RECORD_KIND_CODES) expect(LIFECYCLES[kind].kind).toBe(kind);
  });
});

describe('pending_revisions.kind: checked in code (REVISION_KINDS), not by a CHECK list (migration 0034)', () => {
  it('the table lists no kinds of change, the rows carry only known ones, and an unknown one is refused with nothing stored', async () => {
    const sql = (await env.DB.prepare("SELECT sql FROM sqlite_master WHERE name = 'pending_revisions'").first<string>('sql'))!;
    expect(sql).not.toMatch(/\bkind\s+IN\s*\(/i);
    const { results } = await env.DB.prepare('SELECT DISTINCT kind FROM pending_revisions').all<{ kind: string }>();
    expect(results.map((r) => r.kind).filter((k) => !(REVISION_KIND_CODES as readonly string[]).includes(k))).toEqual([]);
    const ctx = ctxOf(await account('approver'));
    const count = () => env.DB.prepare('SELECT (SELECT count(*) FROM pending_revisions) + (SELECT count(*) FROM audit_log) AS n').first<number>('n');
    const before = await count();
    const proposal = { target: { entity: 'decision' as const, id: 1 }, baseVersion: 1, kind: 'delete' as never, fields: {}, changeNote: 'Thử', attachment: null };
    await expect(propose(ctx, proposal)).rejects.toThrow(/Unknown kind of change "delete"/);
    expect(await count()).toBe(before);
  });
});

describe.each(RECORD_KIND_CODES)('withdrawing a published %s', (kind) => {
  const life = LIFECYCLES[kind];

  it('four eyes off: an editor is refused by the role matrix, a reason is required, then it is withdrawn at once and audited', async () => {
    await setFourEyes(false);
    const [approver, editor] = [await account('approver'), await account('editor')];
    const record = await PUBLISHED[kind](ctxOf(approver));
    const unchanged = { status: 'published', version: record.version, withdrawn_at: null, withdrawal_reason: null };

    await expect(life.withdraw(ctxOf(editor), record.id, { version: record.version, reason: 'Sai số liệu' })).rejects.toThrow(ForbiddenError);
    await expect(life.withdraw(ctxOf(editor), record.id, { version: record.version, reason: 'Sai số liệu' })).rejects.toThrow(/không được thu hồi/);
    expect(await stateOf(kind, record.id)).toEqual(unchanged);
    await expect(life.withdraw(ctxOf(approver), record.id, { version: record.version, reason: '  ' })).rejects.toThrow(ValidationError);
    expect(await stateOf(kind, record.id)).toEqual(unchanged);

    const { value } = await life.withdraw(ctxOf(approver), record.id, { version: record.version, reason: 'Nhập trùng' });
    expect(value.pending).toBeNull();
    expect(await stateOf(kind, record.id)).toMatchObject({ status: 'withdrawn', version: record.version + 1, withdrawal_reason: 'Nhập trùng' });
    expect((await auditOf(kind, record.id)).at(-1)).toBe('withdraw');
    // Only a published record is withdrawn.
    await expect(life.withdraw(ctxOf(approver), record.id, { version: record.version + 1, reason: 'Lần nữa' })).rejects.toThrow(RuleError);
  });

  it('four eyes on: an editor is still refused, and an approver withdraws at once, no second approver (issue 22.12: taking down must not wait)', async () => {
    await setFourEyes(false);
    const [approver, editor] = [await account('approver'), await account('editor')];
    const record = await PUBLISHED[kind](ctxOf(approver));
    await setFourEyes(true);
    try {
      await expect(life.withdraw(ctxOf(editor), record.id, { version: record.version, reason: 'Sai số liệu' })).rejects.toThrow(ForbiddenError);
      expect(await stateOf(kind, record.id)).toMatchObject({ status: 'published', version: record.version, withdrawn_at: null });
      const { value, publish } = await life.withdraw(ctxOf(approver), record.id, { version: record.version, reason: 'Văn bản bị thay thế' });
      expect(value.pending).toBeNull();
      expect(value.live).toMatchObject({ status: 'withdrawn', version: record.version + 1, withdrawalReason: 'Văn bản bị thay thế' });
      expect(publish).not.toBeNull();
      expect(await stateOf(kind, record.id)).toMatchObject({ status: 'withdrawn', version: record.version + 1, withdrawal_reason: 'Văn bản bị thay thế' });
      expect((await auditOf(kind, record.id)).at(-1)).toBe('withdraw');
      const waiting = await env.DB.prepare('SELECT count(*) AS n FROM pending_revisions WHERE entity = ? AND coalesce(record_id, disclosure_id) = ?').bind(kind, record.id).first<number>('n');
      expect(waiting).toBe(0);
    } finally {
      await setFourEyes(false);
    }
  });
});

describe('withdrawing a consultation, the kind that lacked it', () => {
  const post = (path: string, cookie: string, body: URLSearchParams) =>
    call(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });

  it('the admin asks for the reason on its own page, keeps what was typed on a refusal, then the public data keeps it, marked withdrawn, and takes no opinion', async () => {
    await setFourEyes(false);
    const approver = await sessionOf('approver');
    const editor = await sessionOf('editor');
    const c = await PUBLISHED.consultation(ctxOf(await account('approver')));
    const detail = await (await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie: approver.cookie } })).text();
    expect(detail).toContain(`href="/admin/lay-y-kien/${c.id}/thu-hoi"`);
    expect((await call(`/admin/lay-y-kien/${c.id}/thu-hoi`, { headers: { cookie: editor.cookie } })).status).toBe(403);

    const form = await (await call(`/admin/lay-y-kien/${c.id}/thu-hoi`, { headers: { cookie: approver.cookie } })).text();
    expect(form).toContain('Lý do thu hồi');
    const refused = await post(`/admin/lay-y-kien/${c.id}/thu-hoi`, approver.cookie, new URLSearchParams({ version: String(c.version), reason: '' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('lý do thu hồi');
    expect((await getConsultation(env.DB, c.id))!.status).toBe('published');

    const done = await post(`/admin/lay-y-kien/${c.id}/thu-hoi`, approver.cookie, new URLSearchParams({ version: String(c.version), reason: 'Dự thảo bị rút để soạn lại' }));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?da-luu`);
    const after = (await listConsultations(env.DB, { publicOnly: true })).find((x) => x.id === c.id)!;
    expect(after).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Dự thảo bị rút để soạn lại' });
    expect(after.withdrawnAt).not.toBeNull();
    expect(acceptsOpinions(after, todayInVietnam())).toBe(false);
    const page = await (await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie: approver.cookie } })).text();
    expect(page).toContain('Đã thu hồi lúc');
    expect(page).toContain('Lý do: Dự thảo bị rút để soạn lại');
    expect(page).not.toContain(`/admin/lay-y-kien/${c.id}/thu-hoi"`);
  });

  it('under four eyes the admin withdrawal takes effect at once', async () => {
    await setFourEyes(false);
    const approver = await sessionOf('approver');
    const c = await PUBLISHED.consultation(ctxOf(await account('approver')));
    await setFourEyes(true);
    try {
      const done = await post(`/admin/lay-y-kien/${c.id}/thu-hoi`, approver.cookie, new URLSearchParams({ version: String(c.version), reason: 'Dự thảo bị rút' }));
      expect(done.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?da-luu`);
      expect((await getConsultation(env.DB, c.id))!).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Dự thảo bị rút' });
      const page = await (await call(done.headers.get('location')!, { headers: { cookie: approver.cookie } })).text();
      expect(page).toContain('Đã thu hồi lúc');
      expect(page).not.toContain('Thay đổi chờ duyệt');
    } finally {
      await setFourEyes(false);
    }
  });
});
