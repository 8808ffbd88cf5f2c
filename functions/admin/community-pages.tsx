import type { RecordState } from '../../schema/community/community-record.ts';
import { formatDateTime } from '../../schema/core/dates.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import type { FieldList, FieldSpec as DeclaredField } from '../../schema/core/fields.ts';
import { DateField, Form, Hidden, optionsOf, Select, Textarea, TextField, type Option } from './fields.tsx';
import type { Values } from './form.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';

/**
 * The admin pages of the people's pillars (decisions, supervision boards, activities): a list,
 * and one form per record described as a list of fields, wired as every admin form is (label,
 * hint, error, the error summary, the values typed coming back on a refusal).
 */

type FieldSpec =
  | { name: string; label: string; hint?: string; kind: 'text' | 'date' | 'textarea' }
  | {
      name: string;
      label: string;
      hint?: string;
      kind: 'select';
      options: Option[];
      placeholder: string;
      from?: 'boards' | 'investmentBoards';
    };

/**
 * The form's fields from the record's field list (schema/core/fields.ts): the label, hint and control
 * are declared once, beside the schema. A field asked by a form of its own ('custom') has no
 * place in these generic forms; an edit that does not carry it keeps its value (editOver).
 */
export function fieldsOf<F>(list: Partial<FieldList<F>>): FieldSpec[] {
  return Object.entries(list as Record<string, DeclaredField>).flatMap(([name, f]): FieldSpec[] => {
    if (f.control === 'custom') return [];
    if (f.control !== 'select') return [{ name, label: f.label, hint: f.hint, kind: f.control }];
    const { label, hint, options, placeholder, from } = f;
    return [{ name, label, hint, kind: 'select', options: optionsOf(options), placeholder, ...(from ? { from } : {}) }];
  });
}

export interface Section {
  /** Path under /admin/nhan-dan/: "quyet-dinh". */
  path: string;
  title: string;
  newLabel: string;
  fields: FieldSpec[];
}

function FieldOf(props: { f: FieldSpec }) {
  const f = props.f;
  if (f.kind === 'select') return <Select name={f.name} label={f.label} hint={f.hint} options={f.options} placeholder={f.placeholder} />;
  if (f.kind === 'date') return <DateField name={f.name} label={f.label} hint={f.hint} />;
  if (f.kind === 'textarea') return <Textarea name={f.name} label={f.label} hint={f.hint} />;
  return <TextField name={f.name} label={f.label} hint={f.hint} />;
}

function Fields(props: { fields: FieldSpec[] }) {
  return <>{props.fields.map((f) => <FieldOf f={f} />)}</>;
}

const STATUS_LABELS: Record<RecordState['status'], string> = { draft: 'Bản nháp', published: 'Đã công khai', withdrawn: 'Đã thu hồi' };

function Status(props: { record: RecordState }) {
  return <span class={`status status-${props.record.status}`}>{STATUS_LABELS[props.record.status]}</span>;
}

/** The message after a save, saying what really happened. */
const SAVED: Record<string, string> = {
  'cong-khai': `Đã công khai. ${PUBLISH_NOTE}`,
  'cho-duyet':
    'Đã lưu thay đổi. Chờ người duyệt thứ hai: đơn vị yêu cầu hai người, trang công khai chỉ đổi khi một người duyệt khác duyệt.',
  'thu-hoi': 'Đã thu hồi. Trang công khai vẫn còn, ghi "Đã thu hồi" cùng ngày và lý do.',
  'da-duyet': 'Đã duyệt: thay đổi lên trang công khai cùng lý do sửa đổi.',
  'tu-choi': 'Đã từ chối thay đổi: trang công khai giữ nguyên.',
};

/** Every record of the three kinds, drafts first by last change, each with its status. */
export function CommunityListPage(props: {
  sections: { section: Section; items: (RecordState & { label: string; pending: boolean })[] }[];
  saved?: string;
}) {
  return (
    <>
      <h1>Nhân dân quyết định và giám sát</h1>
      {props.saved !== undefined && (
        <p class="notice" role="status">
          {SAVED[props.saved] ?? 'Đã lưu.'}
        </p>
      )}
      {props.sections.map(({ section, items }) => (
        <section>
          <h2>{section.title}</h2>
          <p>
            <a href={`/admin/nhan-dan/${section.path}/moi`}>{section.newLabel}</a>
          </p>
          {items.length === 0 ? (
            <p>Chưa có.</p>
          ) : (
            items.map((r) => (
              <div class="list-item">
                <a href={`/admin/nhan-dan/${section.path}/${r.id}`}>{r.label}</a> <Status record={r} />
                {r.pending && <span class="status status-pending">Có thay đổi chờ duyệt</span>}
              </div>
            ))
          )}
        </section>
      ))}
    </>
  );
}

