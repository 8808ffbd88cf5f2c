import { consultationDeadlines, DEFAULT_DEMOCRACY_RULES, OVERDUE_LABEL, type DemocracyRules } from '../../schema/unit/democracy-rules.ts';
import {
  CONSULTATION_CHANNELS,
  CONSULTATION_STATUSES,
  CONSULTATION_SUBJECTS,
  consultationPhase,
  OPINION_STATUSES,
  PHASE_LABELS,
  SUMMARY_STATUSES,
  THEME_OUTCOMES,
  type Consultation,
  type Opinion,
} from '../../schema/consultation/consultation.ts';
import { formatDate, formatDateTime, todayInVietnam } from '../../schema/core/dates.ts';
import { consultationPath, draftDocumentPath } from '../../schema/publishing/paths.ts';
import type { OpinionSender, OpinionTally } from '../../schema/consultation/consultations.db.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';
import {
  Checkbox,
  Checkboxes,
  DateField,
  ErrorSummary,
  FileField,
  Form,
  Hidden,
  optionsOf,
  Radios,
  Select,
  Textarea,
  TextField,
} from './fields.tsx';
import { formatSize, MAX_ATTACHMENT_SIZE } from '../../schema/disclosure/attachment.ts';
import type { Values } from './form.ts';
import { FormGuard } from './form-once.tsx';
import { keptForm, KeptFormNotice, keptValues } from './kept-form.tsx';
import { useRequestContext } from 'hono/jsx-renderer';
import type { AppEnv } from '../env.ts';

/** The pages of the consultations admin, under /admin/lay-y-kien. */

/** Rows of the result form: enough for a commune's groups of opinions; blank rows are ignored. */
export const THEME_ROWS = 6;

const dateText = (d: string | null) => (d ? formatDate(d) : '—');

export function ConsultationListPage(props: {
  items: Consultation[];
  tallies: Map<number, OpinionTally>;
  saved: boolean;
  /** The consultations with a change waiting for a second approver (four eyes). */
  changes?: Set<number>;
  /** The unit's thresholds: the result's due day and the minimum period. */
  rules?: DemocracyRules;
}) {
  const today = todayInVietnam();
  const rules = props.rules ?? DEFAULT_DEMOCRACY_RULES;
  return (
    <>
      <h1>Lấy ý kiến Nhân dân</h1>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      <p>
        <a class="button" href="/admin/lay-y-kien/moi">
          Thêm nội dung lấy ý kiến
        </a>
      </p>
      {props.items.length === 0 && <p>Chưa có nội dung nào.</p>}
      {props.items.map((c) => {
        const pending = props.tallies.get(c.id)?.pending ?? 0;
        return (
          <div class="list-item">
            <a href={`/admin/lay-y-kien/${c.id}`}>
              <strong>{c.title}</strong>
            </a>
            <br />
            <span class={`status status-${c.status}`}>{CONSULTATION_STATUSES[c.status]}</span>{' '}
            {PHASE_LABELS[consultationPhase(c, today)]} · {dateText(c.opensOn)} – {dateText(c.closesOn)}
            {consultationDeadlines(c, rules, today).overdue && <> · <strong class="overdue">{OVERDUE_LABEL}</strong></>}
            {pending > 0 && <strong> · {pending} ý kiến chờ duyệt</strong>}
            {props.changes?.has(c.id) && <span class="status status-pending">Có thay đổi chờ duyệt</span>}
          </div>
        );
      })}
    </>
  );
}

function DraftDocumentField(props: { label: string }) {
  return (
    <FileField
      name="file"
      label={props.label}
      hint={`PDF, ảnh, Word hoặc Excel, tối đa ${MAX_ATTACHMENT_SIZE}.`}
      accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx"
    />
  );
}

