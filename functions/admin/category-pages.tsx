import { MAX_CHANNEL_MINIMUM_DAYS, type Category } from '../../schema/disclosure/category.ts';
import { CHANNELS } from '../../schema/disclosure/disclosure.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { Form, Textarea, TextField } from './fields.tsx';
import type { Values } from './form.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';
import { FormGuard } from './form-once.tsx';

/**
 * The disclosure categories (/admin/danh-muc, approvers only): the 14 items of Điều 11 Luật
 * 10/2022/QH15 and the commune's own. Labels, descriptions and clauses are edited; the code (slug)
 * is shown but never changes; a category in use cannot be deleted.
 */

/** Field names are the schema paths ("channelMinimums.loudspeaker"), so errors land on them. */
const minimumName = (code: string) => `channelMinimums.${code}`;

export const categoryValues = (c: Category): Values => ({
  label: c.label,
  description: c.description,
  legalRef: c.legalRef,
  lawClause: c.lawClause === null ? '' : String(c.lawClause),
  sortOrder: String(c.sortOrder),
  ...Object.fromEntries(Object.entries(c.channelMinimums).map(([code, days]) => [minimumName(code), String(days)])),
});

/** Folds the flat "channelMinimums.<code>" inputs into the object the schema reads; a form always sends all of them. */
export function nestChannelMinimums(input: Record<string, unknown>): void {
  const minimums: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const m = /^channelMinimums\.(\w+)$/.exec(key);
    if (!m) continue;
    minimums[m[1]!] = input[key];
    delete input[key];
  }
  input.channelMinimums = minimums;
}

/** "Đọc trên loa: 3 ngày" for the list; "—" when the category requires none. */
const minimumsText = (c: Category) =>
  Object.entries(c.channelMinimums)
    .map(([code, days]) => `${CHANNELS[code as keyof typeof CHANNELS] ?? code}: ${days} ngày`)
    .join('; ') || '—';

function CategoryFields(props: { withSlug?: boolean }) {
  return (
    <>
      <TextField name="label" label="Tên nội dung công khai" />
      {props.withSlug && (
        <TextField
          name="slug"
          label="Mã (dùng trong địa chỉ trang, không đổi được về sau)"
          hint='Để trống để tạo từ tên. Chỉ chữ thường không dấu, số, dấu gạch ngang, ví dụ "quy-hoach".'
        />
      )}
      <Textarea name="description" label="Mô tả ngắn" rows={2} />
      <TextField
        name="lawClause"
        label="Khoản (Điều 11 Luật 10/2022/QH15)"
        hint="Số từ 1 đến 14 sau khi đã đối chiếu văn bản luật; để trống nếu chưa đối chiếu hoặc là nội dung đơn vị thêm."
      />
      <TextField name="legalRef" label="Căn cứ pháp lý" />
      <TextField name="sortOrder" label="Thứ tự hiển thị" hint="Số nhỏ đứng trước" />
      <fieldset>
        <legend>Số ngày liên tục tối thiểu theo hình thức công khai</legend>
        <p class="hint">
          Số nguyên từ 1 đến {MAX_CHANNEL_MINIMUM_DAYS}; để trống nếu không yêu cầu. Ví dụ đọc trên loa truyền thanh: 3. Mục công khai ghi
          ít ngày hơn sẽ được cảnh báo và trang công khai ghi rõ.
        </p>
        {Object.entries(CHANNELS).map(([code, label]) => (
          <TextField name={minimumName(code)} label={label} />
        ))}
      </fieldset>
    </>
  );
}

export function CategoryListPage(props: { categories: (Category & { uses: number })[]; saved?: boolean; error?: string }) {
  return (
    <>
      <h1>Danh mục nội dung công khai</h1>
      <p>
        Theo Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15. Mã của mỗi mục nằm trong địa chỉ trang nên không đổi; mục đang có nội
        dung công khai thì không xóa được.
      </p>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      {props.error && (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      )}
      <p>
        <a href="/admin/danh-muc/moi">Thêm nội dung công khai vào danh mục</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Khoản</th>
            <th scope="col">Tên và mô tả</th>
            <th scope="col">Số ngày tối thiểu</th>
            <th scope="col">Số mục</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {props.categories.map((c) => (
            <tr>
              <td>{c.lawClause ?? '—'}</td>
              <td>
                <b>{c.label}</b>
                <br />
                <small>
                  {c.description} (mã: {c.slug})
                </small>
              </td>
              <td>{minimumsText(c)}</td>
              <td>{c.uses}</td>
              <td>
                <a href={`/admin/danh-muc/${c.slug}`}>Sửa</a>
                {c.uses === 0 && (
                  <form class="inline" method="post" action={`/admin/danh-muc/${c.slug}/xoa`}>
                    <FormGuard />
                    <button class="secondary" type="submit">
                      Xóa
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CategoryEditPage(props: { category: Category; values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Sửa: {props.category.label}</h1>
      <p>Mã: {props.category.slug} (không đổi)</p>
      <Form action={`/admin/danh-muc/${props.category.slug}`} values={props.values} errors={props.errors}>
        <CategoryFields />
        <button type="submit">Lưu</button>
      </Form>
      <p>
        <a href="/admin/danh-muc">← Danh mục</a>
      </p>
    </>
  );
}

export function CategoryNewPage(props: { values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Thêm nội dung công khai vào danh mục</h1>
      <Form action="/admin/danh-muc/moi" values={props.values} errors={props.errors}>
        <CategoryFields withSlug />
        <button type="submit">Thêm</button>
      </Form>
      <p>
        <a href="/admin/danh-muc">← Danh mục</a>
      </p>
    </>
  );
}
