import { html } from 'hono/html';
import type { Category } from '../../schema/category.ts';
import { CHANNELS, MIN_POSTING_DAYS, PLAN_STATUSES, type Disclosure } from '../../schema/disclosure.ts';
import { DOCUMENT_NUMBER_HINT } from '../../schema/document-number.ts';
import type { FieldError } from '../../schema/validation.ts';
import { checkboxes, errorSummaryBox, readForm, selectField, singleCheckbox, textArea, textField, type FormBody, type Values } from './page.ts';

/** The values a form shows for a stored disclosure. */
export function valuesOf(d: Disclosure): Values {
  return {
    title: d.title,
    category: d.category,
    documentNumber: d.documentNumber,
    issuedOn: d.issuedOn,
    issuer: d.issuer,
    summary: d.summary,
    body: d.body,
    channels: d.channels,
    postingStart: d.postingStart,
    postingEnd: d.postingEnd ?? '',
    permanent: d.permanent ? 'on' : '',
    shortPostingReason: d.shortPostingReason,
    periodLabel: d.periodLabel,
    planStatus: d.planStatus,
    cites: d.cites.join(', '),
    version: String(d.version),
    changeNote: '',
  };
}

/** The create/edit form. `values` are what the official typed, shown back unchanged on errors. */
export function disclosureForm(options: {
  action: string;
  values: Values;
  errors: FieldError[];
  categories: Category[];
  editing?: Disclosure;
}) {
  const { values, errors, editing } = options;
  const f = { errors, values };
  const needsNote = editing && editing.status !== 'draft';
  return html`${errorSummaryBox(errors)}
<form method="post" action="${options.action}" novalidate>
${editing ? html`<input type="hidden" name="version" value="${values.version ?? String(editing.version)}">` : ''}
${textField({ ...f, name: 'title', label: 'Tiêu đề', hint: 'Ví dụ: Công khai dự toán ngân sách thị trấn năm 2025' })}
${selectField({
  ...f,
  name: 'category',
  label: 'Lĩnh vực công khai',
  hint: 'Theo Điều 11 Luật Thực hiện dân chủ ở cơ sở',
  placeholder: '— Chọn lĩnh vực —',
  options: options.categories.map((c) => ({ value: c.slug, label: c.label })),
})}
${textField({ ...f, name: 'documentNumber', label: 'Số, ký hiệu văn bản (nếu có)', hint: `${DOCUMENT_NUMBER_HINT}.` })}
${textField({ ...f, name: 'issuedOn', type: 'date', label: 'Ngày ban hành', hint: 'Dạng ngày/tháng/năm, ví dụ 24/06/2024' })}
${textField({ ...f, name: 'issuer', label: 'Cơ quan ban hành' })}
${textArea({ ...f, name: 'summary', label: 'Tóm tắt', hint: 'Vài câu cho người dân biết nội dung chính', rows: 4 })}
${textArea({ ...f, name: 'body', label: 'Nội dung đầy đủ (nếu có)', hint: 'Mỗi đoạn cách nhau một dòng trống', rows: 10 })}
${checkboxes({ ...f, name: 'channels', label: 'Hình thức công khai', hint: 'Chọn mọi hình thức đã dùng', options: Object.entries(CHANNELS).map(([value, label]) => ({ value, label })) })}
<fieldset>
<legend>Thời gian niêm yết</legend>
${textField({ ...f, name: 'postingStart', type: 'date', label: 'Từ ngày' })}
${textField({ ...f, name: 'postingEnd', type: 'date', label: 'Đến ngày', hint: `Ít nhất ${MIN_POSTING_DAYS} ngày, trừ khi pháp luật quy định khác` })}
${singleCheckbox({ ...f, name: 'permanent', label: 'Công khai thường xuyên (không có ngày kết thúc)' })}
${textField({ ...f, name: 'shortPostingReason', label: `Căn cứ niêm yết dưới ${MIN_POSTING_DAYS} ngày (nếu có)`, hint: 'Ví dụ: theo khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP' })}
</fieldset>
<details${values.periodLabel || values.planStatus || values.cites ? ' open' : ''}>
<summary>Kế hoạch, báo cáo: thời kỳ, tình trạng, văn bản liên quan</summary>
${textField({ ...f, name: 'periodLabel', label: 'Thời kỳ (nếu là kế hoạch, báo cáo)', hint: 'Ví dụ: Năm 2024; 6 tháng đầu năm 2024' })}
${selectField({ ...f, name: 'planStatus', label: 'Tình trạng kế hoạch', placeholder: '— Không áp dụng —', options: Object.entries(PLAN_STATUSES).map(([value, label]) => ({ value, label })) })}
${textField({ ...f, name: 'cites', label: 'Văn bản liên quan', hint: 'Số, ký hiệu các văn bản mà văn bản này căn cứ hoặc thực hiện, cách nhau bằng dấu phẩy: 28/KH-UBND, 04/KH-UBND' })}
</details>
${needsNote ? textField({ ...f, name: 'changeNote', label: 'Lý do sửa đổi', hint: 'Nội dung đã công khai: lý do này hiện trên trang công khai, trong lịch sử sửa đổi' }) : ''}
${editing
    ? html`<button type="submit" name="action" value="save">Lưu thay đổi</button>`
    : html`<button type="submit" name="action" value="publish">Lưu và công khai</button>
<button type="submit" name="action" value="draft" class="secondary">Lưu nháp</button>`}
</form>`;
}

/** The disclosure form's body as schema input: the two buttons say whether to publish. */
export function formInput(body: FormBody): { input: Record<string, unknown>; values: Values } {
  const { input, values } = readForm(body, { arrays: ['channels'], booleans: ['permanent'] });
  input.publish = input.action === 'publish';
  delete input.action;
  return { input, values };
}
