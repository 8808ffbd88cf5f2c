import { z } from '../core/zod.ts';
import { API_SCOPE_CODES } from './api-scopes.ts';
import { ROLE_CODES } from './review.ts';
import { requiredText, wellFormed } from '../core/text.ts';

/** What an official types about accounts, passwords and API tokens. */

/** Long enough to resist guessing at the login throttle's pace; short enough to type on a phone. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 200;

export const password = (label: string) =>
  z
    .string({ error: `Chưa nhập ${label.toLowerCase()}.` })
    .min(MIN_PASSWORD_LENGTH, { error: `${label} cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.` })
    .max(MAX_PASSWORD_LENGTH, { error: `${label} dài quá ${MAX_PASSWORD_LENGTH} ký tự.` })
    // Hashing encodes to UTF-8, which turns every lone surrogate into U+FFFD: two different
    // passwords would then be one. Controls are refused too, as in every other text.
    .check(wellFormed(label));

export const NewAccountSchema = z.object({
  email: z.string({ error: 'Chưa nhập thư điện tử.' }).trim().toLowerCase().email({ error: 'Thư điện tử không hợp lệ, ví dụ: canbo@xa.gov.vn' }),
  displayName: requiredText('Họ tên', 120),
  role: z.enum(ROLE_CODES, { error: 'Chưa chọn vai trò.' }),
  password: password('Mật khẩu tạm'),
});

export const ChangePasswordSchema = z
  .object({
    current: z.string({ error: 'Chưa nhập mật khẩu hiện tại.' }),
    next: password('Mật khẩu mới'),
    again: z.string({ error: 'Chưa nhập lại mật khẩu mới.' }),
  })
  .refine((v) => v.next === v.again, { path: ['again'], error: 'Hai lần nhập mật khẩu mới không giống nhau.' });

export const TokenSchema = z.object({
  name: requiredText('Tên mã', 100),
  scopes: z.array(z.enum(API_SCOPE_CODES), { error: 'Chưa chọn quyền.' }).min(1, { error: 'Chọn ít nhất một quyền.' }),
});