/** The record's fields, shared by the new and the edit page. */
function ConsultationFields() {
  return (
    <>
      <TextField
        name="title"
        label="Tên nội dung lấy ý kiến"
        hint="Ví dụ: Lấy ý kiến dự thảo kế hoạch phát triển kinh tế - xã hội năm 2025"
      />
      <Select
        name="subject"
        label="Nội dung theo Điều 25 Luật Thực hiện dân chủ ở cơ sở"
        options={optionsOf(CONSULTATION_SUBJECTS)}
        placeholder="Chọn nội dung"
      />
      <Textarea name="summary" label="Tóm tắt" hint="Điều gì được lấy ý kiến, ai ban hành, ảnh hưởng đến ai." rows={6} />
      <DateField name="opensOn" label="Ngày bắt đầu lấy ý kiến" hint="Để trống nếu không rõ." />
      <DateField name="closesOn" label="Ngày kết thúc lấy ý kiến" hint="Người dân gửi ý kiến trên cổng đến hết ngày này." />
      <TextField
        name="periodLabel"
        label="Thời kỳ, khi không rõ ngày"
        hint="Ví dụ: 6 tháng đầu năm 2024. Báo cáo tính vào kỳ này; để trống cả ngày và thời kỳ thì báo cáo ghi “chưa xác định thời gian”."
      />
      <Checkboxes
        name="channels"
        label="Hình thức lấy ý kiến"
        hint='Chọn "Cổng thông tin điện tử" để trang có mẫu gửi ý kiến.'
        options={optionsOf(CONSULTATION_CHANNELS)}
      />
      <Checkbox name="illustration" label="Đây là ví dụ minh họa (trang ghi rõ như vậy)" />
    </>
  );
}

export function NewConsultationPage(props: { values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Thêm nội dung lấy ý kiến</h1>
      <Form action="/admin/lay-y-kien/moi" values={props.values} errors={props.errors} multipart>
        <ConsultationFields />
        <DraftDocumentField label="Tệp dự thảo đưa ra lấy ý kiến (nếu có)" />
        <button type="submit" name="action" value="draft" class="secondary">
          Lưu nháp
        </button>
        <button type="submit" name="action" value="publish">
          Lưu và công khai
        </button>
      </Form>
    </>
  );
}

/** The stored record as form text. */
export function consultationValues(c: Consultation): Values {
  return {
    title: c.title,
    subject: c.subject,
    summary: c.summary,
    opensOn: c.opensOn ?? '',
    closesOn: c.closesOn ?? '',
    periodLabel: c.periodLabel,
    channels: c.channels,
    illustration: c.illustration ? 'on' : '',
    version: String(c.version),
  };
}

/** Editing; a published record needs a reason, which its public page lists. */
export function EditConsultationPage(props: { consultation: Consultation; values: Values; errors: FieldError[] }) {
  const c = props.consultation;
  return (
    <>
      <p>
        <a href={`/admin/lay-y-kien/${c.id}`}>← {c.title}</a>
      </p>
      <h1>Sửa nội dung lấy ý kiến</h1>
      <Form action={`/admin/lay-y-kien/${c.id}/sua`} values={props.values} errors={props.errors}>
        <Hidden name="version" />
        <ConsultationFields />
        {c.status === 'published' && (
          <TextField name="changeNote" label="Lý do sửa đổi" hint="Hiện trên trang công khai, để người dân biết điều gì đã thay đổi." />
        )}
        <button type="submit">Lưu</button>
      </Form>
    </>
  );
}

/** Opinions per page of the moderation queue: a flood keeps the page small (issue 22.9). */
export const OPINIONS_PER_PAGE = 50;

export interface DetailProps {
  consultation: Consultation;
  /** The unit's thresholds: the result's due day and the minimum period (the law's defaults when not given). */
  rules?: DemocracyRules;
  /** One page of opinions, pending first. */
  opinions: Opinion[];
  /** All opinions and all pending ones, and which page (from 1) this is. */
  totals: { all: number; pending: number; page: number };
  /** The busiest senders waiting, for the bulk hide. */
  senders: OpinionSender[];
  /** Whether the official may moderate: only then are senders' contacts shown (Nghị định 13/2023). */
  mayModerate: boolean;
  /** The bulk hide refused, with what was typed and why, or how many it just hid. */
  bulk?: { values: Values; errors: FieldError[] };
  bulkHidden?: number;
  /** The opinion whose moderation was refused, with what was typed and why. */
  moderation?: { id: number; values: Values; errors: FieldError[] };
  counts?: { values: Values; errors: FieldError[] };
  summary?: { values: Values; errors: FieldError[] };
  upload?: { errors: FieldError[]; values?: Values };
  saved: boolean;
  /** The change just saved waits for a second approver (four eyes): the message says so. */
  awaiting?: boolean;
  /** The consultation was just published (after its confirmation). */
  published?: boolean;
  /** The change waiting for a second approver, rendered (functions/admin/pending-revision.tsx). */
  pendingChange?: unknown;
}

