import { html } from 'hono/html';
import { page } from './admin/layout.tsx';
import { CREATE_EXAMPLE, TAGS } from './openapi.ts';

const METHODS = ['get', 'post', 'put', 'delete'] as const;

/** The parts of the OpenAPI document this page reads. */
interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
}
type Document = { paths?: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };

/**
 * A readable page for integrators, next to the machine-readable OpenAPI document. The table of
 * operations is read from that document, so the page lists exactly the routes that exist.
 */
export function apiDocsPage(origin: string, doc: Document) {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item[method];
      return op ? [{ method: method.toUpperCase(), path, op, scope: op.security?.[0]?.bearer?.[0] }] : [];
    }),
  );
  const example = JSON.stringify(CREATE_EXAMPLE, null, 2);
  const curl = `curl -X POST ${origin}/api/v1/disclosures \\
  -H "Authorization: Bearer <mã truy cập>" \\
  -H "Content-Type: application/json" \\
  --data @vi-du.json`;
  return page(
    'API công khai thông tin',
    html`<h1>API công khai thông tin (v1)</h1>
<p>Phần mềm khác (phần mềm một cửa, quản lý văn bản) có thể đưa nội dung công khai, lịch tiếp công dân và số liệu thống kê vào cổng qua API này.
Mô tả đầy đủ theo chuẩn OpenAPI 3.1, có lược đồ dữ liệu và ví dụ cho từng thao tác: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<h2>Xác thực</h2>
<p>Mọi yêu cầu gửi tiêu đề <code>Authorization: Bearer &lt;mã truy cập&gt;</code>. Mã do cán bộ duyệt cấp, kèm các quyền ghi ở cột "Quyền" dưới đây.</p>
<h2>Các thao tác</h2>
${TAGS.map((tag) => {
  const rows = operations.filter((o) => o.op.tags?.includes(tag.name));
  return rows.length
    ? html`<table>
<caption>${tag.name}: ${tag.description}</caption>
<thead><tr><th scope="col">Yêu cầu</th><th scope="col">Việc làm</th><th scope="col">Quyền</th></tr></thead>
<tbody>
${rows.map((o) => html`<tr><td><code>${o.method} ${o.path}</code></td><td>${o.op.summary}</td><td>${o.scope ? html`<code>${o.scope}</code>` : 'Không cần mã'}</td></tr>`)}
</tbody>
</table>`
    : '';
})}
<h2>Ví dụ: tạo và công khai ngay</h2>
<pre>${curl}</pre>
<p>Nội dung tệp <code>vi-du.json</code>:</p>
<pre>${example}</pre>
<h2>Khi dữ liệu sai</h2>
<p>API trả mã 4xx và không lưu gì. Lỗi dữ liệu (422) liệt kê từng trường sai với lời giải thích tiếng Việt:</p>
<pre>{"error":{"code":"validation","message":"Dữ liệu chưa hợp lệ. Có 1 chỗ cần sửa.",
 "fields":[{"field":"documentNumber","message":"Số, ký hiệu văn bản không có dấu cách. …"}]}}</pre>
<p>Sửa đồng thời: nếu <code>version</code> gửi lên đã cũ, API trả 409 kèm <code>currentVersion</code> và không ghi đè.
Gửi tiêu đề <code>Idempotency-Key</code> với mỗi thao tác ghi để gửi lại an toàn khi mất kết nối.</p>`,
  );
}
