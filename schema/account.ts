import { z } from 'zod';
import { RoleSchema } from './review.ts';
import { requiredText } from './text.ts';

/**
 * An official's account as it is created: by an approver in the admin, or with
 * `npm run admin:create` for the first one. The password is hashed before it is stored.
 */

/** Long enough to resist guessing at the login throttle's pace; short enough to type on a phone. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 200;

export const passwordField = (label: string) =>
  z
    .string({ error: `Chưa nhập ${label.toLowerCase()}.` })
    .min(MIN_PASSWORD_LENGTH, { error: `${label} cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.` })
    .max(MAX_PASSWORD_LENGTH, { error: `${label} dài quá ${MAX_PASSWORD_LENGTH} ký tự.` });

export const AccountCreateSchema = z.object({
  email: z
    .string({ error: 'Chưa nhập thư điện tử.' })
    .trim()
    .toLowerCase()
    .email({ error: 'Thư điện tử không hợp lệ, ví dụ: canbo@xa.gov.vn' }),
  displayName: requiredText('Họ tên', 120),
  role: RoleSchema,
  password: passwordField('Mật khẩu'),
});
