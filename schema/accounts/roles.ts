import { codesOf, type CodeOf } from '../core/codes.ts';
import { ForbiddenError } from '../core/errors.ts';

/** The two roles of an official (the role matrix below says what each may do). */
export const ROLES = { editor: 'Biên tập (soạn nháp)', approver: 'Duyệt (công khai)' } as const;
export type Role = CodeOf<typeof ROLES>;
export const ROLE_CODES = codesOf(ROLES);

/**
 * The role matrix: who may do what, in one table. The use cases ask `authorize` before they
 * read or store anything (so the API, the admin and the scripts obey the same table), and the
 * admin's route middleware (functions/admin/roles.tsx) reads it for the pages an editor may not
 * even open. tests/api/roles.test.ts tries every cell.
 *
 * Editors prepare: they write drafts and attach files to drafts. Everything that reaches
 * citizens at once — publishing, editing or withdrawing a published item, a file on a published
 * item, the reception calendar and the statistics (both go live on save, with no draft stage) —
 * and everything that governs the portal — the category list, unit settings, accounts, API
 * tokens — is an approver's.
 */
export const ACTIONS = {
  'disclosure.draft': 'soạn và sửa bản nháp',
  'disclosure.attach-draft': 'đính kèm tệp vào bản nháp',
  'disclosure.publish': 'công khai nội dung',
  'disclosure.edit-published': 'sửa nội dung đã công khai',
  'disclosure.attach-published': 'đính kèm tệp vào nội dung đã công khai',
  'disclosure.withdraw': 'thu hồi nội dung đã công khai',
  'record.draft': 'soạn bản nháp nội dung Nhân dân quyết định, lấy ý kiến, giám sát, báo cáo',
  'record.publish': 'công khai nội dung Nhân dân quyết định, lấy ý kiến, giám sát, báo cáo, duyệt ý kiến người dân',
  'record.edit-published': 'sửa nội dung Nhân dân quyết định, lấy ý kiến, giám sát đã công khai (kể cả tệp dự thảo, số ý kiến)',
  'record.withdraw': 'thu hồi nội dung Nhân dân quyết định, lấy ý kiến, giám sát đã công khai',
  'opinion.moderate': 'duyệt ý kiến người dân và xem thông tin liên hệ của người gửi',
  'change.approve': 'duyệt thay đổi chờ duyệt của nội dung đã công khai',
  'change.reject': 'từ chối thay đổi chờ duyệt của nội dung đã công khai',
  'reception.manage': 'sửa lịch tiếp công dân (lịch định kỳ, thay đổi buổi tiếp, buổi tiếp đột xuất, ngày nghỉ)',
  'statistics.save': 'lưu số liệu thống kê',
  'categories.manage': 'sửa danh mục nội dung công khai',
  'unit.edit': 'sửa thông tin đơn vị',
  'accounts.manage': 'quản lý tài khoản',
  'tokens.manage': 'quản lý mã API',
} as const;
export type Action = keyof typeof ACTIONS;

export const PERMISSIONS: Record<Action, readonly Role[]> = {
  'disclosure.draft': ['editor', 'approver'],
  'disclosure.attach-draft': ['editor', 'approver'],
  'disclosure.publish': ['approver'],
  'disclosure.edit-published': ['approver'],
  'disclosure.attach-published': ['approver'],
  'disclosure.withdraw': ['approver'],
  'record.draft': ['editor', 'approver'],
  'record.publish': ['approver'],
  'record.edit-published': ['approver'],
  'record.withdraw': ['approver'],
  // Contacts are personal data (Nghị định 13/2023): only those who moderate see them.
  'opinion.moderate': ['approver'],
  // A pending change (four eyes) of any record kind; the author never decides their own (assertMayDecide).
  'change.approve': ['approver'],
  'change.reject': ['approver'],
  'reception.manage': ['approver'],
  'statistics.save': ['approver'],
  'categories.manage': ['approver'],
  'unit.edit': ['approver'],
  'accounts.manage': ['approver'],
  'tokens.manage': ['approver'],
};

export const may = (role: Role, action: Action): boolean => PERMISSIONS[action].includes(role);

/** Throws the Vietnamese 403 refusal when the actor's role may not do `action`. */
export function authorize(actor: { role: Role }, action: Action): void {
  if (!may(actor.role, action)) {
    throw new ForbiddenError(`Tài khoản biên tập không được ${ACTIONS[action]}; việc này cần người duyệt của đơn vị.`);
  }
}

/**
 * The province administrator (issue 24): a role above the communes, not a third commune role.
 * It lives only in the province's own database (PROVINCE_DB, schema/province-migrations, whose
 * CHECK allows no other role), and a commune's database allows only editor and approver: no
 * account can hold both, and no commune host can log one in. It is in no cell of the matrix
 * above, so `may` refuses it every commune action. What it may do is read each commune's
 * publishing state and open the province's pages (functions/routes/province-admin.tsx); it has
 * no write power over any commune's records.
 */
export const PROVINCE_ROLE = 'province-admin';
