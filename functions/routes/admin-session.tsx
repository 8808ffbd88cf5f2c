import { Hono } from 'hono';
import { latestFormDraft, getFormDraft } from '../../schema/core/form-drafts.db.ts';
import { WINDOW_MINUTES } from '../../schema/accounts/accounts.db.ts';
import { logIn } from '../../schema/accounts/accounts.use-cases.ts';
import { LoginPage } from '../admin/account-pages.tsx';
import { restoreLocation } from '../admin/kept-form.tsx';
import { ResendPage } from '../admin/resend-page.tsx';
import { listCategories } from '../../schema/disclosure/categories.db.ts';
import { endSession, startSession } from '../auth.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv } from '../env.ts';

/**
 * The admin's session shell: logging in and out (before a session exists) and a form kept when a
 * session ended, offered back once the official is signed in again.
 */

/** Where a login goes next: an admin path only, never another site. */
export const safeNext = (next: string | undefined) => (next && /^\/admin\/[\w\-/]*$/.test(next) ? next : '/admin/');

/** /admin/dang-nhap and /admin/dang-xuat: mounted before the session is required. */
export const sessionAdmin = new Hono<AppEnv>()
  .get('/dang-nhap', (c) =>
    c.render(<LoginPage values={{}} errors={[]} next={safeNext(c.req.query('tiep'))} formKept={c.req.query('het-phien') !== undefined} />, {
      title: 'Đăng nhập',
    }),
  )
  .post('/dang-nhap', async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.normalize('NFC').trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(c.req.query('tiep'));
    const now = new Date();
    const address = clientAddress(c.req.raw) ?? 'unknown';
    if (!email) {
      c.status(401);
      const page = <LoginPage values={{ email }} errors={[{ field: 'email', message: 'Chưa nhập thư điện tử.' }]} next={next} />;
      return c.render(page, { title: 'Đăng nhập', hasErrors: true });
    }
    const login = await logIn(c.env.DB, { email, password, address, now });
    if (!login.ok && login.reason === 'blocked') {
      const message = `Đăng nhập sai quá nhiều lần. Hãy đợi ${WINDOW_MINUTES} phút rồi thử lại, hoặc nhờ người duyệt đặt lại mật khẩu.`;
      c.status(429);
      const page = <LoginPage values={{ email }} errors={[{ field: 'password', message }]} next={next} />;
      return c.render(page, { title: 'Đăng nhập', hasErrors: true });
    }
    if (!login.ok) {
      c.status(401);
      const page = (
        <LoginPage values={{ email }} errors={[{ field: 'password', message: 'Thư điện tử hoặc mật khẩu không đúng.' }]} next={next} />
      );
      return c.render(page, { title: 'Đăng nhập', hasErrors: true });
    }
    const { account } = login;
    await startSession(c, account);
    // A form this official sent after the last session ended is offered back first.
    const kept = await latestFormDraft(c.env.DB, account.id, next, now.toISOString());
    return c.redirect(kept ? restoreLocation(kept) : next, 303);
  })
  .post('/dang-xuat', async (c) => {
    await endSession(c);
    return c.redirect('/admin/dang-nhap', 303);
  });

/** /admin/khoi-phuc/:id: a form sent after the session ended, shown back to its own official. */
export const keptFormsAdmin = new Hono<AppEnv>()
  .get('/khoi-phuc/:id{[0-9]+}', async (c) => {
    const draft = await getFormDraft(c.env.DB, c.get('account').id, Number(c.req.param('id')), new Date().toISOString());
    if (!draft) return c.redirect('/admin/', 303);
    return c.render(<ResendPage draft={draft} categories={await listCategories(c.env.DB)} />, { title: 'Gửi lại biểu mẫu' });
  });
