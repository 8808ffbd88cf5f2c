import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatDateTime } from '../../schema/dates.ts';
import { ROLES } from '../../schema/review.ts';
import { API_SCOPES } from '../../schema/api-scopes.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../schema/errors.ts';
import { changeOwnPassword, createAccount, createApiToken, endAllSessions, resetPassword, revokeApiToken, setAccountLocked } from '../../schema/use-cases/accounts.ts';
import type { FieldError } from '../../schema/validation.ts';
import { act } from '../act.ts';
import { checkboxes, errorSummaryBox, page, readForm, selectField, textField, type Values } from '../admin/page.ts';
import { endSession } from '../auth.ts';
import { listAccounts, listApiTokens } from '../../schema/db/accounts.ts';
import { listAuditFor } from '../../schema/db/audit.ts';
import { getDisclosure } from '../../schema/db/disclosures.ts';
import type { AppEnv } from '../env.ts';

/** Officials' accounts, passwords, API tokens and the audit trail of an item (approvers manage others). */

const SCOPES = API_SCOPES;

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
${checkboxes({ ...f, name: 'scopes', label: 'Quyền', options: Object.entries(SCOPES).map(([value, label]) => ({ value, label })) })}
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
    try {
      // Other sessions end with the old password; this one is started again by logging in.
      await act(c, (ctx) => changeOwnPassword(ctx, me, input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(passwordPage({}, error.errors, me.displayName), 422);
    }
    return c.redirect('/admin/dang-nhap?tiep=%2Fadmin%2Fmat-khau', 303);
  })
  .post('/dang-xuat-moi-noi', async (c) => {
    await act(c, (ctx) => endAllSessions(ctx, c.get('account')));
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
    try {
      await act(c, (ctx) => createAccount(ctx, input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(accountsPage({ ...values, password: '' }, error.errors, c.get('account').displayName, await listAccounts(c.env.DB)), 422);
    }
    return c.redirect('/admin/tai-khoan?da-luu', 303);
  })
  .post('/tai-khoan/:id{[0-9]+}/:action{dat-lai|khoa|mo-khoa}', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    const id = Number(c.req.param('id'));
    const action = c.req.param('action');
    const body = action === 'dat-lai' ? await c.req.parseBody() : {};
    try {
      await act(c, (ctx) => (action === 'dat-lai' ? resetPassword(ctx, id, body.password) : setAccountLocked(ctx, id, action === 'khoa')));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      if (error instanceof ForbiddenError) return c.html(forbidden(c.get('account').displayName), 403);
      if (!(error instanceof ValidationError)) throw error;
      return c.html(accountsPage({}, error.errors, c.get('account').displayName, await listAccounts(c.env.DB)), 422);
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
    let created;
    try {
      created = await act(c, (ctx) => createApiToken(ctx, input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(tokensPage(values, error.errors, c.get('account').displayName, await listApiTokens(c.env.DB)), 422);
    }
    // Shown once, in this answer only: the database keeps its hash.
    return c.html(tokensPage({}, [], c.get('account').displayName, await listApiTokens(c.env.DB), created.token));
  })
  .post('/ma-api/:id{[0-9]+}/thu-hoi', async (c) => {
    if (c.get('account').role !== 'approver') return c.html(forbidden(c.get('account').displayName), 403);
    const id = Number(c.req.param('id'));
    await act(c, (ctx) => revokeApiToken(ctx, id));
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
