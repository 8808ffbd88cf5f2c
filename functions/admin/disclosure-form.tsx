import type { Category } from '../../schema/disclosure/category.ts';
import { ChannelDates, channelValues, nestChannelDetails, ShortPostingGround } from './channel-fields.tsx';
import { CHANNELS, MIN_POSTING_DAYS, PLAN_STATUSES, type Disclosure, type DisclosureFields } from '../../schema/disclosure/disclosure.ts';
import { DOCUMENT_NUMBER_HINT } from '../../schema/disclosure/document-number.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { AttachmentField } from './attachment-list.tsx';
import type { KeptFile } from './pending-upload.ts';
import { Checkbox, Checkboxes, DateField, Form, Hidden, optionsOf, Select, Textarea, TextField } from './fields.tsx';
import { readForm, type FormBody, type Values } from './form.ts';

/** The values a form shows for a stored disclosure. */
export function valuesOf(d: Disclosure): Values {
  // Typed by the schema's fields: a new field is a type error here until the form carries it
  // (a field missing from the form would be blanked by the next save).
  const values: Record<keyof DisclosureFields | 'version' | 'changeNote', string | string[]> = {
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
    recordedAfter: d.recordedAfter ? 'on' : '',
    postedPeriod: d.postedPeriod,
    planStatus: d.planStatus,
    planStatusOn: d.planStatusOn ?? '',
    // Carried by the channel-fields.tsx inputs (one per channel and part).
    channelDetails: '',
    shortPostingGround: d.shortPostingGround,
    ...channelValues(d),
    cites: d.cites.join(', '),
    version: String(d.version),
    changeNote: '',
  };
  return values;
}

export interface DisclosureFormProps {
  action: string;
  /** What the official typed, shown back unchanged on errors. */
  values: Values;
  errors: FieldError[];
  categories: Category[];
  editing?: Disclosure;
  /** A file chosen before the form was refused, kept on the server. */
  keptFile?: KeptFile | null;
}

/** The create/edit form. */
export function DisclosureForm(props: DisclosureFormProps) {
  const { values, editing } = props;
  const planOpen = Boolean(values.periodLabel || values.planStatus || values.cites);
  return (
    <Form action={props.action} values={values} errors={props.errors} multipart={!editing}>
      {editing && <Hidden name="version" />}
      <TextField name="title" label="Tiêu đề" hint="Ví dụ: Công khai dự toán ngân sách thị trấn năm 2025" />
      <Select
        name="category"
        label="Nội dung công khai (Điều 11)"
        hint="Theo Điều 11 Luật Thực hiện dân chủ ở cơ sở"
        placeholder="— Chọn —"
        options={props.categories.map((c) => ({ value: c.slug, label: c.label }))}
      />
      <TextField name="documentNumber" label="Số, ký hiệu văn bản (nếu có)" hint={`${DOCUMENT_NUMBER_HINT}.`} />
      <DateField name="issuedOn" label="Ngày ban hành" />
      <TextField name="issuer" label="Cơ quan ban hành" />
      <Textarea name="summary" label="Tóm tắt" hint="Vài câu cho người dân biết nội dung chính" rows={4} />
      <Textarea name="body" label="Nội dung đầy đủ (nếu có)" hint="Mỗi đoạn cách nhau một dòng trống" rows={10} />
      <Checkboxes name="channels" label="Hình thức công khai" hint="Chọn mọi hình thức đã dùng" options={optionsOf(CHANNELS)} />
      <ChannelDates values={values} />
      <fieldset>
        <legend>Thời gian niêm yết</legend>
        <DateField name="postingStart" label="Từ ngày" />
        <DateField
          name="postingEnd"
          label="Đến ngày"
          hint={`Ít nhất ${MIN_POSTING_DAYS} ngày, trừ khi pháp luật quy định khác`}
        />
        <Checkbox name="permanent" label="Công khai thường xuyên (không có ngày kết thúc)" />
        <Checkbox
          name="recordedAfter"
          label="Nhập lên cổng để ghi nhận việc công khai đã làm trước đó"
          hint="Báo cáo tính theo ngày của từng hình thức (niêm yết, loa…), không theo ngày đưa lên cổng."
        />
        <TextField
          name="postedPeriod"
          label="Thời gian công khai thực tế, khi không rõ ngày"
          hint="Ví dụ: 6 tháng đầu năm 2024. Để trống nếu không rõ: báo cáo ghi “chưa xác định thời gian”."
        />
        <ShortPostingGround />
        <TextField
          name="shortPostingReason"
          label={`Căn cứ niêm yết dưới ${MIN_POSTING_DAYS} ngày (nếu có)`}
          hint="Ví dụ: theo khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP"
        />
      </fieldset>
      <details open={planOpen}>
        <summary>Kế hoạch, báo cáo: thời kỳ, tình trạng, văn bản liên quan</summary>
        <TextField name="periodLabel" label="Thời kỳ (nếu là kế hoạch, báo cáo)" hint="Ví dụ: Năm 2024; 6 tháng đầu năm 2024" />
        <Select
          name="planStatus"
          label="Tình trạng kế hoạch"
          placeholder="— Không áp dụng —"
          options={optionsOf(PLAN_STATUSES)}
        />
        <TextField
          name="planStatusOn"
          label="Ngày cập nhật tình trạng"
          hint="Để trống: lấy ngày lưu khi tình trạng thay đổi. Ví dụ 09/05/2024"
        />
        <TextField
          name="cites"
          label="Văn bản liên quan"
          hint="Số, ký hiệu các văn bản mà văn bản này căn cứ hoặc thực hiện, cách nhau bằng dấu phẩy: 28/KH-UBND, 04/KH-UBND"
        />
      </details>
      {editing && editing.status !== 'draft' && (
        <TextField
          name="changeNote"
          label="Lý do sửa đổi"
          hint="Nội dung đã công khai: lý do này hiện trên trang công khai, trong lịch sử sửa đổi"
        />
      )}
      {!editing && <AttachmentField kept={props.keptFile} />}
      {editing ? (
        <button type="submit" name="action" value="save">
          Lưu thay đổi
        </button>
      ) : (
        <>
          <button type="submit" name="action" value="publish">
            Lưu và công khai
          </button>
          <button type="submit" name="action" value="draft" class="secondary">
            Lưu nháp
          </button>
        </>
      )}
    </Form>
  );
}

/** The disclosure form's body as schema input: the two buttons say whether to publish. */
export function formInput(body: FormBody): { input: Record<string, unknown>; values: Values } {
  const { input, values } = readForm(body, { arrays: ['channels'], booleans: ['permanent', 'recordedAfter'] });
  nestChannelDetails(input);
  input.publish = input.action === 'publish';
  delete input.action;
  return { input, values };
}