export function NewRecordPage(props: { section: Section; values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>{props.section.newLabel}</h1>
      <p class="hint">Điều gì chưa rõ (ngày, số liệu) thì để trống: trang công khai ghi “—”, không ghi số 0.</p>
      <Form action={`/admin/nhan-dan/${props.section.path}/moi`} values={props.values} errors={props.errors}>
        <Fields fields={props.section.fields} />
        <button name="action" value="draft" class="secondary">
          Lưu bản nháp
        </button>
        <button name="action" value="publish">
          Lưu và công khai
        </button>
      </Form>
    </>
  );
}

export function EditRecordPage(props: {
  section: Section;
  record: RecordState;
  values: Values;
  errors: FieldError[];
  publishErrors?: FieldError[];
  /** The change waiting for a second approver (four eyes), rendered. */
  pending?: unknown;
  saved?: string;
  /** What the official should look at (a board's member count and term). */
  warnings?: string[];
}) {
  const { section, record } = props;
  const base = `/admin/nhan-dan/${section.path}/${record.id}`;
  return (
    <>
      <h1>Sửa: {String(props.values.title ?? props.values.name ?? '')}</h1>
      {props.saved !== undefined && (
        <p class="notice" role="status">
          {SAVED[props.saved] ?? 'Đã lưu.'}
        </p>
      )}
      <p>
        <Status record={record} /> · phiên bản {record.version}
      </p>
      {record.status === 'withdrawn' && (
        <p class="warning">
          Đã thu hồi lúc {formatDateTime(record.withdrawnAt!)}. Lý do: {record.withdrawalReason}
        </p>
      )}
      {props.warnings && props.warnings.length > 0 && (
        <div class="warning" data-warnings>
          <p>Cần xem lại:</p>
          <ul>{props.warnings.map((w) => <li>{w}</li>)}</ul>
        </div>
      )}
      {props.pending}
      {record.status === 'published' && (
        <p>
          <a href={`${base}/thu-hoi`}>Thu hồi nội dung này</a>
        </p>
      )}
      {record.status === 'draft' && (
        <Form action={`${base}/cong-khai`} values={{ version: String(record.version) }} errors={props.publishErrors ?? []}>
          <Hidden name="version" />
          <button id="publish">Công khai</button>
        </Form>
      )}
      <Form action={base} values={props.values} errors={props.errors}>
        <Hidden name="version" />
        <Fields fields={section.fields} />
        {record.status === 'published' && (
          <TextField
            name="changeNote"
            label="Lý do sửa đổi"
            hint="Nội dung đã công khai: lý do được ghi công khai trên trang, để người dân biết điều gì đã thay đổi."
          />
        )}
        <button>Lưu</button>
      </Form>
    </>
  );
}

/**
 * The confirmation step of a withdrawal, as for disclosures: what will happen, the reason
 * (required, shown publicly), one button that does it, one link back. `base`: the record's
 * admin page (the form posts to `<base>/thu-hoi`); decisions, supervision records and
 * consultations share it. Under four eyes the withdrawal then waits for a second approver.
 */
export function WithdrawRecordPage(props: { base: string; label: string; values: Values; errors: FieldError[] }) {
  const { base } = props;
  return (
    <>
      <h1>Thu hồi: {props.label}</h1>
      <p class="warning">
        Trang công khai vẫn còn, ghi rõ "Đã thu hồi" cùng ngày và lý do dưới đây; danh sách, tin Atom và dữ liệu mở ghi trạng thái đã thu
        hồi. Không nội dung nào đã công khai bị xóa âm thầm.
      </p>
      <Form action={`${base}/thu-hoi`} values={props.values} errors={props.errors}>
        <Hidden name="version" />
        <TextField
          name="reason"
          label="Lý do thu hồi"
          hint="Hiện trên trang công khai. Ví dụ: biên bản hội nghị ghi sai số hộ, sẽ công khai lại sau khi đối chiếu"
        />
        <button type="submit" class="danger">
          Thu hồi
        </button>{' '}
        <a href={base}>Quay lại, không làm gì</a>
      </Form>
    </>
  );
}
