import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BOARD_EXAMPLE, CHANGE_EXAMPLE, DECISION_EXAMPLE, EXTRA_EXAMPLE, HOLIDAYS_EXAMPLE, RULE_EXAMPLE } from '../../functions/openapi.ts';
import { randomToken, sha256Hex } from '../../schema/core/crypto.ts';
import { API_SCOPE_CODES } from '../../schema/accounts/api-scopes.ts';
import { insertApiToken } from '../../schema/accounts/accounts.db.ts';
import { ACTIONS, may, type Action } from '../../schema/accounts/roles.ts';
import type { Role } from '../../schema/accounts/review.ts';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation, updateConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { api, call, makeOfficial, ORIGIN, sampleDisclosure, sessionOf, type Official, uniqueYear } from '../helpers.ts';

/**
 * The role matrix (schema/accounts/roles.ts), cell by cell: each request is made once by an editor and
 * once by an approver, through the edge an official would use (the API, or the admin form where
 * there is no API). A refusal is a 403 and leaves every table and the attachment bucket as they
 * were; an allowed request succeeds. Fixtures (drafts, published items, rules) are made by a
 * third official, so four eyes never decides a cell.
 */

type Json = Record<string, any>;

interface Actor {
  official: Official;
  cookie: string;
}

interface Attempt {
  action: Action;
  what: string;
  /** Makes what the request needs, as a third official; returns the id the request names. */
  setup?: (owner: Official) => Promise<number>;
  send: (actor: Actor, id: number) => Promise<Response>;
}

async function officialOf(role: Role): Promise<Actor> {
  const { cookie, accountId } = await sessionOf(role);
  const token = randomToken();
  await insertApiToken(env.DB, { name: `Mã ${role}`, tokenHash: await sha256Hex(token), accountId, scopes: API_SCOPE_CODES }, new Date().toISOString());
  return { official: { accountId, email: '', password: '', token }, cookie };
}

