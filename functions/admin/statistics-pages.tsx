import { formatDate, type IsoDate } from '../../schema/core/dates.ts';
import { periodKey, periodLabel, type Period } from '../../schema/statistics/period.ts';
import type { PetitionStats } from '../../schema/statistics/petition-stats.ts';
import type { ProcedureReport } from '../../schema/statistics/procedure-stats.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';
import type { Values } from './form.ts';
import { MIN_REPLACE_REASON_LENGTH, REPLACE_REASON_LABEL } from '../../schema/statistics/statistics-history.ts';
import { Form, Textarea } from './fields.tsx';
import { PetitionForm, ProcedureForm, UploadForm, type ProcedureFormProps } from './statistics-forms.tsx';

/** The pages of the statistics admin, under /admin/thong-ke. */

export function StatisticsPage(props: { reports: ProcedureReport[]; petitions: PetitionStats[]; saved: boolean }) {
  return (
    <>
      <h1>Thống kê</h1>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      <h2>Kết quả giải quyết thủ tục hành chính</h2>
      <p>
        <a class="button" href="/admin/thong-ke/thu-tuc">
          Nhập bảng số liệu mới
        </a>
      </p>
      <p>
        <a href="/admin/thong-ke/thu-tuc/nhap-tep">Nhập từ tệp Excel hoặc CSV</a>
      </p>
      <ul>
        {props.reports.map((r) => (
          <li>
            <a href={`/admin/thong-ke/thu-tuc?ky=${periodKey(r.period)}`}>{periodLabel(r.period)}</a> ({r.rows.length} lĩnh
            vực)
          </li>
        ))}
      </ul>
      <h2>Tiếp công dân, đơn thư</h2>
      <p>
        <a class="button" href="/admin/thong-ke/don-thu">
          Nhập số liệu đơn thư
        </a>
      </p>
      <ul>
        {props.petitions.map((p) => (
          <li>
            <a href={`/admin/thong-ke/don-thu?ky=${periodKey(p.period)}`}>{periodLabel(p.period)}</a>: {p.received} đơn
          </li>
        ))}
      </ul>
    </>
  );
}

export function ProcedurePage(props: ProcedureFormProps) {
  return (
    <>
      <h1>Kết quả giải quyết thủ tục hành chính</h1>
      <ProcedureForm {...props} />
    </>
  );
}

/**
 * Before a period's published figures are replaced: what changes, the reason citizens will read,
 * and one button that confirms it. Every figure goes back as a hidden field, so a refused reason
 * brings this page back with nothing lost and nothing replaced.
 */
export function ConfirmReplacePage(props: {
  period: Period;
  changes: string[];
  values: Values;
  errors?: FieldError[];
  action: string;
  what: string;
  button: string;
  backLabel: string;
}) {
  const back = `${props.action}?ky=${periodKey(props.period)}`;
  return (
    <>
      <h1>
        Thay {props.what} {periodLabel(props.period)}?
      </h1>
      <div class="warning">
        <p>
          Kỳ {periodLabel(props.period)} đã có {props.what} trên trang công khai. Lưu số liệu mới sẽ thay số liệu cũ, với{' '}
          {props.changes.length} thay đổi:
        </p>
      </div>
      <ul class="changes">
        {props.changes.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <Form action={props.action} values={props.values} errors={props.errors ?? []}>
        <HiddenValues values={props.values} except={['reason', 'thay-the']} />
        <input type="hidden" name="thay-the" value="1" />
        <Textarea
          name="reason"
          label={REPLACE_REASON_LABEL}
          hint={
            'Người dân đọc lý do này bên cạnh số liệu mới ("Đã cập nhật ngày …: lý do"); số liệu cũ vẫn xem được. ' +
            `Ít nhất ${MIN_REPLACE_REASON_LENGTH} ký tự.`
          }
          rows={3}
        />
        <button type="submit" class="danger">
          {props.button}
        </button>{' '}
        <a href={back}>{props.backLabel}</a>
      </Form>
    </>
  );
}

export function PetitionPage(props: { values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Tiếp công dân, đơn thư</h1>
      <PetitionForm {...props} />
    </>
  );
}

/** Everything a form sent, sent again by a confirmation's button (so nothing typed is lost). */
function HiddenValues(props: { values: Values; except: string[] }) {
  const hidden = Object.entries(props.values)
    .filter(([name]) => !['them-dong', ...props.except].includes(name))
    .flatMap(([name, v]) => (Array.isArray(v) ? v : [v ?? '']).map((value) => ({ name, value })));
  return (
    <>
      {hidden.map((h) => (
        <input type="hidden" name={h.name} value={h.value} />
      ))}
    </>
  );
}

/** The name of the confirmation that figures of a period not yet over are saved on purpose. */
export const UNFINISHED_CONFIRMED = 'ky-chua-het';
/** The name of the button that goes back to the form, nothing saved. */
export const BACK_TO_FORM = 'sua-lai';

/**
 * Figures for a period that has not ended (its last day is after today in Vietnam) are only
 * provisional: saved only after this warning, with one button that says so.
 */
export function ConfirmUnfinishedPage(props: { period: Period; end: IsoDate; values: Values; action: string; what: string }) {
  return (
    <>
      <h1>{periodLabel(props.period)} chưa kết thúc</h1>
      <div class="warning" role="alert">
        <p>
          Kỳ {periodLabel(props.period)} đến hết ngày <time datetime={props.end}>{formatDate(props.end)}</time> mới kết thúc.{' '}
          {props.what} lưu bây giờ chỉ là số liệu tạm và sẽ hiện ngay trên trang công khai; khi hết kỳ cần nhập lại số liệu đủ kỳ
          (kèm lý do thay).
        </p>
        <p>Hãy kiểm tra lại loại kỳ, năm và kỳ số nếu bạn định nhập số liệu của một kỳ đã qua.</p>
      </div>
      <form method="post" action={props.action} novalidate>
        <HiddenValues values={props.values} except={[UNFINISHED_CONFIRMED, BACK_TO_FORM]} />
        {/* "Sửa lại" brings the form back with everything in it, nothing saved. */}
        <button type="submit" name={BACK_TO_FORM} value="1">
          Sửa lại kỳ báo cáo
        </button>{' '}
        <button type="submit" name={UNFINISHED_CONFIRMED} value="1" class="secondary">
          Vẫn lưu số liệu tạm
        </button>
      </form>
    </>
  );
}

export function UploadPage(props: { values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Nhập kết quả giải quyết thủ tục từ tệp</h1>
      <UploadForm {...props} />
    </>
  );
}
