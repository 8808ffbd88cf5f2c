import { DISCLOSURE_FIELDS } from '../disclosure/disclosure.ts';
import { labelsOf } from '../core/fields.ts';

/**
 * The audit log as an official reads it (issue 12): action names and field labels in
 * Vietnamese, never codes. Codes stay as they are stored; an unknown code is shown as is.
 */

const AUDIT_ACTIONS = {
  create: 'Tạo mới',
  'create+publish': 'Tạo mới và công khai',
  update: 'Sửa',
  replace: 'Thay số liệu',
  publish: 'Công khai',
  withdraw: 'Thu hồi',
  attach: 'Đính kèm tệp',
  delete: 'Xóa',
  revoke: 'Thu hồi mã API',
  disable: 'Khóa tài khoản',
  enable: 'Mở khóa tài khoản',
  reset_password: 'Đặt lại mật khẩu',
  change_password: 'Đổi mật khẩu',
  logout_everywhere: 'Đăng xuất mọi nơi',
  login: 'Đăng nhập',
  'login-failed': 'Đăng nhập sai mật khẩu',
} as const satisfies Record<string, string>;

/**
 * Field labels of a disclosure: its declared fields (schema/disclosure/disclosure.ts DISCLOSURE_FIELDS, the
 * labels the pending panel shows too), and the fields the portal keeps about it.
 */
const DISCLOSURE_FIELD_LABELS: Record<string, string> = {
  ...labelsOf(DISCLOSURE_FIELDS),
  documentType: 'Loại văn bản',
  status: 'Trạng thái',
  version: 'Phiên bản',
  publishedAt: 'Thời điểm công khai',
  withdrawnAt: 'Thời điểm thu hồi',
  withdrawalReason: 'Lý do thu hồi',
  slug: 'Địa chỉ trang',
  updatedAt: 'Thời điểm sửa',
  createdAt: 'Thời điểm tạo',
  lastEditorId: 'Người sửa sau cùng',
  id: 'Mã',
};

/** Field labels of the records issue 12 made editable or nullable: categories, reception rules, petition counts. */
const OTHER_FIELD_LABELS: Record<string, string> = {
  lawClause: 'Khoản (Điều 11)',
  channelMinimums: 'Số ngày liên tục tối thiểu theo hình thức',
  startTime: 'Giờ bắt đầu',
  endTime: 'Giờ kết thúc',
  place: 'Địa điểm',
  pending: 'Đang giải quyết',
};

export const actionLabel = (action: string): string => (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
export const fieldLabel = (key: string): string => DISCLOSURE_FIELD_LABELS[key] ?? OTHER_FIELD_LABELS[key] ?? key;

/** A stored value as text: "có"/"không", lists joined, empty as "—". */
export function auditValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
