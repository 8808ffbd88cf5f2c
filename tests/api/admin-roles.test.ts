import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, randomToken, sha256Hex } from '../../schema/core/crypto.ts';
import { insertAccount, insertApiToken } from '../../schema/accounts/accounts.db.ts';
import { app } from '../../functions/index.ts';
import { DECISION_EXAMPLE } from '../../functions/openapi.ts';
import { api, call, makeOfficial, ORIGIN } from '../helpers.ts';

/**
 * Admin routes only an approver may use: an editor is refused with a Vietnamese 403 page before
 * anything is read or stored. `route` is the pattern the app registers; the last test compares
 * this table with the routes that carry `requireRole('approver')`, so neither can grow alone.
 */

interface Fixture {
  /** Another official's account, for the actions on accounts. */
  target: number;
  /** A live API token, for the revoke action. */
  token: number;
  /** A published record of each section under /admin/nhan-dan/, and a consultation, for the withdraw pages. */
  records: Record<string, number>;
}

interface Guarded {
  method: 'GET' | 'POST';
  route: string;
  url: (f: Fixture) => string;
  form?: [string, string][];
}

const ROUTES: Guarded[] = [
  { method: 'GET', route: '/admin/tai-khoan', url: () => '/admin/tai-khoan' },
  {
    method: 'POST',
    route: '/admin/tai-khoan',
    url: () => '/admin/tai-khoan',
    form: [
      ['displayName', 'Người lạ'],
      ['email', `nguoi-la-${crypto.randomUUID()}@example.vn`],
      ['role', 'approver'],
      ['password', 'mat-khau-du-dai-123'],
    ],
  },
  {
    method: 'POST',
    route: '/admin/tai-khoan/:id{[0-9]+}/:action{dat-lai|khoa|mo-khoa}',
    url: (f) => `/admin/tai-khoan/${f.target}/dat-lai`,
    form: [['password', 'mat-khau-moi-du-dai-123']],
  },
  { method: 'POST', route: '/admin/tai-khoan/:id{[0-9]+}/:action{dat-lai|khoa|mo-khoa}', url: (f) => `/admin/tai-khoan/${f.target}/khoa` },
  { method: 'GET', route: '/admin/ma-api', url: () => '/admin/ma-api' },
  {
    method: 'POST',
    route: '/admin/ma-api',
    url: () => '/admin/ma-api',
    form: [
      ['name', 'Mã của biên tập viên'],
      ['scopes', 'disclosures:write'],
    ],
  },
  { method: 'POST', route: '/admin/ma-api/:id{[0-9]+}/thu-hoi', url: (f) => `/admin/ma-api/${f.token}/thu-hoi` },
  // Reception and statistics go live on save (no draft stage): approvers only (schema/accounts/roles.ts).
  { method: 'POST', route: '/admin/tiep-cong-dan/lich/moi', url: () => '/admin/tiep-cong-dan/lich/moi', form: [['frequency', 'weekly']] },
  { method: 'POST', route: '/admin/tiep-cong-dan/lich/:id{[0-9]+}', url: () => '/admin/tiep-cong-dan/lich/1', form: [['version', '1']] },
  { method: 'POST', route: '/admin/tiep-cong-dan/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}', url: () => '/admin/tiep-cong-dan/buoi/1/2025-06-19', form: [['status', 'cancelled']] },
  { method: 'POST', route: '/admin/tiep-cong-dan/buoi/:rule{[0-9]+}/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/xoa', url: () => '/admin/tiep-cong-dan/buoi/1/2025-06-19/xoa' },
  { method: 'POST', route: '/admin/tiep-cong-dan/buoi-tiep/:key{[a-z]+-[0-9][0-9-]*}/ghi-nhan', url: () => '/admin/tiep-cong-dan/buoi-tiep/rule-1-2025-06-19/ghi-nhan', form: [['held', '1'], ['version', '0']] },
  { method: 'POST', route: '/admin/tiep-cong-dan/buoi-tiep/:key{[a-z]+-[0-9][0-9-]*}/dinh-chinh', url: () => '/admin/tiep-cong-dan/buoi-tiep/rule-1-2025-06-19/dinh-chinh', form: [['text', 'Đính chính thử']] },
  { method: 'POST', route: '/admin/tiep-cong-dan/dot-xuat/moi', url: () => '/admin/tiep-cong-dan/dot-xuat/moi', form: [['date', '2025-07-08']] },
  { method: 'POST', route: '/admin/tiep-cong-dan/ngay-nghi/:year{[0-9]{4}}', url: () => '/admin/tiep-cong-dan/ngay-nghi/2025', form: [['holidays', '']] },
  { method: 'POST', route: '/admin/thong-ke/thu-tuc', url: () => '/admin/thong-ke/thu-tuc', form: [['kind', 'year'], ['year', '2024'], ['number', '1']] },
  { method: 'POST', route: '/admin/thong-ke/thu-tuc/csv', url: () => '/admin/thong-ke/thu-tuc/csv', form: [['kind', 'year']] },
  { method: 'POST', route: '/admin/thong-ke/don-thu', url: () => '/admin/thong-ke/don-thu', form: [['kind', 'year'], ['received', '1']] },
  { method: 'GET', route: '/admin/don-vi', url: () => '/admin/don-vi' },
  {
    method: 'POST',
    route: '/admin/don-vi',
    url: () => '/admin/don-vi',
    // Four eyes off (the box unticked), a new name, an embed origin and a base URL.
    form: [
      ['kind', 'xa'],
      ['name', 'Đổi tên'],
      ['placeName', 'Đổi tên'],
      ['publicBaseUrl', 'https://gia-mao.example'],
      ['embedOrigins', 'https://gia-mao.example'],
    ],
  },
  // The law's thresholds are unit settings: an editor could otherwise lower the share a vote needs.
  { method: 'GET', route: '/admin/don-vi/nguong', url: () => '/admin/don-vi/nguong' },
  { method: 'POST', route: '/admin/don-vi/nguong', url: () => '/admin/don-vi/nguong', form: [['passPercent', '10']] },
  { method: 'GET', route: '/admin/danh-muc', url: () => '/admin/danh-muc' },
  { method: 'GET', route: '/admin/danh-muc/moi', url: () => '/admin/danh-muc/moi' },
  { method: 'POST', route: '/admin/danh-muc/moi', url: () => '/admin/danh-muc/moi', form: [['label', 'Mục lạ']] },
  { method: 'GET', route: '/admin/danh-muc/:slug{[a-z0-9-]+}', url: () => '/admin/danh-muc/ngan-sach' },
  { method: 'POST', route: '/admin/danh-muc/:slug{[a-z0-9-]+}', url: () => '/admin/danh-muc/ngan-sach', form: [['label', 'Đổi tên']] },
  { method: 'POST', route: '/admin/danh-muc/:slug{[a-z0-9-]+}/xoa', url: () => '/admin/danh-muc/phi-le-phi/xoa' },
  // Withdrawing a published decision or supervision record (record.withdraw).
  ...['quyet-dinh', 'ban', 'hoat-dong'].flatMap((section): Guarded[] => [
    { method: 'GET', route: `/admin/nhan-dan/${section}/:id{[0-9]+}/thu-hoi`, url: (f) => `/admin/nhan-dan/${section}/${f.records[section]}/thu-hoi` },
    { method: 'POST', route: `/admin/nhan-dan/${section}/:id{[0-9]+}/thu-hoi`, url: (f) => `/admin/nhan-dan/${section}/${f.records[section]}/thu-hoi`, form: [['version', '1'], ['reason', 'Nhập trùng']] },
  ]),
  // Withdrawing a published consultation (record.withdraw, migration 0034).
  { method: 'GET', route: '/admin/lay-y-kien/:id{[0-9]+}/thu-hoi', url: (f) => `/admin/lay-y-kien/${f.records['lay-y-kien']}/thu-hoi` },
  { method: 'POST', route: '/admin/lay-y-kien/:id{[0-9]+}/thu-hoi', url: (f) => `/admin/lay-y-kien/${f.records['lay-y-kien']}/thu-hoi`, form: [['version', '1'], ['reason', 'Nhập trùng']] },
  // Approving or rejecting a pending change carries no middleware: the use case's `authorize` is the
  // one check, tried for every record kind in tests/api/roles.test.ts (cells change.approve/reject).
];

