import { embedPath } from '../../schema/publishing/paths.ts';
import { addDays, formatDate } from '../../schema/core/dates.ts';
import type { EarlierName, UnitIdentity } from '../../schema/unit/unit-names.ts';
import { committeeName, SIGN_PREFIXES, UNIT_KINDS } from '../../schema/unit/unit.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { Checkbox, DateField, Form, optionsOf, Select, Textarea, TextField } from './fields.tsx';
import type { Values } from './form.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';

/** The unit's configuration (/admin/don-vi) and the embed snippets (/admin/nhung). */

/**
 * The names the unit has had and has planned, each with the dates it applies to: every page,
 * notice and calendar event shows the one in force on its own date.
 */
function NameHistory(props: { current: UnitIdentity; earlier: EarlierName[] }) {
  if (!props.earlier.length) return null;
  const from = props.earlier.at(-1)!.validUntil;
  return (
    <table>
      <caption>Tên đơn vị theo thời gian</caption>
      <thead>
        <tr>
          <th scope="col">Tên</th>
          <th scope="col">Áp dụng</th>
        </tr>
      </thead>
      <tbody>
        {props.earlier.map((n, i) => (
          <tr>
            <td>{committeeName(n)}</td>
            <td>
              {i > 0 && <>từ <time datetime={props.earlier[i - 1]!.validUntil}>{formatDate(props.earlier[i - 1]!.validUntil)}</time> </>}
              đến hết <time datetime={addDays(n.validUntil, -1)}>{formatDate(addDays(n.validUntil, -1))}</time>
            </td>
          </tr>
        ))}
        <tr>
          <td>{committeeName(props.current)}</td>
          <td>
            từ <time datetime={from}>{formatDate(from)}</time>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function UnitPage(props: {
  values: Values;
  errors: FieldError[];
  saved?: boolean;
  current?: UnitIdentity;
  earlier?: EarlierName[];
}) {
  return (
    <>
      <h1>Thông tin đơn vị</h1>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      <p>
        <a href="/admin/don-vi/nguong">Ngưỡng theo Luật Thực hiện dân chủ ở cơ sở</a> (tỷ lệ biểu quyết, thời gian lấy ý kiến, thành viên
        ban)
      </p>
      {props.current && <NameHistory current={props.current} earlier={props.earlier ?? []} />}
      <Form action="/admin/don-vi" values={props.values} errors={props.errors}>
        <Select name="kind" label="Loại đơn vị" placeholder="— Chọn —" options={optionsOf(UNIT_KINDS)} />
        <TextField name="name" label="Tên đơn vị" hint="Không ghi loại, ví dụ: Bình Dương" />
        <DateField
          name="nameFrom"
          label="Áp dụng từ ngày"
          hint={
            'Khi đổi tên hoặc loại đơn vị: tên mới dùng từ ngày này (mặc định hôm nay, không trước hôm nay). ' +
            'Văn bản, biên bản, buổi tiếp công dân trước ngày này giữ tên cũ'
          }
        />
        <TextField name="placeName" label="Địa danh ghi ở dòng ngày tháng" hint="Ví dụ: Bình Dương, ngày 24 tháng 6 năm 2024" />
        <TextField name="parent" label="Cấp trên" />
        <TextField name="province" label="Tỉnh, thành phố" />
        <TextField name="address" label="Địa chỉ trụ sở" />
        <TextField name="phone" label="Điện thoại" />
        <TextField name="email" label="Thư điện tử" />
        <TextField
          name="publicBaseUrl"
          label="Địa chỉ cổng công khai"
          hint="Ví dụ: https://congkhai.binhduong.gov.vn (dùng cho mã QR, chia sẻ, lịch)"
        />
        <Textarea
          name="embedOrigins"
          label="Trang web được phép nhúng"
          hint="Mỗi dòng một địa chỉ gốc, ví dụ https://binhduong.gov.vn (chỉ trang của đơn vị, không dùng *)."
          rows={3}
        />
        <Select
          name="signPrefix"
          label="Hình thức ký báo cáo"
          hint="Mặc định cho báo cáo mới; sửa được ở từng báo cáo."
          placeholder="— Chọn —"
          options={optionsOf(SIGN_PREFIXES)}
        />
        <TextField name="signerTitle" label="Chức vụ người ký" hint="Ví dụ: CHỦ TỊCH; khi ký thay (KT.): PHÓ CHỦ TỊCH" />
        <TextField name="signerName" label="Họ tên người ký" />
        <Checkbox
          name="fourEyes"
          label="Yêu cầu hai người: người soạn hoặc sửa sau cùng không tự công khai được"
          hint="Khi bật, một người duyệt khác phải bấm công khai."
        />
        <Checkbox
          name="demoData"
          label="Dữ liệu minh họa"
          hint={
            'Khi bật, mọi trang, khung nhúng và bản in đều ghi rõ đây là dữ liệu minh họa, không phải thông tin chính thức. ' +
            'Tắt khi cổng đăng thông tin thật.'
          }
        />
        <button type="submit">Lưu</button>
      </Form>
    </>
  );
}

const EMBEDS = [
  { key: 'lich-tiep-cong-dan', title: 'Lịch tiếp công dân (buổi tiếp tiếp theo)' },
  { key: 'cong-khai-moi', title: 'Nội dung mới công khai' },
  { key: 'thu-tuc-hanh-chinh', title: 'Kết quả giải quyết thủ tục hành chính' },
  { key: 'lay-y-kien', title: 'Đang lấy ý kiến Nhân dân' },
  { key: 'quyet-dinh-moi', title: 'Nhân dân mới bàn và quyết định' },
  { key: 'giam-sat', title: 'Kết quả kiểm tra, giám sát' },
];

/** The snippet an official pastes into the commune's website: a script, and a frame without it. */
const snippet = (origin: string, key: string, title: string) =>
  `<script src="${origin}/nhung.js" data-nhung="${key}" async></script>
<noscript><iframe src="${origin}/nhung/${key}/" title="${title}" style="width:100%;height:360px;border:0"></iframe></noscript>`;

/** `origin` is the public site's address; `allowed` the sites that may embed it. */
export function EmbedPage(props: { origin: string; allowed: string[]; canEdit: boolean }) {
  return (
    <>
      <h1>Nhúng vào trang web của xã</h1>
      <p>
        Dán đoạn mã dưới đây vào trang web chính của xã. Khung tự điều chỉnh chiều cao; khi trình duyệt tắt JavaScript,
        khung vẫn hiện với chiều cao cố định.
      </p>
      <p class="hint">
        Trang web được phép nhúng: {props.allowed.length ? props.allowed.join(', ') : 'chưa khai báo'}
        {props.canEdit && (
          <>
            {' ('}
            <a href="/admin/don-vi">sửa</a>)
          </>
        )}
        .
      </p>
      {EMBEDS.map((e) => (
        <>
          <h2>{e.title}</h2>
          <label for={`ma-${e.key}`}>Mã nhúng</label>
          <textarea id={`ma-${e.key}`} rows={4} readonly>
            {snippet(props.origin, e.key, e.title)}
          </textarea>
          <p>Xem trước:</p>
          <iframe
            src={embedPath(e.key)}
            title={`Xem trước: ${e.title}`}
            style="width:100%;max-width:420px;height:260px;border:1px solid #ccc;background:#fff"
          />
        </>
      ))}
    </>
  );
}
