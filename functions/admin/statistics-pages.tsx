import { periodKey, periodLabel } from '../../schema/period.ts';
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

export function PetitionPage(props: { values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Tiếp công dân, đơn thư</h1>
      <PetitionForm {...props} />
    </>
  );
}