/** Everything an approver-only route could write. */
async function storedState(): Promise<string> {
  const tables = ['accounts', 'api_tokens', 'unit', 'democracy_rules', 'audit_log', 'sessions', 'reception_rules', 'reception_changes', 'reception_extra_sessions', 'holidays', 'procedure_reports', 'procedure_rows', 'petition_stats', 'categories', 'decisions', 'supervision_boards', 'supervision_activities', 'consultations'];
  const rows = await Promise.all(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
  return JSON.stringify(rows.map((r) => r.results));
}

async function officialWithSession(role: 'editor' | 'approver'): Promise<string> {
  const email = `${role}-${crypto.randomUUID()}@example.vn`;
  const password = `mat-khau-${crypto.randomUUID()}`;
  await insertAccount(env.DB, { email, displayName: `Cán bộ ${role}`, role, passwordHash: await hashPassword(password) }, new Date().toISOString());
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

function send(r: Guarded, f: Fixture, cookie: string) {
  const init: RequestInit =
    r.method === 'GET'
      ? { headers: { cookie } }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
          body: new URLSearchParams(r.form ?? []),
        };
  return call(r.url(f), { ...init, redirect: 'manual' });
}

describe('approver-only admin routes', () => {
  let editor = '';
  let approver = '';
  let fixture: Fixture;

  beforeAll(async () => {
    editor = await officialWithSession('editor');
    approver = await officialWithSession('approver');
    const other = await makeOfficial();
    const now = new Date().toISOString();
    const token = await insertApiToken(env.DB, { name: 'Mã đang dùng', tokenHash: await sha256Hex(randomToken()), accountId: other.accountId, scopes: ['disclosures:read'] }, now);
    const created = async (path: string, body: object) => ((await (await api(other, 'POST', path, { ...body, publish: true })).json()) as { id: number }).id;
    const board = await created('/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: 'Ban thanh tra nhân dân thử' });
    const records = {
      'quyet-dinh': await created('/api/v1/decisions', DECISION_EXAMPLE),
      ban: board,
      'hoat-dong': await created('/api/v1/supervision/activities', { boardId: board, kind: 'phat_hien', title: 'Giám sát thu chi', body: 'Nội dung.' }),
      'lay-y-kien': await created('/api/v1/consultations', { title: 'Lấy ý kiến thử', subject: 'other', summary: 'Nội dung.', channels: ['meeting'] }),
    };
    fixture = { target: other.accountId, token, records };
  });

  describe.each(ROUTES)('$method $route', (r) => {
    it('refuses an editor with a Vietnamese page and stores nothing', async () => {
      const before = await storedState();
      const res = await send(r, fixture, editor);
      expect(res.status).toBe(403);
      const page = await res.text();
      expect(page).toContain('<html lang="vi">');
      expect(page).toContain('Không có quyền');
      expect(await storedState()).toBe(before);
    });
  });

  it.each(ROUTES.filter((r) => r.method === 'GET'))('shows $route to an approver', async (r) => {
    expect((await send(r, fixture, approver)).status).toBe(200);
  });

  it('lists exactly the routes that carry requireRole("approver")', () => {
    const guarded = app.routes.filter((r) => (r.handler as { role?: string }).role === 'approver').map((r) => `${r.method} ${r.path}`);
    const listed = ROUTES.map((r) => `${r.method} ${r.route}`);
    expect([...new Set(guarded)].sort()).toEqual([...new Set(listed)].sort());
  });
});