const json = async (res: Response | Promise<Response>) => (await (await res).json()) as Json;
const draft = (owner: Official) => json(api(owner, 'POST', '/api/v1/disclosures', sampleDisclosure()));
const published = (owner: Official) => json(api(owner, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true })));
const pdf = () => new File([new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`)], 'quyet-dinh.pdf', { type: 'application/pdf' });
const attach = (actor: Actor, id: number): Promise<Response> => {
  const form = new FormData();
  form.set('file', pdf());
  // On a published item a file is an edit: it needs a public reason (ignored on a draft).
  form.set('changeNote', 'Bổ sung bản scan có chữ ký');
  return call(`/api/v1/disclosures/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${actor.official.token}` }, body: form });
};
const postForm = (actor: Actor, path: string, fields: Record<string, string>) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: actor.cookie, origin: ORIGIN },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
/** Runs `inner` with the unit's four-eyes rule on, then puts the rule back as it was. */
async function withFourEyes<T>(inner: () => Promise<T>): Promise<T> {
  const was = (await env.DB.prepare('SELECT four_eyes FROM unit WHERE id = 1').first<{ four_eyes: number }>())?.four_eyes ?? 0;
  const set = (on: number) =>
    env.DB.prepare(
      "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
    )
      .bind(on)
      .run();
  await set(1);
  try {
    return await inner();
  } finally {
    await set(was);
  }
}
/** A published item of `path` with an edit by its owner waiting for a second approver; its id. */
const withPendingEdit = (path: string, create: object, edit: object) => async (owner: Official) => {
  const item = await json(api(owner, 'POST', path, create));
  await withFourEyes(async () => expect((await api(owner, 'PUT', `${path}/${item.id}`, { ...edit, version: 1, changeNote: 'Sửa theo biên bản' })).status).toBe(202));
  return item.id as number;
};
const decideOpen = (path: string, verdict: 'approve' | 'reject') => async (a: Actor, id: number) => {
  const open = await json(api(a.official, 'GET', `${path}/${id}/revisions/pending`));
  return api(a.official, 'POST', `${path}/${id}/revisions/${open.id}/${verdict}`, verdict === 'reject' ? { reason: 'Chưa khớp biên bản' } : undefined);
};
const pendingDisclosure = withPendingEdit('/api/v1/disclosures', sampleDisclosure({ publish: true }), sampleDisclosure());
const pendingDecision = withPendingEdit('/api/v1/decisions', DECISION_EXAMPLE, { ...DECISION_EXAMPLE, publish: undefined, votesBlank: 2 });
const pendingBoard = withPendingEdit('/api/v1/supervision/boards', BOARD_EXAMPLE, { ...BOARD_EXAMPLE, publish: undefined, name: 'Ban thanh tra nhân dân (tên mới)' });
const pendingActivity = async (owner: Official) => {
  const board = await json(api(owner, 'POST', '/api/v1/supervision/boards', BOARD_EXAMPLE));
  const activity = { boardId: board.id as number, kind: 'phat_hien', title: 'Giám sát thu chi', body: 'Nội dung giám sát.' };
  return withPendingEdit('/api/v1/supervision/activities', { ...activity, publish: true }, { ...activity, title: 'Giám sát thu chi quỹ' })(owner);
};
/** Consultations have no write API: their owner's pending edit is made through the use case. */
const pendingConsultation = async (owner: Official) => {
  const today = todayInVietnam();
  const ctx = { db: env.DB, actor: { accountId: owner.accountId, tokenId: null, label: 'Chủ', role: 'approver' as const }, now: new Date().toISOString() };
  const fields = { title: `Lấy ý kiến thử (${crypto.randomUUID().slice(0, 8)})`, subject: 'socio_economic_plan', summary: 'Dự thảo.', opensOn: addDays(today, -1), closesOn: addDays(today, 20), channels: ['portal'] };
  const { value: c } = await createConsultation(ctx, { ...fields, publish: true });
  const { value } = await withFourEyes(() => updateConsultation(ctx, c.id, { ...fields, title: `${fields.title} (sửa)`, version: 1, changeNote: 'Sửa tên' }));
  expect(value.pending).not.toBeNull();
  return c.id;
};
/**
 * The admin's approve and reject forms carry no role middleware: the use case's `authorize` is
 * the one check (a refusal comes back as the record's page with a 403), for every record kind.
 */
const decideInAdmin = (entity: string, base: string, verdict: 'duyet' | 'tu-choi') => async (a: Actor, id: number) => {
  const open = await env.DB.prepare(
    'SELECT id FROM pending_revisions WHERE entity = ? AND (CASE entity WHEN \'disclosure\' THEN disclosure_id ELSE record_id END) = ? AND decision IS NULL',
  )
    .bind(entity, id)
    .first<{ id: number }>();
  return postForm(a, `${base}/${id}/thay-doi/${open!.id}/${verdict}`, verdict === 'tu-choi' ? { reason: 'Chưa khớp biên bản' } : {});
};
const ADMIN_BASES = [
  { entity: 'disclosure', base: '/admin/cong-khai', setup: pendingDisclosure },
  { entity: 'decision', base: '/admin/nhan-dan/quyet-dinh', setup: pendingDecision },
  { entity: 'supervision_board', base: '/admin/nhan-dan/ban', setup: pendingBoard },
  { entity: 'supervision_activity', base: '/admin/nhan-dan/hoat-dong', setup: pendingActivity },
  { entity: 'consultation', base: '/admin/lay-y-kien', setup: pendingConsultation },
];
const month = () => 1 + Math.floor(Math.random() * 12);
const row = { field: 'Hộ tịch', receivedTotal: 10, receivedDirect: 10, resolvedTotal: 9, resolvedEarly: 8, resolvedOnTime: 1, pendingTotal: 1, pendingWithin: 1 };

const ATTEMPTS: Attempt[] = [
  { action: 'disclosure.draft', what: 'POST /api/v1/disclosures (draft)', send: (a) => api(a.official, 'POST', '/api/v1/disclosures', sampleDisclosure()) },
  {
    action: 'disclosure.draft',
    what: 'PUT /api/v1/disclosures/{id} (a draft)',
    setup: async (owner) => (await draft(owner)).id,
    send: (a, id) => api(a.official, 'PUT', `/api/v1/disclosures/${id}`, { ...sampleDisclosure(), version: 1 }),
  },
  { action: 'disclosure.attach-draft', what: 'POST …/{id}/attachments (a draft)', setup: async (owner) => (await draft(owner)).id, send: attach },
  {
    action: 'disclosure.publish',
    what: 'POST …/{id}/publish',
    setup: async (owner) => (await draft(owner)).id,
    send: (a, id) => api(a.official, 'POST', `/api/v1/disclosures/${id}/publish`, { version: 1 }),
  },
  { action: 'disclosure.publish', what: 'POST /api/v1/disclosures with publish: true', send: (a) => api(a.official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true })) },
  {
    action: 'disclosure.edit-published',
    what: 'PUT /api/v1/disclosures/{id} (published)',
    setup: async (owner) => (await published(owner)).id,
    send: (a, id) => api(a.official, 'PUT', `/api/v1/disclosures/${id}`, { ...sampleDisclosure(), version: 1, changeNote: 'Sửa lỗi chính tả' }),
  },
  { action: 'disclosure.attach-published', what: 'POST …/{id}/attachments (published)', setup: async (owner) => (await published(owner)).id, send: attach },
  {
    action: 'disclosure.withdraw',
    what: 'POST …/{id}/withdraw',
    setup: async (owner) => (await published(owner)).id,
    send: (a, id) => api(a.official, 'POST', `/api/v1/disclosures/${id}/withdraw`, { version: 1, reason: 'Đã được thay thế' }),
  },
  { action: 'reception.manage', what: 'POST /api/v1/reception/rules', send: (a) => api(a.official, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE) },
  {
    action: 'reception.manage',
    what: 'PUT /api/v1/reception/rules/{id}',
    setup: async (owner) => (await json(api(owner, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE))).id,
    send: (a, id) => api(a.official, 'PUT', `/api/v1/reception/rules/${id}`, { ...RULE_EXAMPLE, place: 'Hội trường', version: 1 }),
  },
  {
    action: 'reception.manage',
    what: 'POST /api/v1/reception/changes',
    setup: async (owner) => (await json(api(owner, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE))).id,
    send: (a, id) => api(a.official, 'POST', '/api/v1/reception/changes', { ...CHANGE_EXAMPLE, ruleId: id }),
  },
  {
    action: 'reception.manage',
    what: 'DELETE /api/v1/reception/changes/{ruleId}/{date}',
    setup: async (owner) => {
      const rule = await json(api(owner, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE));
      expect((await api(owner, 'POST', '/api/v1/reception/changes', { ...CHANGE_EXAMPLE, ruleId: rule.id })).status).toBe(201);
      return rule.id;
    },
    send: (a, id) => api(a.official, 'DELETE', `/api/v1/reception/changes/${id}/${CHANGE_EXAMPLE.sessionDate}`),
  },
  { action: 'reception.manage', what: 'POST /api/v1/reception/sessions', send: (a) => api(a.official, 'POST', '/api/v1/reception/sessions', EXTRA_EXAMPLE) },
  { action: 'reception.manage', what: 'PUT /api/v1/reception/holidays/{year}', send: (a) => api(a.official, 'PUT', '/api/v1/reception/holidays/2025', HOLIDAYS_EXAMPLE) },
  {
    action: 'statistics.save',
    what: 'PUT /api/v1/statistics/procedures',
    send: (a) => api(a.official, 'PUT', '/api/v1/statistics/procedures', { period: { kind: 'month', year: uniqueYear(), number: month() }, rows: [row] }),
  },
  {
    action: 'statistics.save',
    what: 'POST /api/v1/statistics/procedures/csv',
    send: (a) =>
      api(a.official, 'POST', `/api/v1/statistics/procedures/csv?kind=month&year=${uniqueYear()}&number=${month()}`, '\uFEFFLĩnh vực;Tổng số;Trực tiếp;Đã giải quyết;Sớm hạn\r\nChứng thực;6;6;6;6\r\n', {
        'content-type': 'text/csv; charset=utf-8',
      }),
  },
  {
    action: 'statistics.save',
    what: 'PUT /api/v1/statistics/petitions',
    send: (a) => api(a.official, 'PUT', '/api/v1/statistics/petitions', { period: { kind: 'month', year: uniqueYear(), number: month() }, received: 11, resolved: 9, mediated: 9, forwarded: 2 }),
  },
  // The records of the other pillars and the report: editors draft, approvers publish and edit what is public.
  { action: 'record.draft', what: 'POST /api/v1/decisions (draft)', send: (a) => api(a.official, 'POST', '/api/v1/decisions', { ...DECISION_EXAMPLE, publish: false }) },
  {
    action: 'record.publish',
    what: 'POST /api/v1/decisions/{id}/publish',
    setup: async (owner) => (await json(api(owner, 'POST', '/api/v1/decisions', { ...DECISION_EXAMPLE, publish: false }))).id,
    send: (a, id) => api(a.official, 'POST', `/api/v1/decisions/${id}/publish`, { version: 1 }),
  },
  {
    action: 'record.edit-published',
    what: 'PUT /api/v1/decisions/{id} (published)',
    setup: async (owner) => (await json(api(owner, 'POST', '/api/v1/decisions', DECISION_EXAMPLE))).id,
    send: (a, id) => api(a.official, 'PUT', `/api/v1/decisions/${id}`, { ...DECISION_EXAMPLE, publish: undefined, version: 1, votesBlank: 2, votesAgainst: 7, changeNote: 'Sửa số phiếu theo biên bản' }),
  },
  {
    action: 'record.withdraw',
    what: 'POST /api/v1/decisions/{id}/withdraw',
    setup: async (owner) => (await json(api(owner, 'POST', '/api/v1/decisions', DECISION_EXAMPLE))).id,
    send: (a, id) => api(a.official, 'POST', `/api/v1/decisions/${id}/withdraw`, { version: 1, reason: 'Biên bản ghi sai số hộ' }),
  },
  {
    action: 'record.withdraw',
    what: 'POST /api/v1/supervision/boards/{id}/withdraw',
    setup: async (owner) => (await json(api(owner, 'POST', '/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: 'Ban thanh tra nhân dân thử', publish: true }))).id,
    send: (a, id) => api(a.official, 'POST', `/api/v1/supervision/boards/${id}/withdraw`, { version: 1, reason: 'Nhập trùng' }),
  },
  // Another official's pending change (four eyes): only an approver decides it, whatever the record kind.
  { action: 'change.reject', what: 'POST /api/v1/disclosures/{id}/revisions/{revisionId}/reject', setup: pendingDisclosure, send: decideOpen('/api/v1/disclosures', 'reject') },
  { action: 'change.reject', what: 'POST /api/v1/decisions/{id}/revisions/{revisionId}/reject', setup: pendingDecision, send: decideOpen('/api/v1/decisions', 'reject') },
  { action: 'change.approve', what: 'POST /api/v1/disclosures/{id}/revisions/{revisionId}/approve', setup: pendingDisclosure, send: decideOpen('/api/v1/disclosures', 'approve') },
  { action: 'change.approve', what: 'POST /api/v1/decisions/{id}/revisions/{revisionId}/approve', setup: pendingDecision, send: decideOpen('/api/v1/decisions', 'approve') },
  { action: 'change.reject', what: 'POST /api/v1/supervision/boards/{id}/revisions/{revisionId}/reject', setup: pendingBoard, send: decideOpen('/api/v1/supervision/boards', 'reject') },
  { action: 'change.approve', what: 'POST /api/v1/supervision/activities/{id}/revisions/{revisionId}/approve', setup: pendingActivity, send: decideOpen('/api/v1/supervision/activities', 'approve') },
  ...ADMIN_BASES.flatMap(({ entity, base, setup }): Attempt[] => [
    { action: 'change.reject', what: `POST ${base}/{id}/thay-doi/{revisionId}/tu-choi`, setup, send: decideInAdmin(entity, base, 'tu-choi') },
    { action: 'change.approve', what: `POST ${base}/{id}/thay-doi/{revisionId}/duyet`, setup, send: decideInAdmin(entity, base, 'duyet') },
  ]),
  {
    action: 'opinion.moderate',
    what: 'POST /api/v1/consultations/opinions/{id}/moderation',
    setup: async () => {
      const today = todayInVietnam();
      const { value: c } = await createConsultation(
        { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() },
        { title: `Lấy ý kiến thử (${crypto.randomUUID().slice(0, 8)})`, subject: 'socio_economic_plan', summary: 'Dự thảo kế hoạch.', opensOn: addDays(today, -1), closesOn: addDays(today, 20), channels: ['portal'], publish: true },
      );
      const row = await env.DB.prepare("INSERT INTO consultation_opinions (consultation_id, receipt, body, contact, address_hash, created_at) VALUES (?, ?, 'Ý kiến thử', '0912 345 678', ?, ?) RETURNING id")
        .bind(c.id, `YK-${c.id}-${crypto.randomUUID().slice(0, 6)}`, '0'.repeat(64), new Date().toISOString())
        .first<{ id: number }>();
      return row!.id;
    },
    send: (a, id) => api(a.official, 'POST', `/api/v1/consultations/opinions/${id}/moderation`, { decision: 'hide', hideReason: 'Trùng ý kiến' }),
  },
  {
    action: 'categories.manage',
    what: 'POST /api/v1/categories',
    send: (a) => api(a.official, 'POST', '/api/v1/categories', { label: `Nội dung thử ${crypto.randomUUID().slice(0, 8)}`, sortOrder: 99 }),
  },
  {
    action: 'unit.edit',
    what: 'POST /admin/don-vi',
    send: (a) => postForm(a, '/admin/don-vi', { kind: 'thi_tran', name: 'Bình Dương', placeName: 'Bình Dương', publicBaseUrl: 'https://binhduong.example', embedOrigins: '' }),
  },
  {
    action: 'accounts.manage',
    what: 'POST /admin/tai-khoan',
    send: (a) => postForm(a, '/admin/tai-khoan', { displayName: 'Người mới', email: `moi-${crypto.randomUUID()}@example.vn`, role: 'editor', password: 'mat-khau-du-dai-123' }),
  },
  { action: 'tokens.manage', what: 'POST /admin/ma-api', send: (a) => postForm(a, '/admin/ma-api', { name: 'Mã mới', scopes: 'disclosures:read' }) },
];

/** Every table a write could touch (a token's "last used" moves on any API call, so it is left out), and the bucket. */
async function storedState(): Promise<string> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT IN ('d1_migrations', 'sessions', 'login_attempts', 'idempotency_keys') ORDER BY name",
  ).all<{ name: string }>();
  const tables = await Promise.all(
    results.map(async ({ name }) => {
      const rows = (await env.DB.prepare(`SELECT * FROM ${name} ORDER BY 1`).all<Json>()).results;
      return [name, name === 'api_tokens' ? rows.map(({ last_used_at: _, ...r }) => r) : rows];
    }),
  );
  const objects = (await env.FILES.list()).objects.map((o) => o.key);
  return JSON.stringify({ tables, objects });
}

const ROLES_UNDER_TEST: Role[] = ['editor', 'approver'];

describe('the role matrix', () => {
  describe.each(ROLES_UNDER_TEST.flatMap((role) => ATTEMPTS.map((attempt) => ({ role, ...attempt, allowed: may(role, attempt.action) }))))(
    '$role: $what ($action)',
    ({ role, action, setup, send, allowed }) => {
      it(allowed ? 'is allowed' : 'is refused with 403, and every table and the bucket are unchanged', async () => {
        const owner = await makeOfficial();
        const actor = await officialOf(role);
        const id = setup ? await setup(owner) : 0;
        const before = await storedState();
        const res = await send(actor, id);
        const body = await res.text();
        if (allowed) {
          expect(res.status, body).toBeLessThan(400);
        } else {
          expect(res.status, body).toBe(403);
          // The refusal names this cell's action: the matrix refused it, not a check beside it.
          expect(body).toContain(ACTIONS[action]);
          expect(await storedState()).toBe(before);
        }
        // The first attachment of the file loads the PDF text reader: 3–8 s on a loaded 2-core machine.
      }, 20_000);
    },
  );

  it('tries every action of the matrix', () => {
    expect([...new Set(ATTEMPTS.map((a) => a.action))].sort()).toEqual(Object.keys(ACTIONS).sort());
  });
});