/** The stored result as form text: one row per theme, then blank rows. */
function summaryValues(c: Consultation): Values {
  const values: Values = { version: String(c.version), resultNote: c.resultNote, finalDocumentNumber: c.finalDocumentNumber };
  c.themes.forEach((t, i) => {
    values[`theme${i + 1}`] = t.theme;
    values[`opinions${i + 1}`] = t.opinions === null ? '' : String(t.opinions);
    values[`outcome${i + 1}`] = t.outcome;
    values[`response${i + 1}`] = t.response;
  });
  return values;
}

function countValues(c: Consultation): Values {
  const values: Values = { version: String(c.version) };
  for (const [channel, n] of Object.entries(c.offlineCounts)) values[channel] = n === null ? '' : String(n);
  return values;
}

/**
 * The moderation form's and the bulk hide's fields and buttons as an official reads them: the
 * forms below and the resend page of a kept form (functions/admin/resend-page.tsx) say the same.
 */
export const MODERATION_LABELS = {
  publishedBody: 'Nội dung đăng công khai',
  showName: 'Đăng kèm họ tên và thôn, tổ người gửi đã ghi',
  hideReason: 'Lý do không đăng',
  decision: 'Nút đã bấm',
} as const;
export const DECISIONS = { publish: 'Đăng ý kiến', hide: 'Không đăng' } as const;
export const BULK_HIDE_LABELS = {
  addressHash: 'Người gửi',
  from: 'Gửi từ lúc',
  to: 'Đến trước lúc',
  hideReason: 'Lý do không đăng',
} as const;
/** A sender as the bulk hide names one: the start of its address hash, never the address. */
export const senderLabel = (addressHash: string) => `Người gửi mã ${addressHash.slice(0, 8)}`;

function ModerationForm(props: { opinion: Opinion; values: Values; errors: FieldError[] }) {
  const o = props.opinion;
  const action = `/admin/lay-y-kien/y-kien/${o.id}`;
  // A moderation sent after the session ended comes back into this card, as typed (issue 22.3).
  const kept = keptForm(useRequestContext<AppEnv>(), action);
  const values = kept ? keptValues(kept) : props.values;
  const pressed = kept ? DECISIONS[String(kept.fields.decision) as keyof typeof DECISIONS] : undefined;
  const id = (name: string) => `${name}-${o.id}`;
  const error = (name: string) => props.errors.find((e) => e.field === name)?.message;
  const value = (name: string, fallback: string) => {
    const v = values[name];
    return typeof v === 'string' ? v : fallback;
  };
  const bodyError = error('publishedBody');
  const reasonError = error('hideReason') ?? error('decision');
  return (
    <form method="post" action={action} novalidate>
      <KeptFormNotice draft={kept} />
      {pressed && <p class="hint">Lần trước bạn đã bấm “{pressed}”.</p>}
      <FormGuard />
      <div class={bodyError ? 'field field-error' : 'field'}>
        <label for={id('publishedBody')}>{MODERATION_LABELS.publishedBody}</label>
        <p class="hint" id={id('publishedBody-hint')}>
          Bỏ số điện thoại, địa chỉ nhà, tên người khác và mọi thông tin riêng trước khi đăng.
        </p>
        {bodyError && (
          <p class="error-message" id={id('publishedBody-error')}>
            <span class="skip">Lỗi: </span>
            {bodyError}
          </p>
        )}
        <textarea
          id={id('publishedBody')}
          name="publishedBody"
          rows={4}
          aria-describedby={[id('publishedBody-hint'), bodyError ? id('publishedBody-error') : ''].filter(Boolean).join(' ')}
          aria-invalid={bodyError ? 'true' : undefined}
        >
          {value('publishedBody', o.body)}
        </textarea>
      </div>
      <div class="check">
        <input type="checkbox" id={id('showName')} name="showName" value="on" checked={value('showName', '') !== ''} />
        <label for={id('showName')}>{MODERATION_LABELS.showName}</label>
      </div>
      <button type="submit" name="decision" value="publish">
        {DECISIONS.publish}
      </button>
      <div class={reasonError ? 'field field-error' : 'field'}>
        <label for={id('hideReason')}>{MODERATION_LABELS.hideReason}</label>
        {reasonError && (
          <p class="error-message" id={id('hideReason-error')}>
            <span class="skip">Lỗi: </span>
            {reasonError}
          </p>
        )}
        <input
          type="text"
          id={id('hideReason')}
          name="hideReason"
          value={value('hideReason', '')}
          aria-describedby={reasonError ? id('hideReason-error') : undefined}
          aria-invalid={reasonError ? 'true' : undefined}
        />
      </div>
      <button type="submit" name="decision" value="hide" class="danger">
        {DECISIONS.hide}
      </button>
    </form>
  );
}

