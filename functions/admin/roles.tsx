import { createMiddleware } from 'hono/factory';
import type { Account } from '../../schema/accounts/accounts.db.ts';
import { ROLES, ROLE_CODES, type Role } from '../../schema/accounts/review.ts';
import { ACTIONS, may, PERMISSIONS, type Action } from '../../schema/accounts/roles.ts';
import type { AppEnv } from '../env.ts';

/** An approver may do everything an editor may. */
const RANK: Record<Role, number> = { editor: 0, approver: 1 };

export const hasRole = (account: Account, role: Role) => RANK[account.role] >= RANK[role];

/**
 * Route middleware for admin pages that only some officials may open, from the role matrix
 * (schema/accounts/roles.ts); it runs after the session check (which sets `account`) and before the
 * handler, so a refused request reads and stores nothing. The use case behind the page checks
 * the same cell again for every other edge. The `role` mark (the least role allowed) lets
 * tests/api/admin-roles.test.ts find every guarded route.
 *
 * @example .post('/tai-khoan', requirePermission('accounts.manage'), async (c) => …)
 */
export function requirePermission(action: Action) {
  const role = ROLE_CODES.find((r) => PERMISSIONS[action].includes(r))!;
  const check = createMiddleware<AppEnv>(async (c, next) => {
    if (may(c.get('account').role, action)) return next();
    c.status(403);
    return c.render(<Forbidden role={role} action={action} />, { title: 'Không có quyền' });
  });
  return Object.assign(check, { role, action });
}

function Forbidden(props: { role: Role; action: Action }) {
  return (
    <>
      <h1>Không có quyền</h1>
      <p>
        Việc {ACTIONS[props.action]} chỉ dành cho tài khoản có vai trò “{ROLES[props.role]}”. Nếu cần làm việc này, hãy nhờ một người duyệt
        của đơn vị.
      </p>
      <p>
        <a href="/admin/">Về trang quản trị</a>
      </p>
    </>
  );
}
