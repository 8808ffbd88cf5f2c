import { Hono } from 'hono';
import { CONFIRM_FIELD, ConfirmPage } from '../admin/confirm.tsx';
import { API_SCOPES } from '../../schema/accounts/api-scopes.ts';
import { NotFoundError, RuleError } from '../../schema/core/errors.ts';
import {
  changeOwnPassword,
  createAccount,
  createApiToken,
  endAllSessions,
  resetPassword,
  revokeApiToken,
  setAccountLocked,
} from '../../schema/accounts/accounts.use-cases.ts';
import { act } from '../act.ts';
import { AccountsPage, PasswordPage, TokensPage } from '../admin/account-pages.tsx';
import { HistoryPage } from '../admin/disclosure-pages.tsx';
import { optionsOf } from '../admin/fields.tsx';
import { readForm } from '../admin/form.ts';
import { requirePermission } from '../admin/roles.tsx';
import { endSession } from '../auth.ts';
import { listAccounts, listApiTokens } from '../../schema/accounts/accounts.db.ts';
import { listAuditFor } from '../../schema/accounts/audit.db.ts';
import { getDisclosure } from '../../schema/disclosure/disclosures.db.ts';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** Officials' accounts, passwords, API tokens and the audit trail of an item (approvers manage others). */

const scopes = optionsOf(API_SCOPES);

export const accountsAdmin = new Hono<AppEnv>()
  .get('/mat-khau', (c) => {
    const notice = c.req.query('da-doi') !== undefined ? 'Đã đổi mật khẩu.' : undefined;
    return c.render(<PasswordPage errors={[]} notice={notice} />, { title: 'Đổi mật khẩu' });
  })
  .post('/mat-khau', async (c) => {
    const { input } = readForm(await c.req.parseBody());
    const me = c.get('account');
    try {
      // Other sessions end with the old password; this one is started again by logging in.
      await act(c, (ctx) => changeOwnPassword(ctx, me, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'password');
      c.status(status);
      return c.render(<PasswordPage errors={errors} />, { title: 'Đổi mật khẩu', hasErrors: true });
    }
    return c.redirect('/admin/dang-nhap?tiep=%2Fadmin%2Fmat-khau', 303);
  })
  .post('/dang-xuat-moi-noi', async (c) => {
    await act(c, (ctx) => endAllSessions(ctx, c.get('account')));
    await endSession(c);
    return c.redirect('/admin/dang-nhap', 303);
  })
  .get('/tai-khoan', requirePermission('accounts.manage'), async (c) => {
    const notice = c.req.query('da-luu') !== undefined ? 'Đã lưu.' : undefined;
    const accounts = await listAccounts(c.env.DB);
    return c.render(<AccountsPage accounts={accounts} values={{}} errors={[]} notice={notice} />, { title: 'Tài khoản' });
  })
  .post('/tai-khoan', requirePermission('accounts.manage'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => createAccount(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'email');
      const accounts = await listAccounts(c.env.DB);
      c.status(status);
      const page = <AccountsPage accounts={accounts} values={{ ...values, password: '' }} errors={errors} />;
      return c.render(page, { title: 'Tài khoản', hasErrors: true });
    }
    return c.redirect('/admin/tai-khoan?da-luu', 303);
  })
  .post('/tai-khoan/:id{[0-9]+}/:action{dat-lai|khoa|mo-khoa}', requirePermission('accounts.manage'), async (c) => {
    const id = Number(c.req.param('id'));
    const action = c.req.param('action');
    const body = action === 'dat-lai' ? await c.req.parseBody() : {};
    try {
      await act(c, (ctx) =>
        action === 'dat-lai' ? resetPassword(ctx, id, body.password) : setAccountLocked(ctx, id, action === 'khoa'),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      // One's own account: the page offers no lock button for it; nothing was changed.
      if (error instanceof RuleError) return c.redirect('/admin/tai-khoan', 303);
      const { errors, status } = formErrors(error, 'password');
      const accounts = await listAccounts(c.env.DB);
      c.status(status);
      const page = <AccountsPage accounts={accounts} values={{}} errors={errors} />;
      return c.render(page, { title: 'Tài khoản', hasErrors: true });
    }
    return c.redirect('/admin/tai-khoan?da-luu', 303);
  })
  .get('/ma-api', requirePermission('tokens.manage'), async (c) => {
    const tokens = await listApiTokens(c.env.DB);
    const values = { scopes: ['disclosures:read', 'disclosures:write'] };
    return c.render(<TokensPage tokens={tokens} scopes={scopes} values={values} errors={[]} />, { title: 'Mã API' });
  })
  .post('/ma-api', requirePermission('tokens.manage'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody({ all: true }), { arrays: ['scopes'] });
    let created;
    try {
      created = await act(c, (ctx) => createApiToken(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'label');
      const tokens = await listApiTokens(c.env.DB);
      c.status(status);
      const page = <TokensPage tokens={tokens} scopes={scopes} values={values} errors={errors} />;
      return c.render(page, { title: 'Mã API', hasErrors: true });
    }
    const tokens = await listApiTokens(c.env.DB);
    // Shown once, in this answer only: the database keeps its hash.
    const page = <TokensPage tokens={tokens} scopes={scopes} values={{}} errors={[]} shown={created.token} />;
    return c.render(page, { title: 'Mã API' });
  })
  .post('/ma-api/:id{[0-9]+}/thu-hoi', requirePermission('tokens.manage'), async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    if (body[CONFIRM_FIELD] !== '1') {
      const token = (await listApiTokens(c.env.DB)).find((t) => t.id === id && !t.revokedAt);
      if (!token) return c.redirect('/admin/ma-api', 303);
      const page = (
        <ConfirmPage
          title={`Thu hồi mã “${token.name}”?`}
          lines={[
            `Phần mềm dùng mã này (của ${token.accountName}) sẽ không gửi được gì đến cổng nữa.`,
            'Không khôi phục được: muốn dùng lại thì tạo mã mới và nhập mã mới vào phần mềm.',
          ]}
          action={`/admin/ma-api/${id}/thu-hoi`}
          button="Thu hồi mã"
          back="/admin/ma-api"
        />
      );
      return c.render(page, { title: 'Thu hồi mã API' });
    }
    await act(c, (ctx) => revokeApiToken(ctx, id));
    return c.redirect('/admin/ma-api', 303);
  })
  .get('/cong-khai/:id{[0-9]+}/nhat-ky', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    const [entries, accounts] = await Promise.all([listAuditFor(c.env.DB, 'disclosure', d.id), listAccounts(c.env.DB)]);
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    return c.render(<HistoryPage disclosure={d} entries={entries} names={names} />, { title: `Nhật ký: ${d.title}` });
  });
