import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { API_SCOPES, ApiScopeSchema } from '../../schema/api-scopes.ts';
import { formatDateTime } from '../../schema/dates.ts';
import { ROLES } from '../../schema/review.ts';
import { requiredText } from '../../schema/text.ts';
import { fieldErrors, type FieldError } from '../../schema/validation.ts';
import { checkboxes, errorSummaryBox, page, readForm, selectField, textField, type Values } from '../admin/page.ts';
import { endSession } from '../auth.ts';
import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../../schema/crypto.ts';
import {
  deleteSessionsOf,
  getAccount,
  getAccountByEmail,
  insertAccount,
  insertApiToken,
  listAccounts,
  listApiTokens,
  revokeApiToken,
  setDisabled,
  setPassword,
} from '../../schema/db/accounts.ts';
import { auditById, listAuditFor } from '../../schema/db/audit.ts';
import { getDisclosure } from '../../schema/db/disclosures.ts';
import type { AppEnv } from '../env.ts';

/** Officials' accounts, passwords, API tokens and the audit trail of an item (approvers manage others). */

const password = (label: string) =>
  z.string({ error: `Chưa nhập ${label.toLowerCase()}.` }).min(12, { error: `${label} cần ít nhất 12 ký tự.` }).max(200, { error: `${label} dài quá 200 ký tự.` });

const NewAccountSchema = z.object({
  email: z.string({ error: 'Chưa nhập thư điện tử.' }).trim().toLowerCase().email({ error: 'Thư điện tử không hợp lệ, ví dụ: canbo@xa.gov.vn' }),
  displayName: requiredText('Họ tên', 120),
  role: z.enum(['editor', 'approver'], { error: 'Chưa chọn vai trò.' }),
  password: password('Mật khẩu tạm'),
});

const ChangePasswordSchema = z
  .object({ current: z.string({ error: 'Chưa nhập mật khẩu hiện tại.' }), next: password('Mật khẩu mới'), again: z.string({ error: 'Chưa nhập lại mật khẩu mới.' }) })
  .refine((v) => v.next === v.again, { path: ['again'], error: 'Hai lần nhập mật khẩu mới không giống nhau.' });

const TokenSchema = z.object({
  name: requiredText('Tên mã', 100),
  scopes: z.array(ApiScopeSchema, { error: 'Chưa chọn quyền.' }).min(1, { error: 'Chọn ít nhất một quyền.' }),
});

const forbidden = (who: string) =>
  page('Không có quyền', html`<h1>Không có quyền</h1><p>Chỉ tài khoản duyệt mới quản lý tài khoản và mã API.</p>`, { signedIn: who });

function accountsPage(values: Values, errors: FieldError[], who: string, accounts: Awaited<ReturnType<typeof listAccounts>>, notice = '') {
  const f = { values, errors };
  return page(
    'Tài khoản',
    html`<h1>Tài khoản cán bộ</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<table><thead><tr><th scope="col">Cán bộ</th><th scope="col">Vai trò</th><th scope="col">Thao tác</th></tr></thead><tbody>
${accounts.map(
  (a) => html`<tr><td>${a.displayName}<br><small>${a.email}</small>${a.disabled ? html`<br><strong>Đã khóa</strong>` : ''}</td><td>${ROLES[a.role]}</td>
<td><form method="post" action="/admin/tai-khoan/${a.id}/dat-lai"><label for="pw-${a.id}">Mật khẩu mới</label><input type="password" id="pw-${a.id}" name="password" autocomplete="new-password"><button type="submit" class="secondary">Đặt lại mật khẩu</button></form>
<form method="post" action="/admin/tai-khoan/${a.id}/${a.disabled ? 'mo-khoa' : 'khoa'}"><button type="submit" class="secondary">${a.disabled ? 'Mở khóa' : 'Khóa tài khoản'}</button></form></td></tr>`,
)}
</tbody></table>
<h2>Thêm tài khoản</h2>
${errorSummaryBox(errors)}
<form method="post" action="/admin/tai-khoan" novalidate>
${textField({ ...f, name: 'displayName', label: 'Họ tên' })}
${textField({ ...f, name: 'email', type: 'email', label: 'Thư điện tử' })}
${selectField({ ...f, name: 'role', label: 'Vai trò', placeholder: '— Chọn —', options: Object.entries(ROLES).map(([value, label]) => ({ value, label })) })}
${textField({ ...f, name: 'password', type: 'password', label: 'Mật khẩu tạm', hint: 'Ít nhất 12 ký tự; báo riêng cho người được cấp, họ đổi lại sau khi đăng nhập', autocomplete: 'new-password' })}
<button type="submit">Thêm tài khoản</button>
</form>`,
    { signedIn: who },
  );
}

