import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { FieldError } from '../../schema/validation.ts';
import { errorSummary } from '../../schema/validation.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// One small stylesheet, inline: the admin is used on old PCs and phones on slow links, and
// the Content-Security-Policy allows no other origin.
const CSS = `
*{box-sizing:border-box}body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f6f6f4}
a{color:#0b4f9c}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f2b705;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:0;background:#fff;padding:.5rem}
header{background:#8b1a1a;color:#fff;padding:.6rem 1rem}header a{color:#fff}header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.95rem}
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25}
label,legend{display:block;font-weight:600;margin-top:1rem}.hint{color:#555;font-size:.9rem;margin:.1rem 0 .3rem}
input[type=text],input[type=email],input[type=password],input[type=date],select,textarea{width:100%;font:inherit;padding:.45rem;border:2px solid #555;border-radius:3px;background:#fff}
textarea{min-height:7rem}fieldset{border:0;padding:0;margin:0}.check{display:flex;gap:.5rem;align-items:flex-start;margin:.3rem 0;font-weight:400}
.check input{width:1.3rem;height:1.3rem;margin-top:.15rem}.check label{margin:0;font-weight:400}
.field-error input,.field-error select,.field-error textarea{border-color:#b00020}.error-message{color:#b00020;font-weight:600;margin:.2rem 0}
.error-summary{border:4px solid #b00020;padding:.75rem 1rem;background:#fff}.error-summary h2{margin:.2rem 0;font-size:1.15rem}
.notice{border-left:6px solid #1d7a3a;background:#fff;padding:.6rem 1rem}.warning{border-left:6px solid #b36b00;background:#fff;padding:.6rem 1rem}
button,.button{font:inherit;font-weight:600;padding:.55rem 1rem;border:0;border-radius:3px;background:#1d5fa8;color:#fff;cursor:pointer;margin:.75rem .5rem 0 0;text-decoration:none;display:inline-block}
button.secondary{background:#e4e4e4;color:#1b1b1b}button.danger{background:#b00020}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.45rem;border-bottom:1px solid #ccc;vertical-align:top}
.list-item{background:#fff;border:1px solid #ccc;padding:.6rem .8rem;margin:.5rem 0}.status{font-size:.85rem;font-weight:600;padding:0 .35rem;border-radius:3px;background:#e4e4e4}
.entry input{width:auto;min-width:4.5rem;padding:.3rem;border:1px solid #555}.entry td.field-error input{border:2px solid #b00020}.table-scroll{overflow-x:auto}
.status-published{background:#d6efdc}.status-withdrawn{background:#f6d6d6}.inline{display:inline}
`;

