import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { MAX_OPINION_BYTES, PENDING_BOT_CHECK } from '../../schema/consultation/consultation.ts';
import { consultationPath } from '../../schema/publishing/paths.ts';
import { countPendingOpinions, getConsultationBySlug } from '../../schema/consultation/consultations.db.ts';
import { ValidationError } from '../../schema/core/errors.ts';
import {
  escapeHtml,
  HONEYPOT_FIELD,
  OPINION_FORM_CSS,
  opinionFormHtml,
  TURNSTILE_ID,
  type OpinionValues,
} from '../../schema/consultation/opinion-form.ts';
import { contentSecurityPolicy, POLICIES } from '../../schema/core/security-headers.ts';
import { errorSummary, type FieldError } from '../../schema/core/validation.ts';
import { giveOpinion, OpinionRefusal, otherChannels } from '../../schema/consultation/consultations.use-cases.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv } from '../env.ts';
import { TURNSTILE_FIELD, TURNSTILE_SCRIPT, turnstileConfig, verifyTurnstile } from '../turnstile.ts';
import { opinionOnce } from '../idempotency.ts';

/**
 * The one public, unauthenticated write: a citizen's opinion on an open consultation, posted
 * by the form on the static page `/lay-y-kien/<slug>/` to `/gop-y/<slug>`.
 *
 * CSRF: a static page cannot carry a per-visitor token, and none is needed to protect a
 * session, because there is none. What a forged cross-site post could do is send an opinion
 * from a visitor's address (using up their limit). hono/csrf refuses a form post whose Origin
 * is not this site, or, without Origin, whose Sec-Fetch-Site is not same-origin: every browser
 * in use sends one of them on a form POST. Abuse from scripts is bounded by the limits
 * instead: per address and per consultation within a window (counted in D1, in the same
 * statement that inserts), a honeypot field, a body size limit and the text's length limit —
 * and, when the unit configures it, a Turnstile check (functions/turnstile.ts).
 */

const SITE_CSS =
  'body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b}' +
  'main{max-width:44rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25}a{color:#0b4f9c}' +
  'a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f2b705;outline-offset:2px}' +
  'button{font:inherit;font-weight:600;padding:.55rem 1rem;border:0;border-radius:3px;background:#1d5fa8;color:#fff}' +
  '.receipt{border:3px solid #1d7a3a;padding:.75rem 1rem;font-size:1.15rem}.visually-hidden{position:absolute;left:-9999px}' +
  OPINION_FORM_CSS;

/**
 * A small server-rendered page in the site's look (a few hundred bytes of CSS; no script, except
 * Turnstile's when the unit turned the check on and the page carries the form).
 */
