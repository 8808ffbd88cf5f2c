import { Hono } from 'hono';
import { html } from 'hono/html';
import { ForbiddenError, ValidationError } from '../../schema/errors.ts';
import { UNIT_KINDS, type Unit } from '../../schema/unit.ts';
import { saveUnit } from '../../schema/use-cases/unit.ts';
import type { FieldError } from '../../schema/validation.ts';
import { page, readForm, selectField, singleCheckbox, textField, errorSummaryBox, type Values } from '../admin/page.ts';
import { getUnit } from '../../schema/db/unit.ts';
import { act } from '../act.ts';
import type { AppEnv } from '../env.ts';

/** The unit's configuration (/admin/don-vi) and the embed snippets (/admin/nhung). */

const EMBEDS = [
  { key: 'lich-tiep-cong-dan', title: 'Lịch tiếp công dân (buổi tiếp tiếp theo)' },
  { key: 'cong-khai-moi', title: 'Nội dung mới công khai' },
  { key: 'thu-tuc-hanh-chinh', title: 'Kết quả giải quyết thủ tục hành chính' },
];

const unitValues = (u: Unit | null): Values =>
  u ? { kind: u.kind, name: u.name, parent: u.parent, province: u.province, address: u.address, phone: u.phone, email: u.email, placeName: u.placeName, publicBaseUrl: u.publicBaseUrl, embedOrigins: u.embedOrigins.join('\n'), fourEyes: u.fourEyes ? 'on' : '' } : {};

function unitPage(values: Values, errors: FieldError[], who: string, saved = false) {
  const f = { values, errors };
  return page(
    'Thông tin đơn vị',
    html`<h1>Thông tin đơn vị</h1>
${saved ? html`<p class="notice" role="status">Đã lưu. Trang công khai sẽ cập nhật sau khoảng nửa phút.</p>` : ''}
${errorSummaryBox(errors)}
<form method="post" action="/admin/don-vi" novalidate>
${selectField({ ...f, name: 'kind', label: 'Loại đơn vị', placeholder: '— Chọn —', options: Object.entries(UNIT_KINDS).map(([value, label]) => ({ value, label })) })}
${textField({ ...f, name: 'name', label: 'Tên đơn vị', hint: 'Không ghi loại, ví dụ: Bình Dương' })}
${textField({ ...f, name: 'placeName', label: 'Địa danh ghi ở dòng ngày tháng', hint: 'Ví dụ: Bình Dương, ngày 24 tháng 6 năm 2024' })}
${textField({ ...f, name: 'parent', label: 'Cấp trên' })}
${textField({ ...f, name: 'province', label: 'Tỉnh, thành phố' })}
${textField({ ...f, name: 'address', label: 'Địa chỉ trụ sở' })}
${textField({ ...f, name: 'phone', label: 'Điện thoại' })}
${textField({ ...f, name: 'email', label: 'Thư điện tử' })}
${textField({ ...f, name: 'publicBaseUrl', label: 'Địa chỉ cổng công khai', hint: 'Ví dụ: https://congkhai.binhduong.gov.vn (dùng cho mã QR, chia sẻ, lịch)' })}
<div class="field">
<label for="embedOrigins">Trang web được phép nhúng</label>
<p class="hint" id="embedOrigins-hint">Mỗi dòng một địa chỉ gốc, ví dụ https://binhduong.gov.vn; ghi * để cho phép mọi trang.</p>
${errors.some((e) => e.field === 'embedOrigins') ? html`<p class="error-message" id="embedOrigins-error">${errors.find((e) => e.field === 'embedOrigins')!.message}</p>` : ''}
<textarea id="embedOrigins" name="embedOrigins" rows="3" aria-describedby="embedOrigins-hint">${values.embedOrigins ?? ''}</textarea>
</div>
${singleCheckbox({ ...f, name: 'fourEyes', label: 'Yêu cầu hai người: người soạn hoặc sửa sau cùng không tự công khai được', hint: 'Khi bật, một người duyệt khác phải bấm công khai.' })}
<button type="submit">Lưu</button>
</form>`,
    { signedIn: who },
  );
}

export const unitAdmin = new Hono<AppEnv>()
  .get('/don-vi', async (c) => c.html(unitPage(unitValues(await getUnit(c.env.DB)), [], c.get('account').displayName, c.req.query('da-luu') !== undefined)))
  .post('/don-vi', async (c) => {
    const { input, values } = readForm(await c.req.parseBody(), { booleans: ['fourEyes'] });
    const origins = String(values.embedOrigins ?? '').split(/\s+/).filter(Boolean);
    try {
      await act(c, (ctx) => saveUnit(ctx, { ...input, embedOrigins: origins, publicBaseUrl: input.publicBaseUrl ?? '' }));
    } catch (error) {
      if (error instanceof ForbiddenError) return c.html(unitPage(values, [{ field: 'name', message: error.message }], c.get('account').displayName), 403);
      if (!(error instanceof ValidationError)) throw error;
      return c.html(unitPage(values, error.errors, c.get('account').displayName), 422);
    }
    return c.redirect('/admin/don-vi?da-luu', 303);
  })
  .get('/nhung', async (c) => {
    const unit = await getUnit(c.env.DB);
    const origin = unit?.publicBaseUrl || new URL(c.req.url).origin;
    return c.html(
      page(
        'Nhúng vào trang web của xã',
        html`<h1>Nhúng vào trang web của xã</h1>
<p>Dán đoạn mã dưới đây vào trang web chính của xã. Khung tự điều chỉnh chiều cao; khi trình duyệt tắt JavaScript, khung vẫn hiện với chiều cao cố định.</p>
<p class="hint">Trang web được phép nhúng: ${unit?.embedOrigins.length ? unit.embedOrigins.join(', ') : 'chưa khai báo'} (<a href="/admin/don-vi">sửa</a>).</p>
${EMBEDS.map(
  (e) => html`<h2>${e.title}</h2>
<label for="ma-${e.key}">Mã nhúng</label>
<textarea id="ma-${e.key}" rows="4" readonly>&lt;script src="${origin}/nhung.js" data-nhung="${e.key}" async&gt;&lt;/script&gt;
&lt;noscript&gt;&lt;iframe src="${origin}/nhung/${e.key}/" title="${e.title}" style="width:100%;height:360px;border:0"&gt;&lt;/iframe&gt;&lt;/noscript&gt;</textarea>
<p>Xem trước:</p>
<iframe src="/nhung/${e.key}/" title="Xem trước: ${e.title}" style="width:100%;max-width:420px;height:260px;border:1px solid #ccc;background:#fff"></iframe>`,
)}`,
        { signedIn: c.get('account').displayName },
      ),
    );
  });