export function page(title: string, content: Html, options: { signedIn?: string; status?: number } = {}) {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – Quản trị cổng công khai</title>
<style>${raw(CSS)}</style>
</head>
<body>
<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header>
<strong>Quản trị cổng công khai</strong>
${options.signedIn
    ? html`<nav aria-label="Quản trị">
<a href="/admin/">Nội dung công khai</a>
<a href="/admin/cong-khai/moi">Thêm mới</a>
<a href="/admin/tiep-cong-dan/">Lịch tiếp công dân</a>
<a href="/admin/thong-ke/">Thống kê</a>
<a href="/admin/don-vi">Đơn vị</a>
<a href="/admin/nhung">Nhúng</a>
<a href="/admin/tai-khoan">Tài khoản</a>
<a href="/admin/ma-api">Mã API</a>
<a href="/admin/mat-khau">Mật khẩu</a>
<a href="/" target="_blank" rel="noopener">Xem trang công khai</a>
<form class="inline" method="post" action="/admin/dang-xuat"><button class="secondary" style="margin:0;padding:.1rem .5rem">Đăng xuất (${options.signedIn})</button></form>
</nav>`
    : ''}
</header>
<main id="noi-dung">
${content}
</main>
</body>
</html>`;
}

/** The error summary at the top of a rejected form, linking to each field (GOV.UK pattern). */
export function errorSummaryBox(errors: FieldError[]) {
  if (!errors.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="loi" autofocus>
<h2>${errorSummary(errors.length)}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

export type Values = Record<string, string | string[] | undefined>;

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  errors: FieldError[];
  values: Values;
}

const errorFor = (errors: FieldError[], name: string) => errors.find((e) => e.field === name)?.message;
const single = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function describedBy(name: string, hint: boolean, error: boolean) {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return ids ? raw(` aria-describedby="${ids}"`) : '';
}

function wrap(o: FieldOptions, control: Html) {
  const error = errorFor(o.errors, o.name);
  return html`<div class="field${error ? ' field-error' : ''}">
<label for="${o.name}">${o.label}</label>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
${error ? html`<p class="error-message" id="${o.name}-error"><span class="skip">Lỗi: </span>${error}</p>` : ''}
${control}
</div>`;
}

export function textField(o: FieldOptions & { type?: 'text' | 'date' | 'email' | 'password'; autocomplete?: string; required?: boolean }) {
  const error = errorFor(o.errors, o.name);
  return wrap(
    o,
    html`<input type="${o.type ?? 'text'}" id="${o.name}" name="${o.name}" value="${o.type === 'password' ? '' : single(o.values[o.name])}"${describedBy(o.name, !!o.hint, !!error)}${error ? raw(' aria-invalid="true"') : ''}${o.autocomplete ? raw(` autocomplete="${o.autocomplete}"`) : ''}${o.required ? raw(' required') : ''}>`,
  );
}

export function textArea(o: FieldOptions & { rows?: number }) {
  const error = errorFor(o.errors, o.name);
  return wrap(
    o,
    html`<textarea id="${o.name}" name="${o.name}" rows="${o.rows ?? 5}"${describedBy(o.name, !!o.hint, !!error)}${error ? raw(' aria-invalid="true"') : ''}>${single(o.values[o.name])}</textarea>`,
  );
}

export function selectField(o: FieldOptions & { options: { value: string; label: string }[]; placeholder: string }) {
  const error = errorFor(o.errors, o.name);
  const current = single(o.values[o.name]);
  return wrap(
    o,
    html`<select id="${o.name}" name="${o.name}"${describedBy(o.name, !!o.hint, !!error)}${error ? raw(' aria-invalid="true"') : ''}>
<option value="">${o.placeholder}</option>
${o.options.map((opt) => html`<option value="${opt.value}"${opt.value === current ? raw(' selected') : ''}>${opt.label}</option>`)}
</select>`,
  );
}

export function checkboxes(o: FieldOptions & { options: { value: string; label: string }[] }) {
  const error = errorFor(o.errors, o.name);
  const raw0 = o.values[o.name];
  const chosen = new Set(Array.isArray(raw0) ? raw0 : raw0 ? [raw0] : []);
  return html`<fieldset id="${o.name}" class="field${error ? ' field-error' : ''}"${describedBy(o.name, !!o.hint, !!error)}>
<legend>${o.label}</legend>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
${error ? html`<p class="error-message" id="${o.name}-error"><span class="skip">Lỗi: </span>${error}</p>` : ''}
${o.options.map(
    (opt, i) => html`<div class="check"><input type="checkbox" id="${o.name}-${i}" name="${o.name}" value="${opt.value}"${chosen.has(opt.value) ? raw(' checked') : ''}><label for="${o.name}-${i}">${opt.label}</label></div>`,
  )}
</fieldset>`;
}

export function singleCheckbox(o: FieldOptions & { value?: string }) {
  const checked = single(o.values[o.name]) !== '';
  return html`<div class="check" id="${o.name}-wrap"><input type="checkbox" id="${o.name}" name="${o.name}" value="${o.value ?? 'on'}"${checked ? raw(' checked') : ''}${o.hint ? raw(` aria-describedby="${o.name}-hint"`) : ''}><label for="${o.name}">${o.label}</label></div>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}`;
}

export type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * Turns a submitted form into schema input and the values to show back. Empty boxes count as
 * not given (so required fields say "Chưa nhập …"); `arrays` are multi-value fields (checkbox
 * groups, sent only when something is ticked); `booleans` are single checkboxes.
 */
export function readForm(body: FormBody, { arrays = [] as string[], booleans = [] as string[] } = {}): { input: Record<string, unknown>; values: Values } {
  const values: Values = {};
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(body)) {
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    values[key] = arrays.includes(key) ? list : (list[0] ?? '');
    if (arrays.includes(key)) input[key] = list;
    else if (booleans.includes(key)) input[key] = list[0] !== undefined && list[0] !== '';
    else if (list[0] !== undefined && list[0].trim() !== '') input[key] = list[0];
  }
  for (const key of arrays) input[key] ??= [];
  for (const key of booleans) input[key] ??= false;
  return { input, values };
}
