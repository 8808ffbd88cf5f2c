import { PERIOD_KINDS } from '../../schema/statistics/period.ts';
import { XLSX_TYPE } from '../../schema/statistics/procedure-upload.ts';
import { PETITION_COLUMNS, PETITION_KINDS } from '../../schema/statistics/petition-stats.ts';
import { MAYBE_UNKNOWN, PROCEDURE_COLUMN_KEYS, PROCEDURE_COLUMNS, type ProcedureRow } from '../../schema/statistics/procedure-stats.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { FileField, Form, Hidden, optionsOf, Select, TextField } from './fields.tsx';
import type { Values } from './form.ts';

/** The procedure-results table as an admin form shaped like the paper Biểu 06, and the petition form. */

/** Blank rows offered below the filled ones, for new fields. */
export const SPARE_ROWS = 4;

/** "rows.2.receivedTotal" (schema path) ↔ "r2_receivedTotal" (form name and cell id). */
export const cellName = (row: number, column: string) => `r${row}_${column}`;
function formFieldOf(schemaField: string): string {
  const m = /^rows\.(\d+)\.(\w+)$/.exec(schemaField);
  if (m) return cellName(Number(m[1]), m[2]!);
  return schemaField.replace(/^period\./, '');
}
const toFormFields = (errors: FieldError[]) => errors.map((e) => ({ ...e, field: formFieldOf(e.field) }));

export function rowsToValues(rows: ProcedureRow[]): Values {
  const values: Values = {};
  rows.forEach((row, i) => {
    values[cellName(i, 'field')] = row.field;
    for (const k of PROCEDURE_COLUMN_KEYS) values[cellName(i, k)] = row[k] === null ? '' : String(row[k]);
  });
  return values;
}

/** Reads the table back: rows whose cells are all empty are dropped; the rest go to the schema. */
export function valuesToRows(values: Values): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 200; i++) {
    const cells = ['field', ...PROCEDURE_COLUMN_KEYS].map((k) => String(values[cellName(i, k)] ?? '').trim());
    if (values[cellName(i, 'field')] === undefined) break;
    // A row with no figures (a field carried over from the last period and not filled in) is left out.
    if (cells.every((c) => c === '' || c === '0') || cells.slice(1).every((c) => c === '')) continue;
    const row: Record<string, unknown> = { field: cells[0] };
    // A blank cell is 0, except where a report may not give the figure: there it stays unknown.
    PROCEDURE_COLUMN_KEYS.forEach(
      (k, j) =>
        (row[k] =
          cells[j + 1] === '' ? ((MAYBE_UNKNOWN as readonly string[]).includes(k) ? null : 0) : cells[j + 1]!.replace(/[.\s]/g, '')),
    );
    rows.push(row);
  }
  return rows;
}

/** The rows up to the last one with anything in it: a table that came from a file has no spare rows. */
export function typedRowCount(values: Values): number {
  let last = 0;
  for (let i = 0; values[cellName(i, 'field')] !== undefined; i++) {
    if (['field', ...PROCEDURE_COLUMN_KEYS].some((k) => String(values[cellName(i, k)] ?? '').trim() !== '')) last = i + 1;
  }
  return last;
}

/** The rows a submitted table had that were not spare ones. */
export function filledRowCount(values: Values): number {
  let n = 0;
  while (values[cellName(n, 'field')] !== undefined) n++;
  return Math.max(0, n - SPARE_ROWS);
}

function PeriodFields() {
  return (
    <>
      <Select name="kind" label="Loại kỳ báo cáo" placeholder="— Chọn —" options={optionsOf(PERIOD_KINDS)} />
      <TextField name="year" label="Năm" hint="Ví dụ 2024" inputmode="numeric" />
      <TextField
        name="number"
        label="Kỳ số"
        hint="Tháng 1–12, quý 1–4, 6 tháng: 1 là 6 tháng đầu năm, 2 là 6 tháng cuối năm; năm: 1"
        inputmode="numeric"
      />
    </>
  );
}

/** One cell of the table: its own label for screen readers, red and `aria-invalid` when wrong. */
function Cell(props: { row: number; column: string; label: string; values: Values; invalid: boolean }) {
  const name = cellName(props.row, props.column);
  const numeric = props.column !== 'field';
  return (
    <td class={props.invalid ? 'field-error' : undefined}>
      <input
        type="text"
        inputmode={numeric ? 'numeric' : 'text'}
        id={name}
        name={name}
        value={String(props.values[name] ?? '')}
        aria-label={`Dòng ${props.row + 1}: ${props.label}`}
        aria-invalid={props.invalid ? 'true' : undefined}
        size={numeric ? 5 : undefined}
      />
    </td>
  );
}

