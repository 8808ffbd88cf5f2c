import { may, type Role } from './roles.ts';

/**
 * Who may publish. Editors prepare drafts; approvers publish. A unit may require "four eyes":
 * the approver who publishes must not be the person who last wrote the item.
 */
export { ROLES, ROLE_CODES, type Role } from './roles.ts';

export type Verdict = { ok: true } | { ok: false; message: string };

export function mayPublish(actor: { accountId: number | null; role: Role }, item: { lastEditorId: number | null }, fourEyes: boolean): Verdict {
  if (!may(actor.role, 'disclosure.publish')) return { ok: false, message: 'Tài khoản biên tập chỉ lưu được bản nháp; cần người duyệt công khai.' };
  if (fourEyes && item.lastEditorId !== null && item.lastEditorId === actor.accountId) {
    return { ok: false, message: 'Đơn vị yêu cầu hai người: người soạn hoặc sửa sau cùng không tự công khai được; hãy nhờ một người duyệt khác.' };
  }
  return { ok: true };
}
