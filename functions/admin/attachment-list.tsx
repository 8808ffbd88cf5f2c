import { ATTACHMENT_STATES, ATTACHMENT_TYPES, formatSize, MAX_ATTACHMENT_SIZE } from '../../schema/disclosure/attachment.ts';
import { formatDateTime } from '../../schema/core/dates.ts';
import type { Attachment } from '../../schema/disclosure/attachments.db.ts';
import type { Disclosure } from '../../schema/disclosure/disclosure.ts';
import { attachmentPath } from '../../schema/publishing/paths.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { FileField, Form, TextField } from './fields.tsx';
import type { Values } from './form.ts';
import { KEPT_FILE_FIELD, REMOVE_KEPT_FILE_FIELD, type KeptFile } from './pending-upload.ts';

/**
 * An item's attachments in the admin (issue 15.1): every file with its name, size, type,
 * SHA-256 and whether citizens can download it, a withdraw action per file, and the form that
 * adds one. On a published item adding or withdrawing a file is an edit: it asks for a reason.
 */

const TYPE_LABELS: Record<string, string> = Object.fromEntries(Object.values(ATTACHMENT_TYPES).map((t) => [t.mime, t.label]));

/** Whether citizens can download the file now, in words. */
function visibility(d: Disclosure, a: Attachment): string {
  if (a.state === 'withdrawn') return `Đã rút lúc ${formatDateTime(a.withdrawnAt!)}: ${a.withdrawalReason}`;
  if (a.state === 'rejected') return 'Bị từ chối, không công khai';
  if (a.state === 'pending') return 'Chờ người duyệt thứ hai, chưa công khai';
  return d.status === 'draft' ? 'Riêng tư (nội dung còn là bản nháp)' : 'Công khai';
}

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx';
const FILE_LABEL = `Chọn tệp (PDF, ảnh, Word, Excel; tối đa ${MAX_ATTACHMENT_SIZE})`;

/**
 * The file chooser of the "Thêm nội dung" form: the notice and its PDF in one submit. After a
 * refusal the file chosen is kept on the server (functions/admin/pending-upload.ts): the form
 * names it, and offers another file instead or no file.
 */
export function AttachmentField(props: { kept?: KeptFile | null }) {
  const kept = props.kept;
  if (!kept) {
    return (
      <FileField
        name="file"
        label={`Tệp đính kèm (nếu có). ${FILE_LABEL}`}
        hint="Nếu tệp bị từ chối, không gì được lưu: hãy chọn lại tệp rồi gửi lại."
        accept={ACCEPT}
      />
    );
  }
  return (
    <fieldset class="kept-file">
      <legend>Tệp đính kèm</legend>
      <p class="notice" id="tep-da-giu">
        Đã giữ tệp: <strong>{kept.fileName}</strong> ({formatSize(kept.sizeBytes)}). Tệp được đính kèm khi bạn lưu; không cần chọn lại.
      </p>
      <input type="hidden" name={KEPT_FILE_FIELD} value={String(kept.id)} />
      <FileField name="file" label={`Chọn tệp khác để thay (nếu cần). ${FILE_LABEL}`} accept={ACCEPT} />
      <div class="check">
        <input type="checkbox" id={REMOVE_KEPT_FILE_FIELD} name={REMOVE_KEPT_FILE_FIELD} value="on" />
        <label for={REMOVE_KEPT_FILE_FIELD}>Bỏ tệp đã giữ, không đính kèm tệp nào</label>
      </div>
    </fieldset>
  );
}

export function AttachmentList(props: { disclosure: Disclosure; attachments: Attachment[]; values: Values; errors: FieldError[] }) {
  const d = props.disclosure;
  const live = d.status !== 'draft';
  return (
    <section aria-labelledby="tep-dinh-kem">
      <h2 id="tep-dinh-kem">Tệp đính kèm</h2>
      {props.attachments.length === 0 ? (
        <p>Chưa có tệp nào.</p>
      ) : (
        <ul class="attachments">
          {props.attachments.map((a) => (
            <li class={`attachment attachment-${a.state}`}>
              {a.state === 'withdrawn' || a.state === 'rejected' ? (
                <strong>{a.fileName}</strong>
              ) : (
                <a href={attachmentPath(a)}>{a.fileName}</a>
              )}
              <br />
              {formatSize(a.sizeBytes)} · {TYPE_LABELS[a.contentType] ?? a.contentType} · {ATTACHMENT_STATES[a.state]}
              <br />
              <span class="attachment-visibility">{visibility(d, a)}</span>
              <br />
              <small>
                SHA-256: <code class="hash">{a.sha256}</code>
              </small>
              {a.state === 'attached' && (
                <p>
                  <a href={`/admin/cong-khai/${d.id}/tep/${a.id}/rut`}>Rút tệp này…</a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {/* The summary at the top of the page already lists a problem with the file. */}
      <Form
        action={`/admin/cong-khai/${d.id}/tep`}
        values={props.values}
        errors={props.errors.filter((e) => e.field === 'file' || e.field === 'changeNote')}
        summary={false}
        multipart
      >
        <FileField name="file" label={FILE_LABEL} accept={ACCEPT} />
        {live && (
          <TextField
            name="changeNote"
            label="Lý do thêm tệp"
            hint="Nội dung đã công khai: lý do này hiện trong lịch sử sửa đổi trên trang công khai"
          />
        )}
        <button type="submit" class="secondary">
          Đính kèm
        </button>
      </Form>
    </section>
  );
}

/** The confirmation step of withdrawing one file: the reason is required and shown to citizens. */
export function AttachmentWithdrawPage(props: { disclosure: Disclosure; attachment: Attachment; values: Values; errors: FieldError[] }) {
  const { disclosure: d, attachment: a } = props;
  return (
    <>
      <h1>Rút tệp đính kèm</h1>
      <p>
        <strong>{a.fileName}</strong> ({formatSize(a.sizeBytes)}) của <a href={`/admin/cong-khai/${d.id}`}>{d.title}</a>
      </p>
      <p class="warning">
        {d.status === 'draft'
          ? 'Tệp sẽ không còn tải được. Nội dung còn là bản nháp nên người dân không thấy gì.'
          : 'Tệp sẽ không còn tải được; trang công khai ghi "Tệp đã rút" cùng tên tệp và lý do dưới đây, và lịch sử sửa đổi thêm một dòng.'}
      </p>
      <Form action={`/admin/cong-khai/${d.id}/tep/${a.id}/rut`} values={props.values} errors={props.errors}>
        <TextField name="reason" label="Lý do rút tệp" hint="Ví dụ: tải nhầm bản dự thảo; bản chính thức đã được đính kèm" />
        <button type="submit" class="danger">
          Rút tệp
        </button>
        <a href={`/admin/cong-khai/${d.id}`}>Quay lại</a>
      </Form>
    </>
  );
}
