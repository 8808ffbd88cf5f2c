import { safeNext } from './admin-session.tsx';
import { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { csrf } from 'hono/csrf';
import type { Context } from 'hono';
import { deleteSession, getLiveSession, insertSession, WINDOW_MINUTES, type Account } from '../../schema/accounts/accounts.db.ts';
import { publishState } from '../../schema/publishing/publish-jobs.db.ts';
import { provinceOf } from '../../schema/province/commune-registry.ts';
import { randomToken, sha256Hex } from '../../schema/core/crypto.ts';
import { PROVINCE_ROLE } from '../../schema/accounts/roles.ts';
import { logIn } from '../../schema/accounts/accounts.use-cases.ts';
import { LoginPage } from '../admin/account-pages.tsx';
import { adminRenderer } from '../admin/layout.tsx';
import { ProvinceHomePage, type CommunePublishRow } from '../admin/province-pages.tsx';
import { clientAddress } from '../client-address.ts';
import type { AppEnv } from '../env.ts';
import { communeEnv, communeOrigin } from '../tenancy.ts';

/**
 * The province administrator's admin (issue 24), on the province's host only: login, logout and
 * a home listing every commune with its publishing state and its row of the disclosure-duty board.
 *
 * Accounts, sessions, login attempts and the audit log live in the province's own database
 * (PROVINCE_DB), never in a commune's: a commune host checks a session against its own database
 * and the province host against PROVINCE_DB, so a cookie is worth something on one side only. The
 * cookie also has its own name (`__Host-tinh-session`), so that it never stands in for a commune's.
 * The rules are the commune admin's: PBKDF2-hashed passwords, the same lockout, hono/csrf on every
 * POST, a Secure HttpOnly SameSite=Strict host-only cookie, and "login"/"login-failed" audit rows.
 *
 * Read-only over the communes: the home reads each commune's publish_jobs through the registry's
 * binding and writes nothing there. A province administrator who must change a commune's record
 * asks that commune's approver (or is given an account there): the four-eyes rule and the audit
 * trail stay the commune's own.
 */

export interface ProvinceAdminEnv {
  Bindings: Env;
  Variables: AppEnv['Variables'] & { provinceAdmin: Account };
}

const SESSION_HOURS = 10;
const SESSION_COOKIE = 'tinh-session';

/** The province administrator behind the cookie: a live session in PROVINCE_DB of an account with the province role. */
async function liveAdmin(c: Context<ProvinceAdminEnv>): Promise<Account | null> {
  const token = getCookie(c, SESSION_COOKIE, 'host');
  if (!token) return null;
  const session = await getLiveSession(c.env.PROVINCE_DB, await sha256Hex(token), new Date().toISOString());
  // The database's CHECK already allows no other role; checked again so that a commune's
  // database bound as PROVINCE_DB by mistake logs no one in.
  return session && (session.account.role as string) === PROVINCE_ROLE ? session.account : null;
}

const requireProvinceAdmin = createMiddleware<ProvinceAdminEnv>(async (c, next) => {
  const account = await liveAdmin(c);
  if (!account) return c.redirect(`/admin/dang-nhap?tiep=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
  c.set('provinceAdmin', account);
  await next();
});


async function loginRefused(c: Context<ProvinceAdminEnv>, email: string, next: string, status: 401 | 429, field: string, message: string) {
  c.status(status);
  return c.render(
    <>
      <p>Trang quản trị của tỉnh: tài khoản quản trị viên tỉnh, khác tài khoản cán bộ của xã, phường.</p>
      <LoginPage values={{ email }} errors={[{ field, message }]} next={next} />
    </>,
    { title: 'Đăng nhập quản trị tỉnh', hasErrors: true },
  );
}

export const provinceAdminApp = new Hono<ProvinceAdminEnv>()
  .use(csrf())
  // The commune admin's frame, without its navigation (no commune `account` is set here).
  .use(adminRenderer as unknown as ReturnType<typeof createMiddleware<ProvinceAdminEnv>>)
  .get('/dang-nhap', (c) =>
    c.render(
      <>
        <p>Trang quản trị của tỉnh: tài khoản quản trị viên tỉnh, khác tài khoản cán bộ của xã, phường.</p>
        <LoginPage values={{}} errors={[]} next={safeNext(c.req.query('tiep'))} />
      </>,
      { title: 'Đăng nhập quản trị tỉnh' },
    ),
  )
  .post('/dang-nhap', async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.normalize('NFC').trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(c.req.query('tiep'));
    if (!email) return loginRefused(c, email, next, 401, 'email', 'Chưa nhập thư điện tử.');
    const login = await logIn(c.env.PROVINCE_DB, { email, password, address: clientAddress(c.req.raw) ?? 'unknown', now: new Date() });
    if (!login.ok && login.reason === 'blocked') {
      return loginRefused(c, email, next, 429, 'password', `Đăng nhập sai quá nhiều lần. Hãy đợi ${WINDOW_MINUTES} phút rồi thử lại.`);
    }
    if (!login.ok || (login.account.role as string) !== PROVINCE_ROLE) {
      return loginRefused(c, email, next, 401, 'password', 'Thư điện tử hoặc mật khẩu không đúng.');
    }
    const token = randomToken();
    const now = new Date();
    const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await insertSession(c.env.PROVINCE_DB, await sha256Hex(token), login.account.id, now.toISOString(), expires.toISOString());
    setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'Strict', expires, prefix: 'host' });
    return c.redirect(next, 303);
  })
  .post('/dang-xuat', async (c) => {
    const token = getCookie(c, SESSION_COOKIE, 'host');
    if (token) await deleteSession(c.env.PROVINCE_DB, await sha256Hex(token));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' });
    return c.redirect('/admin/dang-nhap', 303);
  })
  .use(requireProvinceAdmin)
  .get('/', async (c) => {
    const province = provinceOf();
    // Each commune's own database, through the registry; one that cannot be read is said so on
    // its row, and the others are still shown.
    const rows: CommunePublishRow[] = await Promise.all(
      province.communes.map(async (commune) => {
        try {
          return { commune, origin: communeOrigin(c.env, commune), state: await publishState(communeEnv(c.env, commune).DB) };
        } catch (error) {
          console.error(`province admin: ${commune.slug}: ${(error as Error).message}`);
          return { commune, origin: communeOrigin(c.env, commune), state: null };
        }
      }),
    );
    return c.render(<ProvinceHomePage admin={c.get('provinceAdmin')} provinceName={province.name} rows={rows} />, { title: 'Quản trị của tỉnh' });
  });