export interface ProcedureFormProps {
  values: Values;
  errors: FieldError[];
  /** Filled rows; spare blank rows are added below them. */
  rowCount: number;
  /** The import page, for the period shown. */
  importHref: string;
}

export function ProcedureForm(props: ProcedureFormProps) {
  const errors = toFormFields(props.errors);
  const bad = new Set(errors.map((e) => e.field));
  const rows = Array.from({ length: props.rowCount + SPARE_ROWS }, (_, i) => i);
  const cell = (row: number, column: string, label: string) => (
    <Cell row={row} column={column} label={label} values={props.values} invalid={bad.has(cellName(row, column))} />
  );
  return (
    <>
      <Form action="/admin/thong-ke/thu-tuc" values={props.values} errors={errors}>
        {/* The version of the stored table this form shows: a save on an older one is refused. */}
        <Hidden name="version" />
        <PeriodFields />
        <p class="hint">
          Dòng tổng số được tính tự động. Mỗi dòng phải khớp: tổng tiếp nhận = trực tuyến + trực tiếp + kỳ trước; đã giải
          quyết = trước hạn + đúng hạn + quá hạn; tổng tiếp nhận = đã giải quyết + đang giải quyết.
        </p>
        <p class="scroll-cue" id="bang-rong">
          Bảng có {PROCEDURE_COLUMN_KEYS.length + 2} cột: kéo ngang trong bảng để xem và nhập các cột bên phải.
        </p>
        <div class="table-scroll" role="region" aria-labelledby="bang-rong" tabindex={0}>
          <table class="entry">
            <thead>
              <tr>
                <th scope="col">STT</th>
                <th scope="col">Lĩnh vực</th>
                {PROCEDURE_COLUMN_KEYS.map((k) => (
                  <th scope="col">{PROCEDURE_COLUMNS[k]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr>
                  <td>{i + 1}</td>
                  {cell(i, 'field', 'Lĩnh vực')}
                  {PROCEDURE_COLUMN_KEYS.map((k) => cell(i, k, PROCEDURE_COLUMNS[k]))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="submit">Lưu bảng số liệu</button>{' '}
        <button type="submit" name="them-dong" value="1" class="secondary">
          Thêm dòng
        </button>
      </Form>
      <p>
        <a href={props.importHref}>Nhập từ tệp Excel hoặc CSV</a> (bảng Biểu 06 như xã đang giữ, có dòng tiêu đề cũng được).
      </p>
    </>
  );
}

/** What an upload may be: the input lets a phone pick an Excel workbook as well as a CSV. */
const UPLOAD_ACCEPT = `.xlsx,.csv,${XLSX_TYPE},text/csv`;

/** The import of a period's table from a file, on its own page, its period already chosen. */
export function UploadForm(props: { values: Values; errors: FieldError[] }) {
  return (
    <>
      <Form action="/admin/thong-ke/thu-tuc/csv" values={props.values} errors={props.errors} multipart>
        <Hidden name="version" />
        <PeriodFields />
        <FileField
          name="file"
          label="Tệp Excel (.xlsx) hoặc CSV"
          hint={
            'Bảng Biểu 06 như xã đang giữ: các dòng tiêu đề phía trên ("BIỂU 06", "Kỳ báo cáo …"), dòng tên cột gộp nhiều dòng, ' +
            'dòng đánh số cột và cột trống đều được bỏ qua. Cột "Lĩnh vực" phải có.'
          }
          accept={UPLOAD_ACCEPT}
        />
        <button type="submit">Nhập tệp</button>
      </Form>
      <p>
        <a href="/admin/thong-ke/thu-tuc/mau.csv" download="bieu-06-mau.csv">
          Tải tệp mẫu
        </a>{' '}
        (các lĩnh vực của kỳ gần nhất, số liệu để trống; mở bằng Excel, điền rồi gửi lại nguyên tệp .xlsx hoặc lưu dạng CSV UTF-8).
      </p>
    </>
  );
}

export function PetitionForm(props: { values: Values; errors: FieldError[] }) {
  return (
    <Form action="/admin/thong-ke/don-thu" values={props.values} errors={toFormFields(props.errors)}>
      <Hidden name="version" />
      <PeriodFields />
      {Object.entries(PETITION_COLUMNS).map(([name, label]) => (
        <TextField
          name={name}
          label={label}
          hint={
            (PETITION_KINDS as readonly string[]).includes(name) || name === 'mediated'
              ? 'Để trống nếu báo cáo không có số liệu này (không ghi 0).'
              : undefined
          }
        />
      ))}
      <TextField name="sessionsHeld" label="Số buổi tiếp công dân (nếu có)" />
      <TextField name="citizensReceived" label="Số lượt công dân được tiếp (nếu có)" />
      <button type="submit">Lưu số liệu đơn thư</button>
    </Form>
  );
}
