/**
 * What an API token may do: one typed list, used by the Worker's token check, the token form,
 * the OpenAPI security requirements and the tests. A typo in a scope does not compile.
 */
export const API_SCOPES = {
  'disclosures:read': 'Đọc nội dung công khai',
  'disclosures:write': 'Ghi nội dung công khai',
  'reception:read': 'Đọc lịch tiếp công dân',
  'reception:write': 'Ghi lịch tiếp công dân',
  'statistics:read': 'Đọc số liệu thống kê',
  'statistics:write': 'Ghi số liệu thống kê',
  'reports:read': 'Đọc báo cáo thực hiện dân chủ ở cơ sở',
  'reports:write': 'Lập, sửa, công khai báo cáo',
  'consultations:read': 'Đọc nội dung lấy ý kiến Nhân dân',
  'consultations:write': 'Ghi nội dung lấy ý kiến, duyệt ý kiến người dân',
  'decisions:read': 'Đọc nội dung Nhân dân bàn và quyết định',
  'decisions:write': 'Ghi nội dung Nhân dân bàn và quyết định',
  'supervision:read': 'Đọc ban thanh tra, ban giám sát và hoạt động giám sát',
  'supervision:write': 'Ghi ban thanh tra, ban giám sát và hoạt động giám sát',
} as const;
export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_CODES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];
