import { createMiddleware } from 'hono/factory';
import type { Account } from '../../schema/db/accounts.ts';
import { ROLES, type Role } from '../../schema/review.ts';
import type { AppEnv } from '../env.ts';

/**
 * Route middleware for admin pages that only some officials may use; it runs after the session
 * check (which sets `account`) and before the handler, so a refused request reads and stores
 * nothing. The `role` mark lets tests/api/admin-roles.test.ts find every guarded route.
 *
 * @example .post('/tai-khoan', requireRole('approver'), async (c) => …)
 */
/** An approver may do everything an editor may. */
const RANK: Record<Role, number> = { editor: 0, approver: 1 };

export const hasRole = (account: Account, role: Role) => RANK[account.role] >= RANK[role];

export function requireRole(role: Role) {
  const check = createMiddleware<AppEnv>(async (c, next) => {
    if (hasRole(c.get('account'), role)) return next();
    c.status(403);
    return c.render(<Forbidden role={role} />, { title: 'Không có quyền' });
  });
  return Object.assign(check, { role });
}

function Forbidden(props: { role: Role }) {
  return (
    <>
      <h1>Không có quyền</h1>
      <p>
        Trang này chỉ dành cho tài khoản có vai trò “{ROLES[props.role]}”. Nếu cần làm việc này, hãy nhờ một người duyệt của đơn vị.
      </p>
      <p>
        <a href="/admin/">Về trang quản trị</a>
      </p>
    </>
  );
}
