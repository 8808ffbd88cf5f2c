import { describe, expect, it } from 'vitest';
import { call, sessionOf } from '../helpers.ts';

/** The embed snippets an official copies from /admin/nhung, one per embed. */

describe('GET /admin/nhung', () => {
  it.each([
    ['lay-y-kien', 'Đang lấy ý kiến Nhân dân'],
    ['quyet-dinh-moi', 'Nhân dân mới bàn và quyết định'],
    ['giam-sat', 'Kết quả kiểm tra, giám sát'],
    ['lich-tiep-cong-dan', 'Lịch tiếp công dân (buổi tiếp tiếp theo)'],
  ])('offers the snippet and a preview of the %s embed', async (key, title) => {
    const { cookie } = await sessionOf('editor');
    const res = await call('/admin/nhung', { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h2>${title}</h2>`);
    // The snippet is shown as text (escaped) in a textarea: the script, and a frame for browsers without it.
    expect(html).toContain(`&lt;script src=&quot;http://localhost/nhung.js&quot; data-nhung=&quot;${key}&quot; async&gt;&lt;/script&gt;`);
    expect(html).toContain(`&lt;iframe src=&quot;http://localhost/nhung/${key}/&quot; title=&quot;${title}&quot;`);
    expect(html).toContain(`<iframe src="/nhung/${key}/" title="Xem trước: ${title}"`);
  });
});