function tokensPage(values: Values, errors: FieldError[], who: string, tokens: Awaited<ReturnType<typeof listApiTokens>>, shown = '') {
  const f = { values, errors };
  return page(
    'Mã API',
    html`<h1>Mã truy cập API</h1>
${shown ? html`<div class="notice" role="status"><p><strong>Mã mới (chỉ hiện một lần, hãy lưu lại ngay):</strong></p><p><code>${shown}</code></p></div>` : ''}
<table><thead><tr><th scope="col">Tên</th><th scope="col">Quyền</th><th scope="col">Dùng lần cuối</th><th scope="col"></th></tr></thead><tbody>
${tokens.map(
  (t) => html`<tr><td>${t.name}<br><small>của ${t.accountName}, tạo ${formatDateTime(t.createdAt)}</small></td><td>${t.scopes.join(', ')}</td>
<td>${t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'chưa dùng'}</td>
<td>${t.revokedAt ? html`Đã thu hồi ${formatDateTime(t.revokedAt)}` : html`<form method="post" action="/admin/ma-api/${t.id}/thu-hoi"><button type="submit" class="danger">Thu hồi</button></form>`}</td></tr>`,
)}
</tbody></table>
<h2>Tạo mã mới</h2>
${errorSummaryBox(errors)}
<form method="post" action="/admin/ma-api" novalidate>
${textField({ ...f, name: 'name', label: 'Tên mã', hint: 'Phần mềm nào dùng mã này, ví dụ: Phần mềm một cửa' })}
${checkboxes({ ...f, name: 'scopes', label: 'Quyền', options: Object.entries(API_SCOPES).map(([value, label]) => ({ value, label })) })}
<button type="submit">Tạo mã</button>
</form>`,
    { signedIn: who },
  );
}

function passwordPage(values: Values, errors: FieldError[], who: string, notice = '') {
  const f = { values, errors };
  return page(
    'Đổi mật khẩu',
    html`<h1>Đổi mật khẩu</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${errorSummaryBox(errors)}
<form method="post" action="/admin/mat-khau" novalidate>
${textField({ ...f, name: 'current', type: 'password', label: 'Mật khẩu hiện tại', autocomplete: 'current-password' })}
${textField({ ...f, name: 'next', type: 'password', label: 'Mật khẩu mới', hint: 'Ít nhất 12 ký tự', autocomplete: 'new-password' })}
${textField({ ...f, name: 'again', type: 'password', label: 'Nhập lại mật khẩu mới', autocomplete: 'new-password' })}
<button type="submit">Đổi mật khẩu</button>
</form>
<h2>Đăng xuất mọi nơi</h2>
<p>Nếu bạn quên đăng xuất trên máy khác, hoặc nghi bị lộ mật khẩu:</p>
<form method="post" action="/admin/dang-xuat-moi-noi"><button type="submit" class="danger">Đăng xuất khỏi mọi thiết bị</button></form>`,
    { signedIn: who },
  );
}

