import type { RecordState } from '../../schema/community-record.ts';
import type { FieldError } from '../../schema/validation.ts';
import { DateField, Form, Hidden, Select, Textarea, TextField, type Option } from './fields.tsx';
import type { Values } from './form.ts';

/**
 * The admin pages of the people's pillars (decisions, supervision boards, activities): a list,
 * and one form per record described as a list of fields, wired as every admin form is (label,
 * hint, error, the error summary, the values typed coming back on a refusal).
 */

export type FieldSpec =
  | { name: string; label: string; hint?: string; kind: 'text' | 'date' | 'textarea' }
  | { name: string; label: string; hint?: string; kind: 'select'; options: Option[]; placeholder: string; from?: 'boards' | 'investmentBoards' };

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

/** Every record of the three kinds, drafts first by last change, each with its status. */
export function CommunityListPage(props: { sections: { section: Section; items: (RecordState & { label: string })[] }[]; saved?: string }) {
  return (
    <>
      <h1>Nhân dân quyết định và giám sát</h1>
      {props.saved && (
        <p class="notice" role="status">
          {props.saved === 'cong-khai' ? 'Đã lưu và công khai.' : 'Đã lưu.'}
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
                <a href={`/admin/nhan-dan/${section.path}/${r.id}`}>{r.label}</a>{' '}
                <span class={`status status-${r.status}`}>{r.status === 'published' ? 'Đã công khai' : 'Bản nháp'}</span>
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

export function EditRecordPage(props: { section: Section; record: RecordState; values: Values; errors: FieldError[]; publishErrors?: FieldError[] }) {
  const { section, record } = props;
  const base = `/admin/nhan-dan/${section.path}/${record.id}`;
  return (
    <>
      <h1>Sửa: {String(props.values.title ?? props.values.name ?? '')}</h1>
      <p>
        <span class={`status status-${record.status}`}>{record.status === 'published' ? 'Đã công khai' : 'Bản nháp'}</span> · phiên bản {record.version}
      </p>
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
          <TextField name="changeNote" label="Lý do sửa đổi" hint="Nội dung đã công khai: lý do được ghi công khai trên trang, để người dân biết điều gì đã thay đổi." />
        )}
        <button>Lưu</button>
      </Form>
    </>
  );
}