function page(title: string, body: string, script?: string): string {
  return (
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${SITE_CSS}</style>` +
    (script ? `<script src="${script}" async defer></script>` : '') +
    '</head>' +
    `<body><main id="noi-dung">${body}</main></body></html>`
  );
}

const backLink = (slug: string) => `<p><a href="/lay-y-kien/${escapeHtml(slug)}/">← Quay lại nội dung lấy ý kiến</a></p>`;

/** The form again, with what was typed and why it was refused. */
function refusedPage(slug: string, values: OpinionValues, errors: FieldError[], turnstileSiteKey?: string): string {
  const summary =
    `<div class="error-summary" role="alert" tabindex="-1" id="loi"><h2>${errorSummary(errors.length)}</h2><ul>` +
    errors.map((e) => `<li><a href="#${escapeHtml(e.field)}">${escapeHtml(e.message)}</a></li>`).join('') +
    '</ul></div>';
  return page(
    'Lỗi – Gửi ý kiến',
    `${backLink(slug)}<h1>Gửi ý kiến</h1>${summary}${opinionFormHtml(slug, values, errors, turnstileSiteKey)}`,
    turnstileSiteKey && TURNSTILE_SCRIPT,
  );
}

const messagePage = (slug: string, title: string, message: string) => page(title, `${backLink(slug)}<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);

export const opinionsApp = new Hono<AppEnv>()
  .use(csrf())
  .use(
    bodyLimit({
      maxSize: MAX_OPINION_BYTES,
      onError: (c) => c.html(page('Ý kiến quá dài', `<h1>Ý kiến quá dài</h1><p>Nội dung gửi lên lớn quá ${MAX_OPINION_BYTES / 1024} KB. Hãy rút gọn ý kiến rồi gửi lại, hoặc chia thành nhiều ý kiến.</p>`), 413),
    }),
  )
  // A repeat of the same opinion (a double tap, a re-sent reload) answers with its first receipt.
  .use(opinionOnce)
  // The page is static; a visitor who opens this address gets sent there.
  .get('/:slug{[a-z0-9-]+}', (c) => c.redirect(consultationPath({ slug: c.req.param('slug') }), 303))
  .post('/:slug{[a-z0-9-]+}', async (c) => {
    const slug = c.req.param('slug');
    const body = await c.req.parseBody();
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const values: OpinionValues = { body: text('body'), authorName: text('authorName'), authorPlace: text('authorPlace'), contact: text('contact'), consent: text('consent') };
    const keys = turnstileConfig(c.env);
    const address = clientAddress(c.req.raw);
    const consultation = await getConsultationBySlug(c.env.DB, slug);
    // The check turns on by itself once the moderation queue is long (issue 22.9); TURNSTILE_FROM_PENDING="0" keeps it always on.
    const configured = Number.parseInt(c.env.TURNSTILE_FROM_PENDING ?? '', 10);
    const threshold = Number.isInteger(configured) && configured >= 0 ? configured : PENDING_BOT_CHECK;
    const turnstile = keys && consultation && (await countPendingOpinions(c.env.DB, consultation.id)) >= threshold ? keys : null;
    const refuse = (errors: FieldError[]) => {
      c.status(422);
      if (turnstile) c.header('Content-Security-Policy', contentSecurityPolicy(POLICIES.opinionTurnstile));
      return c.html(refusedPage(slug, values, errors, turnstile?.siteKey));
    };
    if (text(HONEYPOT_FIELD) !== '') return refuse([{ field: 'body', message: 'Ô "Để trống ô này" phải để trống. Nếu bạn không điền ô đó, hãy gửi lại.' }]);
    // Checked before anything is read or stored: without a valid token nothing is kept (functions/turnstile.ts).
    if (turnstile) {
      const token = text(TURNSTILE_FIELD);
      const verdict = await verifyTurnstile(turnstile, token, address ?? undefined);
      if (verdict !== 'valid') {
        return refuse([
          {
            field: TURNSTILE_ID,
            message:
              verdict === 'unreachable'
                ? `Dịch vụ kiểm tra chống gửi tự động đang không trả lời, nên cổng chưa nhận được ý kiến này. Hãy thử lại sau ít phút, hoặc góp ý qua hình thức khác: ${otherChannels(consultation!)}. Ý kiến bạn đã viết vẫn còn ở dưới.`
                : token
                  ? 'Bước kiểm tra chống gửi tự động không thành công hoặc đã hết hạn. Hãy đánh dấu lại ô kiểm tra rồi bấm “Gửi ý kiến”; ý kiến bạn đã viết vẫn còn ở dưới.'
                  : 'Hãy hoàn thành bước kiểm tra chống gửi tự động: đánh dấu ô kiểm tra rồi bấm “Gửi ý kiến”; ý kiến bạn đã viết vẫn còn ở dưới.',
          },
        ]);
      }
    }
    const input = { body: values.body, authorName: values.authorName, authorPlace: values.authorPlace, contact: values.contact, consent: values.consent !== '' };
    const now = new Date().toISOString();
    try {
      const opinion = await giveOpinion({ db: c.env.DB, now, address, turnstile: keys !== null }, slug, consultation, input);
      const title = 'Đã nhận ý kiến của bạn';
      return c.html(
        page(
          title,
          `<h1>${title}</h1><p class="receipt">Số phiếu nhận: <strong>${escapeHtml(opinion.receipt)}</strong></p>` +
            `<p>Về: ${escapeHtml(consultation!.title)}</p>` +
            '<p>Hãy ghi lại số phiếu nhận. Cán bộ xem ý kiến trước khi đăng công khai (thông tin cá nhân được bỏ đi); ' +
            'sau khi hết thời gian lấy ý kiến, Ủy ban nhân dân công bố kết quả tiếp thu, giải trình trên trang này.</p>' +
            backLink(slug),
        ),
        201,
      );
    } catch (error) {
      if (error instanceof ValidationError) return refuse(error.errors);
      if (error instanceof OpinionRefusal) {
        c.status(error.status);
        if (error.status === 404) return c.html(messagePage(slug, 'Không tìm thấy', error.message));
        if (error.status === 429) c.header('Retry-After', '3600');
        return c.html(messagePage(slug, error.status === 429 ? 'Gửi quá nhiều ý kiến' : 'Không nhận ý kiến', error.message));
      }
      throw error;
    }
  });
