import type { Category } from '../../schema/disclosure/category.ts';
import { formatDateTime } from '../../schema/core/dates.ts';
import type { FormDraft } from '../../schema/core/form-drafts.db.ts';
import { BULK_HIDE_LABELS, DECISIONS, MODERATION_LABELS, senderLabel } from './consultation-pages.tsx';
import { FILES_NOT_KEPT } from './kept-form.tsx';
import { PUBLISH_CONFIRM_LABEL } from './report-pages.tsx';

/**
 * The last resort for a kept form (functions/admin/kept-form.tsx): its page no longer shows it
 * (the opinion was moderated meanwhile, the queue emptied) or it came from a page too old to
 * name itself. What was typed is listed under the labels its form shows, every code as the
 * form says it — never "hide", "on" or a hash (issue 22.3) — and one button sends it again.
 */

/** How one kept field reads: its label, and its value as the form shows it. */
interface KeptField {
  label: string;
  show?: (value: string) => string;
}

/** A code's label; a code its form does not offer is said to be unknown, not shown raw. */
const labelOf = (labels: Record<string, string>) => (value: string) => labels[value] ?? '(giá trị không có trong biểu mẫu)';
const TICKED = { on: 'Có' };

/**
 * Every field of the forms whose page does not fill them back itself, or may not show them any
 * more. tests/api/kept-forms.test.ts reads every hand-built form's fields from the source and
 * fails on one missing here.
 */
function keptFields(categories: Category[]): Record<string, KeptField> {
  return {
    publishedBody: { label: MODERATION_LABELS.publishedBody },
    showName: { label: MODERATION_LABELS.showName, show: labelOf(TICKED) },
    hideReason: { label: MODERATION_LABELS.hideReason },
    decision: { label: MODERATION_LABELS.decision, show: labelOf(DECISIONS) },
    addressHash: { label: BULK_HIDE_LABELS.addressHash, show: senderLabel },
    from: { label: BULK_HIDE_LABELS.from },
    to: { label: BULK_HIDE_LABELS.to },
    category: { label: 'Nội dung công khai', show: labelOf(Object.fromEntries(categories.map((c) => [c.slug, c.label]))) },
    confirm: { label: PUBLISH_CONFIRM_LABEL, show: labelOf(TICKED) },
  };
}

/** Fields only the software reads (the record's version, which button): sent again, not listed. */
const UNLISTED = new Set(['version', 'action']);
/** What a field no form above names is listed under: what the official typed, as typed. */
const OTHER = 'Nội dung khác đã nhập';

export function ResendPage(props: { draft: FormDraft; categories: Category[] }) {
  const { draft } = props;
  const fields = keptFields(props.categories);
  const entries = Object.entries(draft.fields).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));
  const listed = entries.filter((e) => e.value.trim() && !UNLISTED.has(e.name) && !e.name.startsWith('_'));
  return (
    <>
      <h1>Gửi lại biểu mẫu</h1>
      <p class="notice" role="status">
        Phiên đăng nhập đã hết khi bạn gửi biểu mẫu lúc {formatDateTime(draft.createdAt)}. Những gì bạn đã nhập được giữ lại
        đến {formatDateTime(draft.expiresAt)}. {draft.droppedFiles ? FILES_NOT_KEPT : ''}
      </p>
      <dl>
        {listed.map((e) => {
          const field = fields[e.name];
          return (
            <>
              <dt>{field?.label ?? OTHER}</dt>
              <dd style="white-space:pre-wrap">{field?.show ? field.show(e.value) : e.value}</dd>
            </>
          );
        })}
      </dl>
      <form method="post" action={draft.path}>
        {entries.map((e) => (
          <input type="hidden" name={e.name} value={e.value} />
        ))}
        <button type="submit">Gửi lại</button> <a href="/admin/">Bỏ qua</a>
      </form>
    </>
  );
}