/** Hiding many pending opinions at once: one sender's, or those sent within a time range. */
function BulkHideForm(props: { consultationId: number; senders: OpinionSender[]; state: DetailProps['bulk'] }) {
  const action = `/admin/lay-y-kien/${props.consultationId}/an-hang-loat`;
  const options = props.senders.map((s) => ({
    value: s.addressHash,
    label: `${senderLabel(s.addressHash)}: ${s.pending} ý kiến chờ duyệt, ${formatDateTime(s.first)} – ${formatDateTime(s.last)}`,
  }));
  // A kept bulk hide (issue 22.3) whose sender is no longer listed keeps that sender chosen:
  // dropping it would turn the form into "every sender".
  const kept = keptForm(useRequestContext<AppEnv>(), action);
  const keptHash = kept?.fields.addressHash;
  if (typeof keptHash === 'string' && keptHash && !options.some((o) => o.value === keptHash))
    options.push({ value: keptHash, label: `${senderLabel(keptHash)} (đã chọn trước khi hết phiên)` });
  return (
    <details open={props.state !== undefined || kept !== null}>
      <summary>Ẩn nhiều ý kiến cùng lúc (khi bị gửi tràn ngập)</summary>
      <Form
        action={action}
        values={props.state?.values ?? {}}
        errors={props.state?.errors ?? []}
      >
        {options.length > 0 ? (
          <Select
            name="addressHash"
            label={BULK_HIDE_LABELS.addressHash}
            hint={
              'Mỗi mã là một địa chỉ mạng (địa chỉ IPv6 tính theo cả dải /64 của một nhà; đã mã hóa, không lộ địa chỉ). ' +
              'Chỉ liệt kê người gửi có từ 2 ý kiến chờ duyệt.'
            }
            options={options}
            placeholder="Mọi người gửi"
          />
        ) : (
          <p>Không có người gửi nào có từ 2 ý kiến chờ duyệt; có thể ẩn theo khoảng thời gian.</p>
        )}
        <TextField
          name="from"
          label={BULK_HIDE_LABELS.from}
          hint="Ngày/tháng/năm giờ:phút, ví dụ 07/12/2026 08:30. Để trống nếu không giới hạn."
        />
        <TextField name="to" label={BULK_HIDE_LABELS.to} hint="Ví dụ 07/12/2026 09:00. Để trống nếu không giới hạn." />
        <TextField name="hideReason" label={BULK_HIDE_LABELS.hideReason} hint="Ví dụ: gửi tự động, lặp lại nội dung." />
        <button type="submit" class="danger">
          Ẩn các ý kiến chờ duyệt này
        </button>
      </Form>
    </details>
  );
}

function OpinionBlock(props: { opinion: Opinion; mayModerate: boolean; moderation?: DetailProps['moderation'] }) {
  const o = props.opinion;
  const m = props.moderation?.id === o.id ? props.moderation : undefined;
  return (
    <div class="list-item" id={`y-kien-${o.id}`}>
      <p>
        <strong>{o.receipt}</strong> · <time datetime={o.createdAt}>{formatDateTime(o.createdAt)}</time> ·{' '}
        <span class="status">{OPINION_STATUSES[o.status]}</span>
      </p>
      <p style="white-space:pre-wrap">{o.body}</p>
      <p class="hint">
        Người gửi: {o.authorName || '—'} · Thôn, tổ: {o.authorPlace || '—'}
        {/* Personal data (Nghị định 13/2023): the contact is for those who moderate, not for every official. */}
        {props.mayModerate && <> · Liên hệ (không công khai): {o.contact || '—'}</>}
      </p>
      {o.status === 'published' && <p>Đã đăng: {o.publishedBody}</p>}
      {o.status === 'hidden' && <p>Không đăng. Lý do: {o.hideReason}</p>}
      {o.status === 'pending' && props.mayModerate && <ModerationForm opinion={o} values={m?.values ?? {}} errors={m?.errors ?? []} />}
    </div>
  );
}

