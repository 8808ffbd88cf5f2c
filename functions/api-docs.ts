import { html } from 'hono/html';
import { page } from './admin/layout.tsx';
import { CREATE_EXAMPLE } from './openapi.ts';

/** A readable page for integrators, next to the machine-readable OpenAPI document. */
export function apiDocsPage(origin: string) {
  const example = JSON.stringify(CREATE_EXAMPLE, null, 2);
  const curl = `curl -X POST ${origin}/api/v1/disclosures \\
  -H "Authorization: Bearer <mã truy cập>" \\
  -H "Content-Type: application/json" \\
  --data @vi-du.json`;
  return page(
    'API công khai thông tin',
    html`<h1>API công khai thông tin (v1)</h1>
<p>Phần mềm khác (phần mềm một cửa, quản lý văn bản) có thể đưa nội dung công khai vào cổng qua API này.
Mô tả đầy đủ theo chuẩn OpenAPI 3.1: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<h2>Xác thực</h2>
<p>Mọi yêu cầu gửi tiêu đề <code>Authorization: Bearer &lt;mã truy cập&gt;</code>. Mã do cán bộ quản trị cấp.</p>
<h2>Các thao tác</h2>
<table>
<thead><tr><th scope="col">Yêu cầu</th><th scope="col">Việc làm</th></tr></thead>
<tbody>
<tr><td><code>GET /api/v1/disclosures</code></td><td>Danh sách, mới nhất trước; lọc theo <code>status</code>, <code>category</code>, <code>page</code></td></tr>
<tr><td><code>POST /api/v1/disclosures</code></td><td>Tạo mới; <code>"publish": true</code> để công khai ngay</td></tr>
<tr><td><code>GET /api/v1/disclosures/{id}</code></td><td>Xem một nội dung</td></tr>
<tr><td><code>PUT /api/v1/disclosures/{id}</code></td><td>Sửa; gửi kèm <code>version</code> đang sửa, và <code>changeNote</code> nếu nội dung đã công khai</td></tr>
<tr><td><code>POST /api/v1/disclosures/{id}/publish</code></td><td>Công khai bản nháp, hoặc công khai lại</td></tr>
<tr><td><code>POST /api/v1/disclosures/{id}/withdraw</code></td><td>Thu hồi, có lý do; trang công khai vẫn còn</td></tr>
</tbody>
</table>
<h2>Ví dụ: tạo và công khai ngay</h2>
<pre>${curl}</pre>
<p>Nội dung tệp <code>vi-du.json</code>:</p>
<pre>${example}</pre>
<h2>Khi dữ liệu sai</h2>
<p>API trả mã 4xx và không lưu gì. Lỗi dữ liệu (422) liệt kê từng trường sai với lời giải thích tiếng Việt:</p>
<pre>{"error":{"code":"validation","message":"Dữ liệu chưa hợp lệ. Có 1 chỗ cần sửa.",
 "fields":[{"field":"documentNumber","message":"Số, ký hiệu văn bản không có dấu cách. …"}]}}</pre>
<p>Sửa đồng thời: nếu <code>version</code> gửi lên đã cũ, API trả 409 và không ghi đè.</p>`,
  );
}