export const accountsAdmin = new Hono<AppEnv>()
  .get('/mat-khau', (c) => c.html(passwordPage({}, [], c.get('account').displayName, c.req.query('da-doi') !== undefined ? 'Đã đổi mật khẩu.' : '')))
  .post('/mat-khau', async (c) => {
    const { input } = readForm(await c.req.parseBody());
    const me = c.get('account');
    const parsed = ChangePasswordSchema.safeParse(input);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    if (parsed.success && !(await verifyPassword(parsed.data.current, me.passwordHash))) errors.push({ field: 'current', message: 'Mật khẩu hiện tại không đúng.' });
    if (!parsed.success || errors.length) return c.html(passwordPage({}, errors, me.displayName), 422);
    const now = new Date().toISOString();
    // Other sessions end with the old password; this one is started again below.
    await c.env.DB.batch([
      setPassword(c.env.DB, me.id, await hashPassword(parsed.data.next)),
      deleteSessionsOf(c.env.DB, me.id),
      auditById(c.env.DB, { actor: c.get('actor'), action: 'change_password', entity: 'account', before: null, after: null, at: now }, me.id),
    ]);
    return c.redirect('/admin/dang-nhap?tiep=%2Fadmin%2Fmat-khau', 303);
  })
  .post('/dang-xuat-moi-noi', async (c) => {
    const me = c.get('account');
    await c.env.DB.batch([deleteSessionsOf(c.env.DB, me.id)]);
    await endSession(c);
    return c.redirect('/admin/dang-nhap', 303);
  })
  .get('/tai-khoan', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    return c.html(accountsPage({}, [], c.get('account').displayName, await listAccounts(c.env.DB), c.req.query('da-luu') !== undefined ? 'Đã lưu.' : ''));
  })
  .post('/tai-khoan', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    const { input, values } = readForm(await c.req.parseBody());
    const parsed = NewAccountSchema.safeParse(input);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    if (parsed.success && (await getAccountByEmail(c.env.DB, parsed.data.email))) errors.push({ field: 'email', message: 'Thư điện tử này đã có tài khoản.' });
    if (!parsed.success || errors.length) return c.html(accountsPage({ ...values, password: '' }, errors, c.get('account').displayName, await listAccounts(c.env.DB)), 422);
    const now = new Date().toISOString();
    const id = await insertAccount(c.env.DB, { email: parsed.data.email, displayName: parsed.data.displayName, role: parsed.data.role, passwordHash: await hashPassword(parsed.data.password) }, now);
    await auditById(c.env.DB, { actor: c.get('actor'), action: 'create', entity: 'account', before: null, after: { email: parsed.data.email, displayName: parsed.data.displayName, role: parsed.data.role }, at: now }, id).run();
    return c.redirect('/admin/tai-khoan?da-luu', 303);
  })
  .post('/tai-khoan/:id{[0-9]+}/:action{dat-lai|khoa|mo-khoa}', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    const target = await getAccount(c.env.DB, Number(c.req.param('id')));
    if (!target) return c.notFound();
    const action = c.req.param('action');
    const now = new Date().toISOString();
    const actor = c.get('actor');
    if (action === 'dat-lai') {
      const body = await c.req.parseBody();
      const parsed = password('Mật khẩu mới').safeParse(body.password);
      if (!parsed.success) {
        return c.html(accountsPage({}, [{ field: 'password', message: `${target.displayName}: ${parsed.error.issues[0]!.message}` }], c.get('account').displayName, await listAccounts(c.env.DB)), 422);
      }
      await c.env.DB.batch([
        setPassword(c.env.DB, target.id, await hashPassword(parsed.data)),
        deleteSessionsOf(c.env.DB, target.id),
        auditById(c.env.DB, { actor, action: 'reset_password', entity: 'account', before: null, after: null, at: now }, target.id),
      ]);
    } else {
      if (target.id === c.get('account').id) return c.redirect('/admin/tai-khoan', 303);
      await c.env.DB.batch([
        setDisabled(c.env.DB, target.id, action === 'khoa' ? now : null),
        deleteSessionsOf(c.env.DB, target.id),
        auditById(c.env.DB, { actor, action: action === 'khoa' ? 'disable' : 'enable', entity: 'account', before: null, after: null, at: now }, target.id),
      ]);
    }
    return c.redirect('/admin/tai-khoan?da-luu', 303);
  })
  .get('/ma-api', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    return c.html(tokensPage({ scopes: ['disclosures:read', 'disclosures:write'] }, [], c.get('account').displayName, await listApiTokens(c.env.DB)));
  })
  .post('/ma-api', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    const { input, values } = readForm(await c.req.parseBody({ all: true }), { arrays: ['scopes'] });
    const parsed = TokenSchema.safeParse(input);
    if (!parsed.success) return c.html(tokensPage(values, fieldErrors(parsed.error), c.get('account').displayName, await listApiTokens(c.env.DB)), 422);
    const token = randomToken();
    const now = new Date().toISOString();
    const id = await insertApiToken(c.env.DB, { name: parsed.data.name, tokenHash: await sha256Hex(token), accountId: c.get('account').id, scopes: parsed.data.scopes }, now);
    await auditById(c.env.DB, { actor: c.get('actor'), action: 'create', entity: 'api_token', before: null, after: parsed.data, at: now }, id).run();
    // Shown once, in this answer only: the database keeps its hash.
    return c.html(tokensPage({}, [], c.get('account').displayName, await listApiTokens(c.env.DB), token));
  })
  .post('/ma-api/:id{[0-9]+}/thu-hoi', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    const now = new Date().toISOString();
    const id = Number(c.req.param('id'));
    await c.env.DB.batch([revokeApiToken(c.env.DB, id, now), auditById(c.env.DB, { actor: c.get('actor'), action: 'revoke', entity: 'api_token', before: null, after: null, at: now }, id)]);
    return c.redirect('/admin/ma-api', 303);
  })
  .get('/cong-khai/:id{[0-9]+}/nhat-ky', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    const [entries, accounts] = await Promise.all([listAuditFor(c.env.DB, 'disclosure', d.id), listAccounts(c.env.DB)]);
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    const changed = (before: unknown, after: unknown) => {
      const b = (before ?? {}) as Record<string, unknown>;
      const a = (after ?? {}) as Record<string, unknown>;
      return Object.keys({ ...b, ...a }).filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
    };
    return c.html(
      page(
        `Nhật ký: ${d.title}`,
        html`<h1>Nhật ký thay đổi</h1><p><a href="/admin/cong-khai/${d.id}">${d.title}</a></p>
<table><thead><tr><th scope="col">Lúc</th><th scope="col">Ai</th><th scope="col">Việc</th><th scope="col">Trường thay đổi</th></tr></thead><tbody>
${entries.map(
  (e) => html`<tr><td>${formatDateTime(e.at)}</td><td>${(e.actorAccountId && names.get(e.actorAccountId)) ?? '—'}${e.actorTokenId ? ' (qua API)' : ''}</td><td>${e.action}</td>
<td>${changed(e.before, e.after).map((k) => html`<details><summary>${k}</summary><p>Trước: <code>${JSON.stringify(((e.before ?? {}) as Record<string, unknown>)[k] ?? null)}</code></p><p>Sau: <code>${JSON.stringify(((e.after ?? {}) as Record<string, unknown>)[k] ?? null)}</code></p></details>`)}</td></tr>`,
)}
</tbody></table>`,
        { signedIn: c.get('account').displayName },
      ),
    );
  });
