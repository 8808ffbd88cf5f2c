import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { formatDateTime } from '../../schema/core/dates.ts';
import { deleteFormDrafts, FORM_DRAFT_MINUTES, getFormDraft, type DraftFields, type FormDraft } from '../../schema/core/form-drafts.db.ts';
import type { AppEnv } from '../env.ts';
import { ADMIN_PAGE, FORM_FROM_FIELD, FORM_TOKEN_FIELD } from './form-once.tsx';

/**
 * A form kept when it was sent after the session ended (`requireOfficial` keeps it), and the
 * warning that tells an official on a long form when the session ends — plain text, no script.
 *
 * Every form restores into itself (issue 22.3): a form names the page it was shown on (its
 * hidden `_from`, functions/admin/form-once.tsx); after the next login the official is sent
 * there with `?khoi-phuc=<id>`, and the page's `<Form>` whose action is the kept form's path
 * shows what was typed in its own labelled boxes, lists and ticks (functions/admin/fields.tsx).
 * A form without that field (an old page still open), or one its page no longer shows (the
 * opinion was moderated meanwhile), gets the resend page (functions/admin/resend-page.tsx).
 */

/** The query parameter that asks a form page to show a kept form. */
const RESTORE_PARAM = 'khoi-phuc';

/** Forms posted to the page that shows them, for a kept form that does not name its page. */
const SELF_POSTING_FORM = /^\/admin\/cong-khai\/(moi|\d+)$/;

/** The page a kept form was shown on, when it named a safe one. */
function pageOf(draft: Pick<FormDraft, 'fields' | 'path'>): string | null {
  const from = draft.fields[FORM_FROM_FIELD];
  if (typeof from === 'string' && ADMIN_PAGE.test(from)) return from;
  return SELF_POSTING_FORM.test(draft.path) ? draft.path : null;
}

/** Where an official goes after logging in when a form was kept for them. */
export function restoreLocation(draft: Pick<FormDraft, 'id' | 'path' | 'fields'>): string {
  const page = pageOf(draft);
  return page ? `${page}?${RESTORE_PARAM}=${draft.id}` : `/admin/khoi-phuc/${draft.id}`;
}

/** The official's kept form named by `?khoi-phuc=` (set by `keptForms`), if it is for `action`. */
export function keptForm(c: Context<AppEnv>, action = c.req.path): FormDraft | null {
  const draft = c.get('keptForm');
  if (!draft || draft.path !== action) return null;
  c.set('keptFormShown', true);
  return draft;
}

/** A kept form's fields as a form's values, without the guard fields (the page renders fresh ones). */
export function keptValues(draft: FormDraft): DraftFields {
  return Object.fromEntries(Object.entries(draft.fields).filter(([name]) => name !== FORM_TOKEN_FIELD && name !== FORM_FROM_FIELD));
}

/**
 * After the session check. A GET with `?khoi-phuc=` finds the official's own live kept form for
 * the page's forms; a form saved (any answer below 400) drops what was kept of it, so the next
 * login does not offer it again.
 */
export const keptForms = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET') {
    const id = Number(c.req.query(RESTORE_PARAM));
    if (Number.isInteger(id) && id > 0) {
      const draft = await getFormDraft(c.env.DB, c.get('account').id, id, new Date().toISOString());
      if (draft && pageOf(draft) === c.req.path) c.set('keptForm', draft);
    }
    await next();
    // A page with no form of its own for the kept one (a hand-built form): the resend page instead, never nothing.
    const draft = c.get('keptForm');
    if (draft && !c.get('keptFormShown') && c.res.status === 200)
      c.res = new Response(null, { status: 303, headers: { location: `/admin/khoi-phuc/${draft.id}` } });
    return;
  }
  await next();
  if (c.req.method === 'POST' && c.res.status < 400) await deleteFormDrafts(c.env.DB, c.get('account').id, c.req.path);
});

export const FILES_NOT_KEPT = 'Tệp đã chọn không được giữ lại: hãy chọn lại tệp.';

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
      Phiên đăng nhập hết hạn lúc <time datetime={props.endsAt}>{formatDateTime(props.endsAt)}</time>. Nếu bạn gửi sau giờ đó, nội dung đã
      nhập được giữ lại {FORM_DRAFT_MINUTES} phút để khôi phục sau khi đăng nhập lại (tệp đính kèm của nội dung mới cũng được giữ; tệp chọn
      ở biểu mẫu khác thì phải chọn lại).
    </p>
  );
}
