import { formatDate } from '../../schema/core/dates.ts';
import {
  RECIPIENT_TO_FILL,
  formatCount,
  formatRate,
  REPORT_PERIOD_KINDS,
  REPORT_STATUSES,
  REPORT_SECTION_KEYS,
  REPORT_SECTIONS,
  reportName,
  reportPeriodLabel,
  reportTitle,
  type Figure,
  type ReportDraft,
  type ReportFigures,
} from '../../schema/report/democracy-report.ts';
import type { Category } from '../../schema/disclosure/category.ts';
import { SIGN_PREFIXES } from '../../schema/unit/unit.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { Form, optionsOf, Select, Textarea, TextField } from './fields.tsx';
import type { Values } from './form.ts';
import { FormGuard } from './form-once.tsx';
import { keptForm, KeptFormNotice } from './kept-form.tsx';
import { useRequestContext } from 'hono/jsx-renderer';
import type { AppEnv } from '../env.ts';

/**
 * The admin of the periodic report on grassroots democracy (/admin/bao-cao): the list with the
 * form that makes a draft, and one draft: its figures with their sources, the official's text,
 * the Word download and publishing.
 */


export function ReportListPage(props: { reports: ReportDraft[]; values: Values; errors: FieldError[] }) {
  return (
    <>
      <h1>Báo cáo thực hiện dân chủ ở cơ sở</h1>
      <p>
        Cổng tự tổng hợp số liệu của kỳ báo cáo (nội dung đã công khai, kết quả giải quyết thủ tục hành chính, lịch tiếp công
        dân, đơn thư) theo bố cục báo cáo 6 tháng, năm; cán bộ viết phần nhận định, tải bản Word để trình ký, rồi công khai.
      </p>
      {props.reports.length > 0 && (
        <ul>
          {props.reports.map((r) => (
            <li class="list-item">
              <a href={`/admin/bao-cao/${r.id}`}>{reportTitle(r.period)}</a>{' '}
              <span class={`status status-${r.status}`}>{REPORT_STATUSES[r.status]}</span>
              {r.documentNumber && <> — số {r.documentNumber}</>}
            </li>
          ))}
        </ul>
      )}
      <h2>Lập báo cáo</h2>
      <Form action="/admin/bao-cao/" values={props.values} errors={props.errors}>
        <Select name="kind" label="Kỳ báo cáo" placeholder="— Chọn —" options={optionsOf(REPORT_PERIOD_KINDS)} />
        <TextField name="year" label="Năm" inputmode="numeric" />
        <TextField
          name="number"
          label="Kỳ số"
          hint="Báo cáo 6 tháng: 1 là 6 tháng đầu năm, 2 là 6 tháng cuối năm. Báo cáo năm: 1."
          inputmode="numeric"
        />
        <TextField name="from" label="Số liệu từ ngày" hint="Dạng 01/01/2024. Để trống: ngày đầu kỳ." />
        <TextField
          name="to"
          label="Số liệu đến ngày"
          hint="Dạng 15/06/2024. Báo cáo 6 tháng thường chốt số liệu trước 30/6; để trống: ngày cuối kỳ."
        />
        <button type="submit">Lập báo cáo</button>
      </Form>
    </>
  );
}

function FigureRow(props: { figure: Figure }) {
  return (
    <tr>
      <th scope="row">{props.figure.label}</th>
      <td>{props.figure.value === null ? <span title="chưa có số liệu">—</span> : formatCount(props.figure.value)}</td>
      <td>
        <a href={props.figure.source.path}>{props.figure.source.label}</a>
      </td>
    </tr>
  );
}

