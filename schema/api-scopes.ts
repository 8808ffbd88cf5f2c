import { z } from 'zod';

/**
 * What an API token may do. The one list: the token form offers these, the store keeps them,
 * `requireToken` checks them and the OpenAPI document names them on every operation, so a
 * scope that is not here does not compile anywhere.
 */
export const API_SCOPES = {
  'disclosures:read': 'Đọc nội dung công khai',
  'disclosures:write': 'Ghi nội dung công khai',
  'reception:read': 'Đọc lịch tiếp công dân',
  'reception:write': 'Ghi lịch tiếp công dân',
  'statistics:read': 'Đọc số liệu thống kê',
  'statistics:write': 'Ghi số liệu thống kê',
} as const;
export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_CODES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

export const ApiScopeSchema = z.enum(API_SCOPE_CODES, { error: 'Quyền không hợp lệ.' });
