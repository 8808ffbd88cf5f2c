import { fieldLabel } from '../../schema/accounts/audit-labels.ts';
import { formatDate, formatDateTime } from '../../schema/core/dates.ts';
import type { Attachment } from '../../schema/disclosure/attachments.db.ts';
import type { Category } from '../../schema/disclosure/category.ts';
import { CHANNELS, DISCLOSURE_FIELDS, PLAN_STATUSES, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { labelsOf } from '../../schema/core/fields.ts';
import { SHORT_POSTING_GROUNDS, type ChannelDetails } from '../../schema/disclosure/channels.ts';
import { REVISION_KINDS, type PendingRevision } from '../../schema/lifecycle/revision.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { Form, TextField } from './fields.tsx';
import { FormGuard } from './form-once.tsx';

/**
 * A change to a published item waiting for a second approver (four eyes, issue 16.1): what
 * it changes, field by field, and the approve and reject actions. The public page keeps the
 * published version until an approver other than the author approves.
 */

/** The labels officials know a disclosure's fields by, declared beside its schema. */
const FIELD_LABELS = labelsOf(DISCLOSURE_FIELDS);

/** A calendar date as stored (yyyy-mm-dd): shown as officials write it, dd/mm/yyyy. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A value as text. Callers pass values already made readable (codes as labels: see readableOf in
 * functions/routes/admin-community.tsx); an object left over shows its values, never "[object Object]".
 */
const shown = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? '—'
    : typeof v === 'string' && ISO_DATE.test(v)
      ? formatDate(v)
      : Array.isArray(v)
      ? v.map(shown).join(', ') || '—'
      : typeof v === 'boolean'
        ? v ? 'Có' : 'Không'
        : typeof v === 'object'
          ? Object.values(v).filter((x) => x !== null && x !== '').map(shown).join(' – ') || '—'
          : String(v);

type Change = { label: string; before: string; after: string };

/** The changed fields: published value beside proposed value. */
function ChangesTable(props: { changes: Change[] }) {
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Trường</th>
            <th scope="col">Đang công khai</th>
            <th scope="col">Đề nghị</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((c) => (
            <tr>
              <th scope="row">{c.label}</th>
              <td>{c.before}</td>
              <td>{c.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Approve (a second approver only) and reject with a reason, under the change's address `base`. */
function ReviewActions(props: { base: string; mayApprove: boolean; errors: FieldError[] }) {
  return (
    <>
      {props.mayApprove ? (
        <form method="post" action={`${props.base}/duyet`}>
          <FormGuard />
          <button type="submit">Duyệt và công khai thay đổi</button>
        </form>
      ) : (
        <p>Bạn là người đề nghị (hoặc không có quyền duyệt): cần một người duyệt khác duyệt thay đổi này.</p>
      )}
      <Form action={`${props.base}/tu-choi`} values={{}} errors={props.errors.filter((e) => e.field === 'reason')} summary={false}>
        <TextField name="reason" label="Lý do từ chối" hint="Người đề nghị đọc lý do này; trang công khai không đổi" />
        <button type="submit" class="secondary">
          Từ chối thay đổi
        </button>
      </Form>
    </>
  );
}

/** A disclosure field's value as the form shows it: labels for codes, dates as dd/mm/yyyy. */
function readable(key: string, value: unknown, categories: Category[]): unknown {
  if (value === null || value === undefined || value === '') return value;
  switch (key) {
    case 'category':
      return categories.find((c) => c.slug === value)?.label ?? value;
    case 'channels':
      return (value as string[]).map((code) => CHANNELS[code as keyof typeof CHANNELS] ?? code);
    case 'planStatus':
      return PLAN_STATUSES[value as keyof typeof PLAN_STATUSES] ?? value;
    case 'shortPostingGround':
      return SHORT_POSTING_GROUNDS[value as keyof typeof SHORT_POSTING_GROUNDS] ?? value;
    case 'channelDetails':
      // "Đọc trên hệ thống loa truyền thanh: 01/03/2025 – 03/03/2025", one channel after another.
      return Object.entries(value as ChannelDetails)
        .map(
          ([code, d]) =>
            `${CHANNELS[code as keyof typeof CHANNELS] ?? code}: ${shown(d?.start)} – ${shown(d?.end)}${d?.places ? `, ${d.places}` : ''}`,
        )
        .join('; ');
    case 'issuedOn':
    case 'postingStart':
    case 'postingEnd':
      return formatDate(value as string);
    default:
      return value;
  }
}

/**
 * The fields an edit changes: label, published value, proposed value, as the official reads them.
 * A field this panel has no label for still shows, under its audit-log label: a change the
 * approver cannot see must never go live (a plan's status date once did).
 */
function proposedChanges(d: Disclosure, r: PendingRevision, categories: Category[]): Change[] {
  if (!r.fields) return [];
  const current = d as unknown as Record<string, unknown>;
  return Object.entries(r.fields)
    .filter(([key, value]) => JSON.stringify(current[key] ?? null) !== JSON.stringify(value ?? null))
    .map(([key, value]) => ({
      label: FIELD_LABELS[key] ?? fieldLabel(key),
      before: shown(readable(key, current[key], categories)),
      after: shown(readable(key, value, categories)),
    }));
}

export function PendingRevisionPanel(props: {
  disclosure: Disclosure;
  revision: PendingRevision;
  /** To name the category by its label. */
  categories: Category[];
  attachment: Attachment | null;
  authorName: string;
  /** Whether the viewer may approve (an approver who is not the author). */
  mayApprove: boolean;
  errors: FieldError[];
}) {
  const { disclosure: d, revision: r } = props;
  const changes = proposedChanges(d, r, props.categories);
  const base = `/admin/cong-khai/${d.id}/thay-doi/${r.id}`;
  return (
    <section class="pending" aria-labelledby="cho-duyet">
      <h2 id="cho-duyet">Thay đổi chờ duyệt: {REVISION_KINDS[r.kind]}</h2>
      <p>
        {props.authorName} đề nghị lúc {formatDateTime(r.createdAt)}, trên phiên bản {r.baseVersion}. Lý do: {r.changeNote}
      </p>
      <p>Trang công khai vẫn hiện bản đã công khai cho đến khi một người duyệt khác người đề nghị duyệt thay đổi này.</p>
      {r.kind === 'edit' &&
        (changes.length === 0 ? (
          <p>Không trường nào khác bản đang công khai.</p>
        ) : (
          <ChangesTable changes={changes} />
        ))}
      {r.kind !== 'edit' && props.attachment && (
        <p>
          {r.kind === 'attach' ? 'Thêm tệp' : 'Rút tệp'}: <strong>{props.attachment.fileName}</strong>
        </p>
      )}
      <ReviewActions base={base} mayApprove={props.mayApprove} errors={props.errors} />
    </section>
  );
}

/**
 * The same panel for the other records under four eyes (decisions, supervision records,
 * consultations): the proposed fields against the published ones, with the labels of the
 * record's own form, and the approve and reject actions under `base`.
 */
export function PendingChangePanel(props: {
  current: Record<string, unknown>;
  revision: PendingRevision;
  /** The record's declared labels (schema/core/fields.ts labelsOf). */
  labels: Record<string, string>;
  /** The change's admin address: …/thay-doi/{id}. */
  base: string;
  mayApprove: boolean;
  errors: FieldError[];
}) {
  const r = props.revision;
  // Every changed field shows, labelled or not: a change the approver cannot see must never go live.
  const changes = Object.entries(r.fields ?? {})
    .filter(([key, value]) => JSON.stringify(props.current[key] ?? null) !== JSON.stringify(value ?? null))
    .map(([key, value]) => ({ label: props.labels[key] ?? fieldLabel(key), before: shown(props.current[key]), after: shown(value) }));
  return (
    <section class="pending" aria-labelledby="cho-duyet">
      <h2 id="cho-duyet">Thay đổi chờ duyệt: {REVISION_KINDS[r.kind]}</h2>
      <p>
        Đề nghị lúc {formatDateTime(r.createdAt)}, trên phiên bản {r.baseVersion}. Lý do: {r.changeNote}
      </p>
      <p>Trang công khai vẫn hiện bản đã công khai cho đến khi một người duyệt khác người đề nghị duyệt thay đổi này.</p>
      {changes.length === 0 ? (
        <p>Không trường nào khác bản đang công khai.</p>
      ) : (
        <ChangesTable changes={changes} />
      )}
      <ReviewActions base={props.base} mayApprove={props.mayApprove} errors={props.errors} />
    </section>
  );
}