/** Every figure of the draft, each with the public page it comes from. */
function FiguresView(props: { figures: ReportFigures }) {
  const f = props.figures;
  return (
    <section aria-labelledby="so-lieu">
      <h2 id="so-lieu">Số liệu tổng hợp từ cổng</h2>
      <p class="hint">
        Từ {formatDate(f.period.from)} đến {formatDate(f.period.to)}. "—" là cổng chưa có số liệu (không phải số 0).
      </p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Số liệu</th>
              <th scope="col">Giá trị</th>
              <th scope="col">Nguồn</th>
            </tr>
          </thead>
          <tbody>
            <FigureRow figure={f.disclosures.total} />
            {f.procedures.figures.map((x) => (
              <FigureRow figure={x} />
            ))}
            <tr>
              <th scope="row">Tỷ lệ giải quyết trước và đúng hạn</th>
              <td>{f.procedures.onTimeRate === null ? '—' : formatRate(f.procedures.onTimeRate)}</td>
              <td>
                <a href={f.procedures.source.path}>{f.procedures.source.label}</a>
              </td>
            </tr>
            {[...f.decisions.figures, ...f.consultations.figures, ...f.supervision.figures].map((x) => (
              <FigureRow figure={x} />
            ))}
            {f.reception.figures.map((x) => (
              <FigureRow figure={x} />
            ))}
            {f.petitions.figures.map((x) => (
              <FigureRow figure={x} />
            ))}
            {f.agency.figures.map((x) => (
              <FigureRow figure={x} />
            ))}
          </tbody>
        </table>
      </div>
      {f.reception.rules.length > 0 && <p>Lịch tiếp công dân định kỳ: {f.reception.rules.join('; ')}.</p>}
      {f.plans.length > 0 && (
        <>
          <h3>Kế hoạch còn hiệu lực trong kỳ</h3>
          <ul>
            {f.plans.map((d) => (
              <li>
                <a href={d.path}>
                  Kế hoạch số {d.documentNumber} ngày {formatDate(d.issuedOn)}
                </a>
                : {d.title}
              </li>
            ))}
          </ul>
        </>
      )}
      <Undated figures={f} />
      {f.disclosures.byCategory.length > 0 && (
        <>
          <h3>Nội dung đã công khai theo nội dung công khai</h3>
          <ul>
            {f.disclosures.byCategory.map((c) => (
              <li>
                {c.label}: {formatCount(c.count)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Records the report lists but does not count: nobody recorded when they happened (issue 21). */
function Undated(props: { figures: ReportFigures }) {
  const f = props.figures;
  const items = [...f.disclosures.undated, ...f.decisions.undated, ...f.consultations.undated, ...f.supervision.undated];
  if (items.length === 0) return null;
  return (
    <>
      <h3>Chưa xác định thời gian (không tính vào số liệu)</h3>
      <p class="hint">Ghi ngày diễn ra (hoặc thời kỳ) cho từng mục để cổng tính vào đúng kỳ.</p>
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.path}>{i.title}</a> — {i.when}
          </li>
        ))}
      </ul>
    </>
  );
}

export interface ReportPageProps {
  report: ReportDraft;
  figures: ReportFigures;
  values: Values;
  errors: FieldError[];
  categories: Category[];
  canPublish: boolean;
  notice?: string;
}

/** Said under "Nơi nhận" while the draft still has the line the official must fill. */
const TO_FILL_HINT = ' Cổng chưa biết tên tỉnh, thành phố: thay dòng “Cần điền” bằng tên trước khi công khai.';

export function ReportPage(props: ReportPageProps) {
  const r = props.report;
  const base = `/admin/bao-cao/${r.id}`;
  return (
    <>
      <p>
        <a href="/admin/bao-cao/">← Các báo cáo</a>
      </p>
      <h1>{reportName(r.period)}</h1>
      <p>
        <span class={`status status-${r.status}`}>{REPORT_STATUSES[r.status]}</span> · phiên bản {r.version} · kỳ{' '}
        {reportPeriodLabel(r.period)}
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>
        <a class="button" href={`${base}/tai-ve.docx`} download>
          Tải bản Word (.docx) để trình ký
        </a>
      </p>
      <FiguresView figures={props.figures} />
      {r.status === 'draft' ? (
        <>
          <h2>Nội dung báo cáo</h2>
          <p class="hint">Phần cán bộ viết. Khi lập báo cáo mới, cổng chép sẵn nội dung của báo cáo kỳ trước để sửa.</p>
          <Form action={base} values={props.values} errors={props.errors}>
            <input type="hidden" name="version" value={String(r.version)} />
            <TextField name="documentNumber" label="Số, ký hiệu" hint="Ví dụ: 78/BC-UBND. Cần có để công khai." />
            {REPORT_SECTION_KEYS.map((k) => (
              <Textarea name={k} label={REPORT_SECTIONS[k]} rows={6} />
            ))}
            <TextField
              name="agencyDone"
              label="Dân chủ trong cơ quan: số nội dung đã thực hiện"
              hint="Theo Nghị định 04/2015/NĐ-CP, ví dụ 9. Để trống nếu chưa rõ (báo cáo ghi “chưa có số liệu”)."
              inputmode="numeric"
            />
            <TextField name="agencyTotal" label="Trên tổng số nội dung" hint="Ví dụ 10." inputmode="numeric" />
            <Textarea
              name="recipients"
              label="Nơi nhận"
              hint={`Mỗi dòng một nơi. Từ 01/7/2025 không còn cấp huyện: gửi cấp trên trực tiếp (tỉnh, thành phố).${
                r.recipients.includes(RECIPIENT_TO_FILL) ? TO_FILL_HINT : ''
              }`}
              rows={4}
            />
            <Select name="signPrefix" label="Hình thức ký" placeholder="— Chọn —" options={optionsOf(SIGN_PREFIXES)} />
            <TextField name="signerTitle" label="Chức vụ người ký" hint="Ví dụ: CHỦ TỊCH; khi ký thay (KT.): PHÓ CHỦ TỊCH" />
            <TextField name="signerName" label="Họ tên người ký" hint="Để trống: bản Word để dòng chấm cho người ký ghi tay." />
            <button type="submit">Lưu bản nháp</button>
          </Form>
          {props.canPublish && <PublishForm report={r} categories={props.categories} />}
        </>
      ) : (
        <p>
          Báo cáo đã công khai; số liệu được giữ nguyên như lúc công khai. Xem{' '}
          <a href={`/admin/cong-khai/${r.disclosureId}`}>nội dung công khai của báo cáo</a>.
        </p>
      )}
    </>
  );
}

/** The publish form's tick, as the form and the resend page of a kept form say it. */
export const PUBLISH_CONFIRM_LABEL = 'Tôi đã kiểm tra số liệu và nội dung; báo cáo đã được ký ban hành.';

function PublishForm(props: { report: ReportDraft; categories: Category[] }) {
  const action = `/admin/bao-cao/${props.report.id}/cong-khai`;
  // Sent after the session ended, it comes back here with its choice and tick (issue 22.3).
  const kept = keptForm(useRequestContext<AppEnv>(), action);
  const category = typeof kept?.fields.category === 'string' ? kept.fields.category : 'thong-tin-khac';
  return (
    <section aria-labelledby="cong-khai">
      <h2 id="cong-khai">Công khai báo cáo</h2>
      <p>
        Công khai sẽ chốt số liệu như hiện tại và đăng báo cáo lên trang Báo cáo của cổng. Không sửa được sau khi công khai (chỉ
        đính chính kèm lý do).
      </p>
      <KeptFormNotice draft={kept} />
      <form method="post" action={action} novalidate>
        <FormGuard />
        <input type="hidden" name="version" value={String(props.report.version)} />
        <label for="category">Nội dung công khai</label>
        <select id="category" name="category">
          {props.categories.map((c) => (
            <option value={c.slug} selected={c.slug === category}>
              {c.label}
            </option>
          ))}
        </select>
        <div class="check">
          <input type="checkbox" id="confirm" name="confirm" value="on" checked={kept?.fields.confirm === 'on'} />
          <label for="confirm">{PUBLISH_CONFIRM_LABEL}</label>
        </div>
        <button type="submit">Công khai báo cáo</button>
      </form>
    </section>
  );
}
