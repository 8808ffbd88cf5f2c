import type { Child } from 'hono/jsx';
import { actionLabel, auditValue, fieldLabel } from '../../schema/accounts/audit-labels.ts';
import { channelWarnings, minimumsFor } from '../../schema/disclosure/channels.ts';
import type { Category } from '../../schema/disclosure/category.ts';
import { formatDate, formatDateTime } from '../../schema/core/dates.ts';
import type { AuditRow } from '../../schema/accounts/audit.db.ts';
import { CHANNELS, STATUSES, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { disclosurePath } from '../../schema/publishing/paths.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import type { Attachment } from '../../schema/disclosure/attachments.db.ts';
import { AttachmentList } from './attachment-list.tsx';
import { DisclosureForm } from './disclosure-form.tsx';
import { SessionEnd } from './kept-form.tsx';
import type { KeptFile } from './pending-upload.ts';
import { Form, Hidden, TextField } from './fields.tsx';
import type { Values } from './form.ts';
import { FormGuard } from './form-once.tsx';

/** The pages of the disclosures admin (/admin/, /admin/cong-khai/…). */

/**
 * When a change is visible. Measured with the local incremental publisher on a shared, loaded
 * 2-core machine: 58 s from submit to the citizen list (tests/browser/disclosure-flow.test.ts
 * prints "publish latency"; 36–55 s in issue 15). "Half a minute" was not true; 1–2 minutes is.
 */
export const PUBLISH_NOTE =
  'Trang công khai sẽ hiện thay đổi sau vài giây (tải lại trang để xem; trang chủ quản trị cho biết lúc đã công khai xong).';

function StatusBadge(props: { disclosure: Disclosure }) {
  const { status } = props.disclosure;
  return <span class={`status status-${status}`}>{STATUSES[status]}</span>;
}

/** `saved` is "nhap" after a draft was saved, anything else after a publish. */
export function DisclosureListPage(props: { items: Disclosure[]; saved?: string; pending?: Set<number>; panel?: Child }) {
  return (
    <>
      <h1>Nội dung công khai</h1>
      {props.panel}
      {props.saved && (
        <p class="notice" role="status">
          {props.saved === 'nhap' ? 'Đã lưu bản nháp.' : `Đã công khai. ${PUBLISH_NOTE}`}
        </p>
      )}
      <p>
        <a class="button" href="/admin/cong-khai/moi">
          Thêm nội dung công khai
        </a>
      </p>
      {props.items.length === 0 && <p>Chưa có nội dung nào.</p>}
      {props.items.map((d) => (
        <div class="list-item">
          <a href={`/admin/cong-khai/${d.id}`}>
            <strong>{d.title}</strong>
          </a>
          <br />
          <StatusBadge disclosure={d} /> {props.pending?.has(d.id) && <span class="status status-pending">Có thay đổi chờ duyệt</span>}{' '}
          {d.documentNumber && `${d.documentNumber} · `}
          <time datetime={d.issuedOn}>{formatDate(d.issuedOn)}</time>
        </div>
      ))}
    </>
  );
}

export interface DisclosureFormPageProps {
  values: Values;
  errors: FieldError[];
  categories: Category[];
  sessionEndsAt?: string;
  /** A file chosen before the form was refused, kept on the server (new items only). */
  keptFile?: KeptFile | null;
}

export function NewDisclosurePage(props: DisclosureFormPageProps) {
  return (
    <>
      <h1>Thêm nội dung công khai</h1>
      <SessionEnd endsAt={props.sessionEndsAt} />
      <DisclosureForm action="/admin/cong-khai/moi" {...props} />
    </>
  );
}

export function EditDisclosurePage(
  props: DisclosureFormPageProps & {
    disclosure: Disclosure;
    attachments: Attachment[];
    pending?: Child;
    saved?: 'saved' | 'published' | 'pending';
  },
) {
  const d = props.disclosure;
  return (
    <>
      <h1>Sửa nội dung công khai</h1>
      {(props.saved === 'saved' || props.saved === 'published') && (
        <p class="notice" role="status">
          {props.saved === 'published' ? 'Đã công khai.' : 'Đã lưu.'} {d.status === 'draft' ? '' : PUBLISH_NOTE}
        </p>
      )}
      {props.saved === 'pending' && (
        <p class="notice" role="status">
          Đã lưu thay đổi chờ duyệt. Đơn vị yêu cầu hai người: trang công khai chỉ đổi khi một người duyệt khác duyệt.
        </p>
      )}
      <p>
        <StatusBadge disclosure={d} /> · phiên bản {d.version} · sửa lần cuối {formatDateTime(d.updatedAt)}
        {d.status !== 'draft' && (
          <>
            {' · '}
            <a href={disclosurePath(d)}>Xem trang công khai</a>
          </>
        )}
        {' · '}
        <a href={`/admin/cong-khai/${d.id}/nhat-ky`}>Nhật ký thay đổi</a>
      </p>
      {d.status === 'withdrawn' && <p class="warning">Đã thu hồi: {d.withdrawalReason}</p>}
      {channelWarnings(d, minimumsFor(d, props.categories.find((c) => c.slug === d.category)?.channelMinimums), CHANNELS).map((w) => (
        <p class="warning">Lưu ý: {w.message} Trang công khai ghi rõ điều này.</p>
      ))}
      <p>
        In biên bản (khổ A4): <a href={`/admin/cong-khai/${d.id}/bien-ban-niem-yet`}>Biên bản niêm yết công khai</a>
        {!d.permanent && d.postingEnd && <>{' · '}<a href={`/admin/cong-khai/${d.id}/bien-ban-ket-thuc`}>Biên bản kết thúc niêm yết</a></>}
      </p>
      {d.status === 'published' ? (
        <p>
          <a href={`/admin/cong-khai/${d.id}/thu-hoi`}>Thu hồi nội dung này…</a>
        </p>
      ) : (
        <form method="post" action={`/admin/cong-khai/${d.id}/cong-khai`}>
          <FormGuard />
          <input type="hidden" name="version" value={String(d.version)} />
          <button type="submit">{d.status === 'draft' ? 'Công khai ngay…' : 'Công khai lại…'}</button>
        </form>
      )}
      {props.pending}
      <SessionEnd endsAt={props.sessionEndsAt} />
      <DisclosureForm action={`/admin/cong-khai/${d.id}`} {...props} editing={d} />
      <AttachmentList disclosure={d} attachments={props.attachments} values={props.values} errors={props.errors} />
    </>
  );
}

export function WithdrawPage(props: { disclosure: Disclosure; values: Values; errors: FieldError[] }) {
  const d = props.disclosure;
  return (
    <>
      <h1>Thu hồi nội dung công khai</h1>
      <p>
        <strong>{d.title}</strong>
      </p>
      <p class="warning">
        Trang công khai vẫn còn, ghi rõ "Đã thu hồi" cùng lý do dưới đây: không nội dung nào đã công khai bị xóa âm thầm. Các tệp đính kèm
        được rút ngay cùng lúc (không chờ người duyệt thứ hai): không còn tải được, trang ghi "Tệp đã rút" cùng lý do này.
      </p>
      <Form action={`/admin/cong-khai/${d.id}/thu-hoi`} values={props.values} errors={props.errors}>
        <Hidden name="version" />
        <TextField name="reason" label="Lý do thu hồi" hint="Ví dụ: văn bản đã được thay thế bằng Quyết định số 20/QĐ-UBND" />
        <button type="submit" class="danger">
          Thu hồi
        </button>
        <a href={`/admin/cong-khai/${d.id}`}>Quay lại</a>
      </Form>
    </>
  );
}

/** The fields whose stored value differs between two audit snapshots. */
function changedFields(before: unknown, after: unknown): { key: string; before: unknown; after: unknown }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return Object.keys({ ...b, ...a })
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((key) => ({ key, before: b[key] ?? null, after: a[key] ?? null }));
}

/** The audit trail of one item; `names` maps account ids to display names. */
export function HistoryPage(props: { disclosure: Disclosure; entries: AuditRow[]; names: Map<number, string> }) {
  const d = props.disclosure;
  return (
    <>
      <h1>Nhật ký thay đổi</h1>
      <p>
        <a href={`/admin/cong-khai/${d.id}`}>{d.title}</a>
      </p>
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Lúc</th>
            <th scope="col">Ai</th>
            <th scope="col">Việc</th>
            <th scope="col">Trường thay đổi</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{formatDateTime(e.at)}</td>
              <td data-label="Ai">
                {(e.actorAccountId && props.names.get(e.actorAccountId)) ?? '—'}
                {e.actorTokenId ? ' (qua API)' : ''}
              </td>
              <td data-label="Việc">{actionLabel(e.action)}</td>
              <td>
                {changedFields(e.before, e.after).map((f) => (
                  <details>
                    <summary>{fieldLabel(f.key)}</summary>
                    <p>
                      Trước: <code>{auditValue(f.before)}</code>
                    </p>
                    <p>
                      Sau: <code>{auditValue(f.after)}</code>
                    </p>
                  </details>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
