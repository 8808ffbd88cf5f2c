import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { formatDate, formatDateTime, todayInVietnam, addDays } from '../../schema/dates.ts';
import { MIN_POSTING_DAYS, STATUSES, type Disclosure } from '../../schema/disclosure.ts';
import { committeeName } from '../../schema/unit.ts';
import type { FieldError } from '../../schema/validation.ts';
import { disclosureForm, formInput, valuesOf } from '../admin/disclosure-form.ts';
import { errorSummaryBox, page, textField, type Values } from '../admin/page.ts';
import { endSession, requireOfficial, startSession } from '../auth.ts';
import { verifyPassword } from '../../schema/crypto.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, clearLoginFailures, getAccountByEmail, loginBlocked, recordLoginFailure } from '../../schema/db/accounts.ts';
import { listCategories } from '../../schema/db/categories.ts';
import { getDisclosure, listDisclosures } from '../../schema/db/disclosures.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import { attachFile } from '../../schema/use-cases/attachments.ts';
import { createDisclosure, publishDisclosure, updateDisclosure, withdrawDisclosure } from '../../schema/use-cases/disclosures.ts';
import { act } from '../act.ts';
import { getUnit } from '../../schema/db/unit.ts';
import type { AppEnv } from '../env.ts';
import { receptionAdmin } from './admin-reception.ts';
import { statisticsAdmin } from './admin-statistics.ts';
import { accountsAdmin } from './admin-accounts.ts';
import { unitAdmin } from './admin-unit.ts';
import { disclosurePath } from '../../schema/paths.ts';

/** The officials' admin: server-rendered forms that work without JavaScript. */

const PUBLISH_NOTE = 'Trang công khai sẽ cập nhật sau khoảng nửa phút.';

function loginPage(values: Values, errors: FieldError[], next: string) {
  return page(
    'Đăng nhập',
    html`<h1>Đăng nhập</h1>
${errorSummaryBox(errors)}
<form method="post" action="/admin/dang-nhap?tiep=${encodeURIComponent(next)}" novalidate>
${textField({ name: 'email', label: 'Thư điện tử', type: 'email', autocomplete: 'username', errors, values })}
${textField({ name: 'password', label: 'Mật khẩu', type: 'password', autocomplete: 'current-password', errors, values })}
<button type="submit">Đăng nhập</button>
</form>`,
  );
}

/** Only same-site admin paths are followed after login, never an outside address. */
const safeNext = (next: string | undefined) => (next && /^\/admin\/[\w\-/]*$/.test(next) ? next : '/admin/');

function statusBadge(d: Disclosure) {
  return html`<span class="status status-${d.status}">${STATUSES[d.status]}</span>`;
}

function conflictMessage(error: VersionConflictError) {
  return `Nội dung này vừa được người khác sửa (nay là phiên bản ${error.currentVersion}). Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất trong tab khác, so sánh rồi lưu lại.`;
}

/**
 * A use case's refusal as the errors of the form it came from, with the HTTP status; anything
 * else is rethrown. `field` names the input a refusal without a field is shown beside.
 */
function formErrors(error: unknown, field: string): { errors: FieldError[]; status: 403 | 409 | 422 } {
  if (error instanceof ValidationError) return { errors: error.errors, status: 422 };
  if (error instanceof RuleError) return { errors: [{ field: error.field, message: error.message }], status: 422 };
  if (error instanceof VersionConflictError) return { errors: [{ field, message: conflictMessage(error) }], status: 409 };
  if (error instanceof ForbiddenError) return { errors: [{ field, message: error.message }], status: 403 };
  throw error;
}