export function ConsultationDetailPage(props: DetailProps) {
  const c = props.consultation;
  const today = todayInVietnam();
  const phase = consultationPhase(c, today);
  const deadlines = consultationDeadlines(c, props.rules ?? DEFAULT_DEMOCRACY_RULES, today);
  const pending = props.opinions.filter((o) => o.status === 'pending');
  const decided = props.opinions.filter((o) => o.status !== 'pending');
  const { all, page } = props.totals;
  const pages = Math.max(1, Math.ceil(all / OPINIONS_PER_PAGE));
  const offline = c.channels.filter((ch) => ch !== 'portal');
  const summary = props.summary ?? { values: summaryValues(c), errors: [] };
  const counts = props.counts ?? { values: countValues(c), errors: [] };
  return (
    <>
      <p>
        <a href="/admin/lay-y-kien/">← Tất cả nội dung lấy ý kiến</a>
      </p>
      <h1>{c.title}</h1>
      {props.awaiting ? (
        <p class="notice" role="status">
          Đã lưu thay đổi. Chờ người duyệt thứ hai: đơn vị yêu cầu hai người, trang công khai chỉ đổi khi một người duyệt khác duyệt.
        </p>
      ) : props.published ? (
        <p class="notice" role="status">
          Đã công khai. {PUBLISH_NOTE}
        </p>
      ) : (
        props.saved && (
          <p class="notice" role="status">
            Đã lưu. {PUBLISH_NOTE}
          </p>
        )
      )}
      {props.pendingChange}
      {props.moderation && (
        <ErrorSummary errors={props.moderation.errors.map((e) => ({ ...e, field: `${e.field}-${props.moderation!.id}` }))} />
      )}
      <p>
        <span class={`status status-${c.status}`}>{CONSULTATION_STATUSES[c.status]}</span> {PHASE_LABELS[phase]} ·{' '}
        {dateText(c.opensOn)} – {dateText(c.closesOn)} · {CONSULTATION_SUBJECTS[c.subject]}
      </p>
      {c.status === 'withdrawn' && (
        <p class="warning">
          Đã thu hồi lúc {formatDateTime(c.withdrawnAt!)}. Lý do: {c.withdrawalReason}
        </p>
      )}
      {deadlines.dueOn && c.status !== 'withdrawn' && c.summaryStatus !== 'published' && (
        <p class={deadlines.overdue ? 'warning' : undefined} data-due>
          Hạn công bố kết quả tiếp thu, giải trình: {formatDate(deadlines.dueOn)}
          {deadlines.overdue && <> — <strong>{OVERDUE_LABEL}</strong></>}
        </p>
      )}
      {deadlines.shortNote && <p class="warning">{deadlines.shortNote}</p>}
      <p>
        <a href={`/admin/lay-y-kien/${c.id}/sua`}>Sửa nội dung lấy ý kiến</a>
      </p>
      {c.status !== 'draft' ? (
        <p>
          <a href={consultationPath(c)}>Xem trang công khai</a>
          {c.status === 'published' && (
            <>
              {' · '}
              <a href={`/admin/lay-y-kien/${c.id}/thu-hoi`}>Thu hồi nội dung này</a>
            </>
          )}
        </p>
      ) : (
        <form method="post" action={`/admin/lay-y-kien/${c.id}/cong-khai`}>
          <FormGuard />
          <input type="hidden" name="version" value={String(c.version)} />
          <button type="submit">Công khai</button>
        </form>
      )}
      <h2>Dự thảo đưa ra lấy ý kiến</h2>
      {c.draftDocument && (
        <p>
          <a href={draftDocumentPath(c)!}>{c.draftDocument.fileName}</a> ({formatSize(c.draftDocument.sizeBytes)})
        </p>
      )}
      <Form
        action={`/admin/lay-y-kien/${c.id}/tep`}
        values={{ ...props.upload?.values, version: String(c.version) }}
        errors={props.upload?.errors ?? []}
        multipart
      >
        <Hidden name="version" />
        <DraftDocumentField label={c.draftDocument ? 'Thay tệp dự thảo' : 'Tệp dự thảo'} />
        {c.status === 'published' && (
          <TextField
            name="changeNote"
            label="Lý do thêm hoặc thay tệp (công khai)"
            hint="Hiện trên trang công khai, trong lịch sử sửa đổi, để người dân biết dự thảo đã đổi."
          />
        )}
        <button type="submit">Tải lên</button>
      </Form>
      <h2 id="y-kien">Ý kiến chờ duyệt ({props.totals.pending})</h2>
      {props.bulkHidden !== undefined && (
        <p class="notice" role="status">
          Đã ẩn {props.bulkHidden} ý kiến. Ý kiến đã ẩn không còn tính vào giới hạn của nội dung lấy ý kiến này.
        </p>
      )}
      {props.mayModerate && props.totals.pending > 0 && <BulkHideForm consultationId={c.id} senders={props.senders} state={props.bulk} />}
      {props.totals.pending === 0 && <p>Không có ý kiến nào chờ duyệt.</p>}
      {pending.map((o) => (
        <OpinionBlock opinion={o} mayModerate={props.mayModerate} moderation={props.moderation} />
      ))}
      {offline.length > 0 && (
        <>
          <h2>Ý kiến nhận ngoài cổng</h2>
          <Form action={`/admin/lay-y-kien/${c.id}/so-lieu`} values={counts.values} errors={counts.errors}>
            <Hidden name="version" />
            {offline.map((ch) => (
              <TextField
                name={ch}
                label={`Số ý kiến qua "${CONSULTATION_CHANNELS[ch]}"`}
                hint="Để trống nếu chưa rõ."
                inputmode="numeric"
              />
            ))}
            <button type="submit">Lưu số liệu</button>
          </Form>
        </>
      )}
      <h2>Kết quả tiếp thu, giải trình ({SUMMARY_STATUSES[c.summaryStatus]})</h2>
      {phase === 'open' || phase === 'upcoming' ? (
        <>
          {props.summary && <ErrorSummary errors={props.summary.errors} />}
          <p>Kết quả được nhập sau ngày kết thúc lấy ý kiến.</p>
        </>
      ) : (
        <Form action={`/admin/lay-y-kien/${c.id}/ket-qua`} values={summary.values} errors={summary.errors}>
          <Hidden name="version" />
          {Array.from({ length: THEME_ROWS }, (_, i) => (
            <fieldset>
              <legend>Nhóm ý kiến {i + 1}</legend>
              <TextField name={`theme${i + 1}`} label="Nội dung nhóm ý kiến" />
              <TextField name={`opinions${i + 1}`} label="Số ý kiến" hint="Để trống nếu không rõ." inputmode="numeric" />
              <Radios name={`outcome${i + 1}`} label="Cách xử lý" options={optionsOf(THEME_OUTCOMES)} />
              <Textarea name={`response${i + 1}`} label="Nội dung tiếp thu hoặc giải trình" rows={3} />
            </fieldset>
          ))}
          <Textarea name="resultNote" label="Kết quả chung" rows={3} />
          <TextField
            name="finalDocumentNumber"
            label="Số, ký hiệu văn bản cuối cùng"
            hint="Văn bản đã tiếp thu ý kiến, ví dụ 35/QĐ-UBND."
          />
          {c.summaryStatus === 'published' && <TextField name="changeNote" label="Lý do sửa đổi (công khai)" />}
          <button type="submit" name="action" value="publish">
            Công bố kết quả
          </button>
          {c.summaryStatus !== 'published' && (
            <button type="submit" name="action" value="draft" class="secondary">
              Lưu nháp
            </button>
          )}
        </Form>
      )}
      <h2>Ý kiến đã xử lý ({all - props.totals.pending})</h2>
      {decided.map((o) => (
        <OpinionBlock opinion={o} mayModerate={props.mayModerate} />
      ))}
      {pages > 1 && (
        <nav aria-label="Trang ý kiến">
          <p>
            Trang {page}/{pages} ({OPINIONS_PER_PAGE} ý kiến một trang, ý kiến chờ duyệt trước).{' '}
            {page > 1 && <a href={`/admin/lay-y-kien/${c.id}?trang=${page - 1}#y-kien`}>← Trang trước</a>}{' '}
            {page < pages && <a href={`/admin/lay-y-kien/${c.id}?trang=${page + 1}#y-kien`}>Trang sau →</a>}
          </p>
        </nav>
      )}
    </>
  );
}
