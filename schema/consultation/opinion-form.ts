import { MAX_OPINION_CHARS } from './consultation.ts';
import type { FieldError } from '../core/validation.ts';

/**
 * The opinion form, written once as HTML: the static consultation page embeds it empty, and the
 * Worker's answer to a refused opinion shows it again with what the citizen typed and the
 * errors. The core imports neither Hono nor Astro, so it is a plain string builder; every value
 * goes through `escapeHtml`.
 */

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Where the form posts: a Worker route (wrangler.toml `run_worker_first`), not a static file. */
const opinionAction = (slug: string) => `/gop-y/${slug}`;

/** The id of the Turnstile widget's box, the field an error about the check points to. */
export const TURNSTILE_ID = 'kiem-tra';

/**
 * The Turnstile widget's box (only when the unit turned the check on, functions/turnstile.ts):
 * the widget's script fills it and adds the token field to the form. It needs JavaScript, and
 * says so to a browser without it.
 */
function turnstileHtml(siteKey: string, error: string | undefined): string {
  return (
    `<div${error ? ' class="invalid"' : ''}><p class="hint" id="${TURNSTILE_ID}-hint">Bước kiểm tra chống gửi tự động: đánh dấu ô dưới đây rồi bấm “Gửi ý kiến”.</p>` +
    (error ? `<p class="error" id="${TURNSTILE_ID}-error"><span class="visually-hidden">Lỗi: </span>${escapeHtml(error)}</p>` : '') +
    `<div id="${TURNSTILE_ID}" class="cf-turnstile" data-sitekey="${escapeHtml(siteKey)}" data-language="vi" tabindex="-1"></div>` +
    `<noscript><p class="error">${TURNSTILE_NEEDS_SCRIPT}</p></noscript></div>`
  );
}

/** What a citizen whose browser runs no JavaScript reads when the check is on. */
const TURNSTILE_NEEDS_SCRIPT =
  'Bước kiểm tra cần JavaScript, mà trình duyệt của bạn đang tắt hoặc không có. Hãy bật JavaScript, dùng trình duyệt khác, ' +
  'hoặc góp ý theo các hình thức khác ghi trên trang lấy ý kiến.';

/** The honeypot: a field people never see or fill (hidden by CSS, skipped by the keyboard). */
export const HONEYPOT_FIELD = 'website';

/** The consent line under Nghị định 13/2023/NĐ-CP on personal data. */
export const CONSENT_TEXT =
  'Tôi đồng ý để Ủy ban nhân dân xử lý ý kiến và thông tin cá nhân tôi gửi (nếu có) chỉ để tổng hợp, trả lời ý kiến ' +
  'trong đợt lấy ý kiến này, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Số điện thoại, thư điện tử không bao giờ được công khai; ' +
  'họ tên và thôn, tổ chỉ được đăng nếu cán bộ thấy cần và không lộ thông tin riêng.';

/** The few rules the form needs; the page's stylesheet and the Worker's answer both include them. */
export const OPINION_FORM_CSS =
  '.opinion label{display:block;font-weight:600;margin-top:1rem}.opinion .hint{color:#4a4a4a;font-size:.93rem;margin:.1rem 0 .3rem}' +
  '.opinion input[type=text],.opinion textarea{width:100%;font:inherit;padding:.45rem;border:2px solid #555;border-radius:3px}' +
  '.opinion textarea{min-height:9rem}.opinion .check{display:flex;gap:.5rem;align-items:flex-start;margin-top:1rem}' +
  '.opinion .check input{width:1.4rem;height:1.4rem;flex:none;margin-top:.2rem}.opinion .check label{margin:0;font-weight:400}' +
  '.opinion .hp{position:absolute;left:-9999px}.opinion .error{color:#b00020;font-weight:600;margin:.2rem 0}' +
  '.opinion .invalid input,.opinion .invalid textarea{border-color:#b00020}.opinion button{margin-top:1rem}' +
  '.error-summary{border:4px solid #b00020;padding:.5rem 1rem}';

export type OpinionValues = Partial<Record<'body' | 'authorName' | 'authorPlace' | 'contact' | 'consent', string>>;

/**
 * The form's HTML. `values` and `errors` come back after a refusal; `errorSummary` is placed by
 * the caller (the Worker page puts it at the top).
 */
export function opinionFormHtml(slug: string, values: OpinionValues = {}, errors: FieldError[] = [], turnstileSiteKey?: string): string {
  const v = (k: keyof OpinionValues) => escapeHtml(values[k] ?? '');
  const field = (name: keyof OpinionValues, label: string, hint: string, control: (describedBy: string, invalid: string) => string) => {
    const error = errors.find((e) => e.field === name)?.message;
    const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
    const describedBy = ids ? ` aria-describedby="${ids}"` : '';
    return (
      `<div${error ? ' class="invalid"' : ''}><label for="${name}">${label}</label>` +
      (hint ? `<p class="hint" id="${name}-hint">${hint}</p>` : '') +
      (error ? `<p class="error" id="${name}-error"><span class="visually-hidden">Lỗi: </span>${escapeHtml(error)}</p>` : '') +
      control(describedBy, error ? ' aria-invalid="true"' : '') +
      '</div>'
    );
  };
  const consentError = errors.find((e) => e.field === 'consent')?.message;
  return (
    `<form class="opinion" method="post" action="${opinionAction(slug)}" accept-charset="utf-8">` +
    field('body', 'Ý kiến của bạn', `Tối đa ${MAX_OPINION_CHARS.toLocaleString('vi-VN')} ký tự. Ý kiến được cán bộ xem trước khi đăng.`, (d, i) => `<textarea id="body" name="body" rows="8" maxlength="${MAX_OPINION_CHARS}" required${d}${i}>${v('body')}</textarea>`) +
    field('authorName', 'Họ và tên (không bắt buộc)', '', (d, i) => `<input type="text" id="authorName" name="authorName" autocomplete="name" maxlength="100" value="${v('authorName')}"${d}${i}>`) +
    field('authorPlace', 'Thôn, tổ dân phố (không bắt buộc)', '', (d, i) => `<input type="text" id="authorPlace" name="authorPlace" maxlength="100" value="${v('authorPlace')}"${d}${i}>`) +
    field('contact', 'Số điện thoại hoặc thư điện tử (không bắt buộc)', 'Để cán bộ liên hệ lại khi cần. Không bao giờ được công khai.', (d, i) => `<input type="text" id="contact" name="contact" autocomplete="tel" maxlength="150" value="${v('contact')}"${d}${i}>`) +
    `<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Để trống ô này</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" value=""></div>` +
    `<div class="check${consentError ? ' invalid' : ''}">` +
    (consentError ? `<p class="error" id="consent-error"><span class="visually-hidden">Lỗi: </span>${escapeHtml(consentError)}</p>` : '') +
    `<input type="checkbox" id="consent" name="consent" value="1" required${values.consent ? ' checked' : ''}${consentError ? ' aria-describedby="consent-error" aria-invalid="true"' : ''}>` +
    `<label for="consent">${CONSENT_TEXT}</label></div>` +
    (turnstileSiteKey ? turnstileHtml(turnstileSiteKey, errors.find((e) => e.field === TURNSTILE_ID)?.message) : '') +
    '<button type="submit">Gửi ý kiến</button></form>'
  );
}