export const adminApp = new Hono<AppEnv>()
  // Forms are POSTed from our own origin only: hono/csrf checks Origin and Sec-Fetch-Site.
  .use(csrf())
  .get('/dang-nhap', (c) => c.html(loginPage({}, [], safeNext(c.req.query('tiep')))))
  .post('/dang-nhap', async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.normalize('NFC').trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(c.req.query('tiep'));
    const now = new Date();
    const address = c.req.header('cf-connecting-ip') ?? 'local';
    const keys = [
      { key: `account:${email.toLowerCase()}`, limit: ACCOUNT_LIMIT },
      { key: `address:${address}`, limit: ADDRESS_LIMIT },
    ];
    if (email && (await loginBlocked(c.env.DB, keys, now))) {
      return c.html(loginPage({ email }, [{ field: 'password', message: 'Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại, hoặc nhờ người duyệt đặt lại mật khẩu.' }], next), 429);
    }
    const account = email ? await getAccountByEmail(c.env.DB, email) : null;
    const valid = account && !account.disabled && (await verifyPassword(password, account.passwordHash));
    if (!valid) {
      if (email) await recordLoginFailure(c.env.DB, keys.map((k) => k.key), now);
      const errors = !email
        ? [{ field: 'email', message: 'Chưa nhập thư điện tử.' }]
        : [{ field: 'password', message: 'Thư điện tử hoặc mật khẩu không đúng.' }];
      return c.html(loginPage({ email }, errors, next), 401);
    }
    await clearLoginFailures(c.env.DB, keys[0]!.key);
    await startSession(c, account);
    return c.redirect(next, 303);
  })
  .post('/dang-xuat', async (c) => {
    await endSession(c);
    return c.redirect('/admin/dang-nhap', 303);
  })
  .use(requireOfficial)
  .route('/tiep-cong-dan', receptionAdmin)
  .route('/thong-ke', statisticsAdmin)
  .route('/', unitAdmin)
  .route('/', accountsAdmin)
  .get('/', async (c) => {
    // The latest 200 changes; older items are found through the public search and lists.
    const items = await listDisclosures(c.env.DB, { limit: 200 });
    const saved = c.req.query('da-luu');
    return c.html(
      page(
        'Nội dung công khai',
        html`<h1>Nội dung công khai</h1>
${saved ? html`<p class="notice" role="status">${saved === 'nhap' ? 'Đã lưu bản nháp.' : `Đã lưu. ${PUBLISH_NOTE}`}</p>` : ''}
<p><a class="button" href="/admin/cong-khai/moi">Thêm nội dung công khai</a></p>
${items.length === 0 ? html`<p>Chưa có nội dung nào.</p>` : ''}
${items.map(
  (d) => html`<div class="list-item">
<a href="/admin/cong-khai/${d.id}"><strong>${d.title}</strong></a><br>
${statusBadge(d)} ${d.documentNumber ? html`${d.documentNumber} · ` : ''}<time datetime="${d.issuedOn}">${formatDate(d.issuedOn)}</time>
</div>`,
)}`,
        { signedIn: c.get('account').displayName },
      ),
    );
  })
  .get('/cong-khai/moi', async (c) => {
    const [categories, unit] = await Promise.all([listCategories(c.env.DB), getUnit(c.env.DB)]);
    const today = todayInVietnam();
    const values: Values = {
      issuer: unit ? committeeName(unit) : '',
      issuedOn: today,
      postingStart: today,
      postingEnd: addDays(today, MIN_POSTING_DAYS - 1),
      channels: ['office_board', 'portal'],
    };
    return c.html(
      page('Thêm nội dung công khai', html`<h1>Thêm nội dung công khai</h1>${disclosureForm({ action: '/admin/cong-khai/moi', values, errors: [], categories })}`, {
        signedIn: c.get('account').displayName,
      }),
    );
  })
  .post('/cong-khai/moi', async (c) => {
    const { input, values } = formInput(await c.req.parseBody({ all: true }));
    let created;
    try {
      created = await act(c, (ctx) => createDisclosure(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      // A refused publish keeps what was typed; the draft button still saves it.
      const shown = status === 403 ? errors.map((e) => ({ ...e, message: `${e.message} Bấm "Lưu nháp" để lưu những gì đã nhập.` })) : errors;
      const categories = await listCategories(c.env.DB);
      return c.html(
        page('Lỗi – Thêm nội dung công khai', html`<h1>Thêm nội dung công khai</h1>${disclosureForm({ action: '/admin/cong-khai/moi', values, errors: shown, categories })}`, {
          signedIn: c.get('account').displayName,
          status,
        }),
        status,
      );
    }
    return c.redirect(`/admin/?da-luu=${created.status === 'draft' ? 'nhap' : 'cong-khai'}`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    // After a refused publish: the reason is restated here rather than carried in the URL.
    const errors =
      c.req.query('tu-choi') !== undefined
        ? [{ field: 'title', message: 'Chưa công khai được: chỉ người duyệt công khai được, và nếu đơn vị yêu cầu hai người thì người duyệt phải khác người soạn, sửa sau cùng.' }]
        : [];
    return c.html(editPage(d, valuesOf(d), errors, await listCategories(c.env.DB), c.get('account').displayName, c.req.query('da-luu') !== undefined));
  })
  .post('/cong-khai/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const current = await getDisclosure(c.env.DB, id);
    if (!current) return c.notFound();
    const { input, values } = formInput(await c.req.parseBody({ all: true }));
    try {
      await act(c, (ctx) => updateDisclosure(ctx, id, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      return c.html(editPage(current, values, errors, await listCategories(c.env.DB), c.get('account').displayName), status);
    }
    return c.redirect(`/admin/cong-khai/${id}?da-luu`, 303);
  })
  .post('/cong-khai/:id{[0-9]+}/cong-khai', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    try {
      await act(c, (ctx) => publishDisclosure(ctx, id, { version: body.version }));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      if (error instanceof ForbiddenError) return c.redirect(`/admin/cong-khai/${id}?tu-choi`, 303);
      if (error instanceof VersionConflictError || error instanceof RuleError || error instanceof ValidationError) return c.redirect(`/admin/cong-khai/${id}`, 303);
      throw error;
    }
    return c.redirect(`/admin/cong-khai/${id}?da-luu`, 303);
  })
  .post('/cong-khai/:id{[0-9]+}/tep', async (c) => {
    const id = Number(c.req.param('id'));
    const d = await getDisclosure(c.env.DB, id);
    if (!d) return c.notFound();
    const body = await c.req.parseBody();
    try {
      await act(c, (ctx) => attachFile(ctx, id, body.file));
    } catch (error) {
      const { errors, status } = formErrors(error, 'file');
      return c.html(editPage(d, valuesOf(d), errors, await listCategories(c.env.DB), c.get('account').displayName), status);
    }
    return c.redirect(`/admin/cong-khai/${id}?da-luu`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}/thu-hoi', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    return c.html(withdrawPage(d, { version: String(d.version) }, [], c.get('account').displayName));
  })
  .post('/cong-khai/:id{[0-9]+}/thu-hoi', async (c) => {
    const id = Number(c.req.param('id'));
    const d = await getDisclosure(c.env.DB, id);
    if (!d) return c.notFound();
    const body = await c.req.parseBody();
    const values: Values = { version: String(body.version ?? ''), reason: typeof body.reason === 'string' ? body.reason : '' };
    try {
      await act(c, (ctx) => withdrawDisclosure(ctx, id, { version: values.version, reason: values.reason || undefined }));
    } catch (error) {
      const { errors, status } = formErrors(error, 'reason');
      return c.html(withdrawPage(d, values, errors, c.get('account').displayName), status);
    }
    return c.redirect(`/admin/cong-khai/${id}?da-luu`, 303);
  });

function editPage(d: Disclosure, values: Values, errors: FieldError[], categories: Awaited<ReturnType<typeof listCategories>>, who: string, saved = false) {
  return page(
    `${errors.length ? 'Lỗi – ' : ''}Sửa: ${d.title}`,
    html`<h1>Sửa nội dung công khai</h1>
${saved ? html`<p class="notice" role="status">Đã lưu. ${d.status === 'draft' ? '' : PUBLISH_NOTE}</p>` : ''}
<p>${statusBadge(d)} · phiên bản ${d.version} · sửa lần cuối ${formatDateTime(d.updatedAt)}
${d.status !== 'draft' ? html` · <a href="${disclosurePath(d)}">Xem trang công khai</a>` : ''} · <a href="/admin/cong-khai/${d.id}/nhat-ky">Nhật ký thay đổi</a></p>
${d.status === 'withdrawn' ? html`<p class="warning">Đã thu hồi: ${d.withdrawalReason}</p>` : ''}
${d.status !== 'published'
  ? html`<form method="post" action="/admin/cong-khai/${d.id}/cong-khai"><input type="hidden" name="version" value="${d.version}"><button type="submit">${d.status === 'draft' ? 'Công khai ngay' : 'Công khai lại'}</button></form>`
  : html`<p><a href="/admin/cong-khai/${d.id}/thu-hoi">Thu hồi nội dung này…</a></p>`}
${disclosureForm({ action: `/admin/cong-khai/${d.id}`, values, errors, categories, editing: d })}
<h2>Tệp đính kèm</h2>
<form method="post" action="/admin/cong-khai/${d.id}/tep" enctype="multipart/form-data">
<label for="file">Chọn tệp (PDF, ảnh, Word, Excel; tối đa 10 MB)</label>
${errors.some((e) => e.field === 'file') ? html`<p class="error-message" id="file-error">${errors.find((e) => e.field === 'file')!.message}</p>` : ''}
<input type="file" id="file" name="file" accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx">
<button type="submit" class="secondary">Đính kèm</button>
</form>`,
    { signedIn: who },
  );
}

function withdrawPage(d: Disclosure, values: Values, errors: FieldError[], who: string) {
  return page(
    `Thu hồi: ${d.title}`,
    html`<h1>Thu hồi nội dung công khai</h1>
<p><strong>${d.title}</strong></p>
<p class="warning">Trang công khai vẫn còn, ghi rõ "Đã thu hồi" cùng lý do dưới đây: không nội dung nào đã công khai bị xóa âm thầm.</p>
${errorSummaryBox(errors)}
<form method="post" action="/admin/cong-khai/${d.id}/thu-hoi" novalidate>
<input type="hidden" name="version" value="${values.version ?? ''}">
${textField({ name: 'reason', label: 'Lý do thu hồi', hint: 'Ví dụ: văn bản đã được thay thế bằng Quyết định số 20/QĐ-UBND', errors, values })}
<button type="submit" class="danger">Thu hồi</button>
<a href="/admin/cong-khai/${d.id}">Quay lại</a>
</form>`,
    { signedIn: who },
  );
}
