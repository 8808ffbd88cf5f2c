import { html, raw } from 'hono/html';
import { PERIOD_KINDS } from '../../schema/period.ts';
import { PETITION_COLUMNS } from '../../schema/petition-stats.ts';
import { PROCEDURE_COLUMN_KEYS, PROCEDURE_COLUMNS, type ProcedureRow } from '../../schema/procedure-stats.ts';
import type { FieldError } from '../../schema/validation.ts';
import { errorSummaryBox, selectField, textField, type Values } from './page.ts';

/** The procedure-results table as an admin form shaped like the paper Biểu 06, and the petition form. */

/** Blank rows offered below the filled ones, for new fields. */
const SPARE_ROWS = 4;

/** "rows.2.receivedTotal" (schema path) ↔ "r2_receivedTotal" (form name and cell id). */
export const cellName = (row: number, column: string) => `r${row}_${column}`;
export function formFieldOf(schemaField: string): string {
  const m = /^rows\.(\d+)\.(\w+)$/.exec(schemaField);
  if (m) return cellName(Number(m[1]), m[2]!);
  return schemaField.replace(/^period\./, '');
}

export function rowsToValues(rows: ProcedureRow[]): Values {
  const values: Values = {};
  rows.forEach((row, i) => {
    values[cellName(i, 'field')] = row.field;
    for (const k of PROCEDURE_COLUMN_KEYS) values[cellName(i, k)] = String(row[k]);
  });
  return values;
}

/** Reads the table back: rows whose cells are all empty are dropped; the rest go to the schema. */
export function valuesToRows(values: Values): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 200; i++) {
    const cells = ['field', ...PROCEDURE_COLUMN_KEYS].map((k) => String(values[cellName(i, k)] ?? '').trim());
    if (values[cellName(i, 'field')] === undefined) break;
    if (cells.every((c) => c === '' || c === '0')) continue;
    const row: Record<string, unknown> = { field: cells[0] };
    PROCEDURE_COLUMN_KEYS.forEach((k, j) => (row[k] = cells[j + 1] === '' ? 0 : cells[j + 1]!.replace(/[.\s]/g, '')));
    rows.push(row);
  }
  return rows;
}

function periodFields(values: Values, errors: FieldError[]) {
  const f = { values, errors };
  return html`${selectField({ ...f, name: 'kind', label: 'Loại kỳ báo cáo', placeholder: '— Chọn —', options: Object.entries(PERIOD_KINDS).map(([value, label]) => ({ value, label })) })}
${textField({ ...f, name: 'year', label: 'Năm', hint: 'Ví dụ 2024' })}
${textField({ ...f, name: 'number', label: 'Kỳ số', hint: 'Tháng 1–12, quý 1–4, 6 tháng: 1 là 6 tháng đầu năm, 2 là 6 tháng cuối năm; năm: 1' })}`;
}

export function procedureForm(values: Values, errors: FieldError[], rowCount: number) {
  const bad = new Set(errors.map((e) => formFieldOf(e.field)));
  const total = rowCount + SPARE_ROWS;
  const cell = (i: number, k: string, label: string) => {
    const name = cellName(i, k);
    const invalid = bad.has(name);
    return html`<td${invalid ? raw(' class="field-error"') : ''}><input type="text" inputmode="${k === 'field' ? 'text' : 'numeric'}" id="${name}" name="${name}" value="${String(values[name] ?? '')}" aria-label="Dòng ${i + 1}: ${label}"${invalid ? raw(' aria-invalid="true"') : ''}${k === 'field' ? '' : raw(' size="5"')}></td>`;
  };
  return html`${errorSummaryBox(errors.map((e) => ({ field: formFieldOf(e.field), message: e.message })))}
<form method="post" action="/admin/thong-ke/thu-tuc" novalidate>
${periodFields(values, errors.map((e) => ({ ...e, field: formFieldOf(e.field) })))}
<p class="hint">Dòng tổng số được tính tự động. Mỗi dòng phải khớp: tổng tiếp nhận = trực tuyến + trực tiếp + kỳ trước; đã giải quyết = trước hạn + đúng hạn + quá hạn; tổng tiếp nhận = đã giải quyết + đang giải quyết.</p>
<div class="table-scroll">
<table class="entry">
<thead><tr><th scope="col">STT</th><th scope="col">Lĩnh vực</th>${PROCEDURE_COLUMN_KEYS.map((k) => html`<th scope="col">${PROCEDURE_COLUMNS[k]}</th>`)}</tr></thead>
<tbody>
${Array.from({ length: total }, (_, i) => html`<tr><td>${i + 1}</td>${cell(i, 'field', 'Lĩnh vực')}${PROCEDURE_COLUMN_KEYS.map((k) => cell(i, k, PROCEDURE_COLUMNS[k]))}</tr>`)}
</tbody>
</table>
</div>
<button type="submit">Lưu bảng số liệu</button>
</form>
<h2>Hoặc nhập từ tệp CSV</h2>
<form method="post" action="/admin/thong-ke/thu-tuc/csv" enctype="multipart/form-data">
${periodFields(values, [])}
<label for="file">Tệp CSV (lưu từ Excel)</label>
<p class="hint" id="file-hint">Dòng đầu là tên cột: Lĩnh vực, Tổng số tiếp nhận, Tiếp nhận trực tuyến, … (có dấu hoặc không dấu). Dấu phân cách "," hoặc ";".</p>
<input type="file" id="file" name="file" accept=".csv,text/csv" aria-describedby="file-hint">
<button type="submit">Nhập tệp</button>
</form>`;
}

export function petitionForm(values: Values, errors: FieldError[]) {
  const f = { values, errors: errors.map((e) => ({ ...e, field: formFieldOf(e.field) })) };
  return html`${errorSummaryBox(f.errors)}
<form method="post" action="/admin/thong-ke/don-thu" novalidate>
${periodFields(values, f.errors)}
${Object.entries(PETITION_COLUMNS).map(([name, label]) => textField({ ...f, name, label }))}
${textField({ ...f, name: 'sessionsHeld', label: 'Số buổi tiếp công dân (nếu có)' })}
${textField({ ...f, name: 'citizensReceived', label: 'Số lượt công dân được tiếp (nếu có)' })}
<button type="submit">Lưu số liệu đơn thư</button>
</form>`;
}
