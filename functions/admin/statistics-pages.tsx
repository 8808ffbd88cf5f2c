import { periodKey, periodLabel, type Period } from '../../schema/period.ts';
import type { PetitionStats } from '../../schema/petition-stats.ts';
import type { ProcedureReport } from '../../schema/procedure-stats.ts';
import type { FieldError } from '../../schema/validation.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';
import type { Values } from './form.ts';
import { PetitionForm, ProcedureForm, type ProcedureFormProps } from './statistics-forms.tsx';

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

/** Before a period's table is replaced: what changes, and one button that confirms it. */
export function ConfirmReplacePage(props: { period: Period; changes: string[]; values: Values }) {
  const hidden = Object.entries(props.values).flatMap(([name, v]) => (Array.isArray(v) ? v : [v ?? '']).map((value) => ({ name, value })));
  return (
    <>
      <h1>Thay bảng số liệu {periodLabel(props.period)}?</h1>
      <p class="warning">
        Kỳ {periodLabel(props.period)} đã có bảng số liệu trên trang công khai. Lưu bảng mới sẽ thay bảng cũ, với{' '}
        {props.changes.length} thay đổi:
      </p>
      <ul class="changes">
        {props.changes.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <form method="post" action="/admin/thong-ke/thu-tuc">
        {hidden
          .filter((h) => h.name !== 'them-dong')
          .map((h) => (
            <input type="hidden" name={h.name} value={h.value} />
          ))}
        <input type="hidden" name="thay-the" value="1" />
        <button type="submit" class="danger">
          Thay bảng cũ
        </button>{' '}
        <a href={`/admin/thong-ke/thu-tuc?ky=${periodKey(props.period)}`}>Không thay, xem bảng đang có</a>
      </form>
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
