import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { todayInVietnam, addDays } from '../../schema/dates.ts';
import { MIN_POSTING_DAYS } from '../../schema/disclosure.ts';
import { committeeName } from '../../schema/unit.ts';
import type { FieldError } from '../../schema/validation.ts';
import { formInput, valuesOf } from '../admin/disclosure-form.tsx';
import {
  DisclosureListPage,
  EditDisclosurePage,
  LoginPage,
  NewDisclosurePage,
  WithdrawPage,
} from '../admin/disclosure-pages.tsx';
import type { Values } from '../admin/form.ts';
import { adminRenderer } from '../admin/layout.tsx';
import { endSession, requireOfficial, startSession } from '../auth.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, countLoginAttempt, loginSucceeded, WINDOW_MINUTES } from '../../schema/db/accounts.ts';
import { authenticate } from '../../schema/use-cases/accounts.ts';
import { listCategories } from '../../schema/db/categories.ts';
import { getDisclosure, listDisclosures } from '../../schema/db/disclosures.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import { attachFile } from '../../schema/use-cases/attachments.ts';
import { createDisclosure, publishDisclosure, updateDisclosure, withdrawDisclosure } from '../../schema/use-cases/disclosures.ts';
import { act } from '../act.ts';
import { getUnit } from '../../schema/db/unit.ts';
import { getPublishState } from '../../schema/db/publish-state.ts';
import { PublishPanel } from '../admin/publish-panel.tsx';
import type { AppEnv } from '../env.ts';
import { receptionAdmin } from './admin-reception.tsx';
import { statisticsAdmin } from './admin-statistics.tsx';
import { accountsAdmin } from './admin-accounts.tsx';
import { unitAdmin } from './admin-unit.tsx';

/** The officials' admin: server-rendered forms that work without JavaScript. */

/** Only same-site admin paths are followed after login, never an outside address. */
const safeNext = (next: string | undefined) => (next && /^\/admin\/[\w\-/]*$/.test(next) ? next : '/admin/');

function conflictMessage(error: VersionConflictError) {
  return (
    `Nội dung này vừa được người khác sửa (nay là phiên bản ${error.currentVersion}). ` +
    'Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất trong tab khác, so sánh rồi lưu lại.'
  );
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
  .use(adminRenderer)
  .get('/dang-nhap', (c) =>
    c.render(<LoginPage values={{}} errors={[]} next={safeNext(c.req.query('tiep'))} />, { title: 'Đăng nhập' }),
  )
  .post('/dang-nhap', async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.normalize('NFC').trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(c.req.query('tiep'));
    const now = new Date();
    const address = c.req.header('cf-connecting-ip') ?? 'local';
    if (!email) {
      c.status(401);
      const page = <LoginPage values={{ email }} errors={[{ field: 'email', message: 'Chưa nhập thư điện tử.' }]} next={next} />;
      return c.render(page, { title: 'Đăng nhập', hasErrors: true });
    }
    const keys = { account: `account:${email.toLowerCase()}`, address: `address:${address}` };
    // The attempt is counted before the password is checked, in the same statement that reads the count.
    const { blocked } = await countLoginAttempt(c.env.DB, [{ key: keys.account, limit: ACCOUNT_LIMIT }, { key: keys.address, limit: ADDRESS_LIMIT }], now);
    if (blocked) {
      const message = `Đăng nhập sai quá nhiều lần. Hãy đợi ${WINDOW_MINUTES} phút rồi thử lại, hoặc nhờ người duyệt đặt lại mật khẩu.`;
      c.status(429);
      const page = <LoginPage values={{ email }} errors={[{ field: 'password', message }]} next={next} />;
      return c.render(page, { title: 'Đăng nhập', hasErrors: true });
    }
    const account = await authenticate(c.env.DB, email, password);
    if (!account) {
      c.status(401);
      const page = <LoginPage values={{ email }} errors={[{ field: 'password', message: 'Thư điện tử hoặc mật khẩu không đúng.' }]} next={next} />;
      return c.render(page, { title: 'Đăng nhập', hasErrors: true });
    }
    await loginSucceeded(c.env.DB, keys);
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
    const [items, publishState] = await Promise.all([listDisclosures(c.env.DB, { limit: 200 }), getPublishState(c.env.DB)]);
    const panel = <PublishPanel state={publishState} />;
    return c.render(<DisclosureListPage items={items} saved={c.req.query('da-luu')} panel={panel} />, { title: 'Nội dung công khai' });
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
    const page = <NewDisclosurePage values={values} errors={[]} categories={categories} />;
    return c.render(page, { title: 'Thêm nội dung công khai' });
  })
  .post('/cong-khai/moi', async (c) => {
    const { input, values } = formInput(await c.req.parseBody({ all: true }));
    let created;
    try {
      created = await act(c, (ctx) => createDisclosure(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      // A refused publish keeps what was typed; the draft button still saves it.
      const draftHint = (e: FieldError) => ({ ...e, message: `${e.message} Bấm "Lưu nháp" để lưu những gì đã nhập.` });
      const shown = status === 403 ? errors.map(draftHint) : errors;
      const page = <NewDisclosurePage values={values} errors={shown} categories={await listCategories(c.env.DB)} />;
      c.status(status);
      return c.render(page, { title: 'Thêm nội dung công khai', hasErrors: true });
    }
    return c.redirect(`/admin/?da-luu=${created.status === 'draft' ? 'nhap' : 'cong-khai'}`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    // After a refused publish: the reason is restated here rather than carried in the URL.
    const refused =
      'Chưa công khai được: chỉ người duyệt công khai được, và nếu đơn vị yêu cầu hai người ' +
      'thì người duyệt phải khác người soạn, sửa sau cùng.';
    const errors = c.req.query('tu-choi') !== undefined ? [{ field: 'title', message: refused }] : [];
    const categories = await listCategories(c.env.DB);
    const saved = c.req.query('da-luu') !== undefined;
    const page = <EditDisclosurePage disclosure={d} values={valuesOf(d)} errors={errors} categories={categories} saved={saved} />;
    return c.render(page, { title: `Sửa: ${d.title}`, hasErrors: errors.length > 0 });
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
      const categories = await listCategories(c.env.DB);
      c.status(status);
      const page = <EditDisclosurePage disclosure={current} values={values} errors={errors} categories={categories} />;
      return c.render(page, { title: `Sửa: ${current.title}`, hasErrors: true });
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
      const stale = error instanceof VersionConflictError || error instanceof RuleError || error instanceof ValidationError;
      if (stale) return c.redirect(`/admin/cong-khai/${id}`, 303);
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
      const categories = await listCategories(c.env.DB);
      c.status(status);
      const page = <EditDisclosurePage disclosure={d} values={valuesOf(d)} errors={errors} categories={categories} />;
      return c.render(page, { title: `Sửa: ${d.title}`, hasErrors: true });
    }
    return c.redirect(`/admin/cong-khai/${id}?da-luu`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}/thu-hoi', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    const page = <WithdrawPage disclosure={d} values={{ version: String(d.version) }} errors={[]} />;
    return c.render(page, { title: `Thu hồi: ${d.title}` });
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
      c.status(status);
      const page = <WithdrawPage disclosure={d} values={values} errors={errors} />;
      return c.render(page, { title: `Thu hồi: ${d.title}`, hasErrors: true });
    }
    return c.redirect(`/admin/cong-khai/${id}?da-luu`, 303);
  });
