import type { Context } from 'hono';
import { formatDateTime } from '../../schema/dates.ts';
import { FORM_DRAFT_MINUTES, getFormDraft, type FormDraft } from '../../schema/db/form-drafts.ts';
import type { AppEnv } from '../env.ts';

/**
 * A form kept when it was sent after the session ended (`requireOfficial` keeps it), and the
 * warning that tells an official on a long form when the session ends — plain text, no script.
 */

/** The query parameter that asks a form page to show a kept form. */
const RESTORE_PARAM = 'khoi-phuc';

/** The long forms that fill themselves back in from a kept form; any other gets the resend page. */
const RESTORING_FORM = /^\/admin\/cong-khai\/(moi|\d+)$/;

/** Where an official goes after logging in when a form was kept for them. */
export function restoreLocation(draft: Pick<FormDraft, 'id' | 'path'>): string {
  return RESTORING_FORM.test(draft.path) ? `${draft.path}?${RESTORE_PARAM}=${draft.id}` : `/admin/khoi-phuc/${draft.id}`;
}

/** The official's kept form named by `?khoi-phuc=`, if it is theirs, for this page, and still live. */
export async function keptForm(c: Context<AppEnv>): Promise<FormDraft | null> {
  const id = Number(c.req.query(RESTORE_PARAM));
  if (!Number.isInteger(id) || id <= 0) return null;
  const draft = await getFormDraft(c.env.DB, c.get('account').id, id, new Date().toISOString());
  return draft && draft.path === c.req.path ? draft : null;
}

const FILES_NOT_KEPT = 'Tệp đã chọn không được giữ lại: hãy chọn lại tệp.';

/** Said above a form filled back in from what was kept. */
export function KeptFormNotice(props: { draft: FormDraft | null }) {
  if (!props.draft) return null;
  return (
    <p class="notice" role="status" id="khoi-phuc">
      Phiên đăng nhập đã hết khi bạn gửi biểu mẫu lúc {formatDateTime(props.draft.createdAt)}. Những gì bạn đã nhập được
      giữ lại dưới đây; hãy kiểm tra rồi bấm lưu lại. {props.draft.droppedFiles ? FILES_NOT_KEPT : ''}
    </p>
  );
}

/** The end of the session, in the form's header, so a long form is not typed past it unawares. */
export function SessionEnd(props: { endsAt: string | undefined }) {
  if (!props.endsAt) return null;
  return (
    <p class="hint" id="het-phien">
      Phiên đăng nhập hết hạn lúc <time datetime={props.endsAt}>{formatDateTime(props.endsAt)}</time>. Nếu bạn gửi sau giờ
      đó, nội dung đã nhập (trừ tệp) được giữ lại {FORM_DRAFT_MINUTES} phút để khôi phục sau khi đăng nhập lại.
    </p>
  );
}

/** Any other kept form: what was typed, and one button that sends it again. */
export function ResendPage(props: { draft: FormDraft }) {
  const { draft } = props;
  const entries = Object.entries(draft.fields).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));
  return (
    <>
      <h1>Gửi lại biểu mẫu</h1>
      <p class="notice" role="status">
        Phiên đăng nhập đã hết khi bạn gửi biểu mẫu lúc {formatDateTime(draft.createdAt)}. Những gì bạn đã nhập được giữ lại
        đến {formatDateTime(draft.expiresAt)}. {draft.droppedFiles ? FILES_NOT_KEPT : ''}
      </p>
      <ul>
        {entries
          .filter((e) => e.value.trim() && e.name !== 'version' && e.name !== 'action')
          .map((e) => (
            <li>{e.value}</li>
          ))}
      </ul>
      <form method="post" action={draft.path}>
        {entries.map((e) => (
          <input type="hidden" name={e.name} value={e.value} />
        ))}
        <button type="submit">Gửi lại</button> <a href="/admin/">Bỏ qua</a>
      </form>
    </>
  );
}
