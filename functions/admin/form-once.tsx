import { createMiddleware } from 'hono/factory';
import { useRequestContext } from 'hono/jsx-renderer';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { formatDateTime } from '../../schema/core/dates.ts';
import type { StoredAnswer } from '../../schema/core/idempotency.db.ts';
import type { AppEnv } from '../env.ts';
import { runOnce } from '../idempotency.ts';

/**
 * Every admin form carries two hidden fields (issue 22): a one-time token, so a double tap, or
 * Back and "Lưu nháp" again, answers with the first result instead of storing a second copy
 * (the same mechanism as the API's `Idempotency-Key`, functions/idempotency.ts); and the page
 * it was shown on, so a form kept across an ended session is restored into that page
 * (functions/admin/kept-form.tsx). Both are read and taken out of the body by `formOnce`, so
 * no handler sees them.
 */

export const FORM_TOKEN_FIELD = '_once';
export const FORM_FROM_FIELD = '_from';

/** A random token from `crypto.randomUUID()`; anything else is ignored (the form just has no guard). */
const TOKEN = /^[\w-]{16,100}$/;
/** Only an admin page may be named as a form's page: never an outside address. */
export const ADMIN_PAGE = /^\/admin\/[\w\-/]*$/;

/** How long a form's token answers with its first result. */
const FORM_ONCE_HOURS = 24;
/** Pages that show a secret once (a new API token, a password set for an account) are not stored. */
const SECRET_ANSWER = /^\/admin\/(ma-api|tai-khoan|mat-khau)/;
/** A stored page is a replay of a confirmation or a result; a larger one is not kept. */
const MAX_STORED_PAGE = 256 * 1024;

/** The two hidden fields; `<Form>` renders them, a hand-built form puts this inside itself. */
export function FormGuard() {
  const c = useRequestContext<AppEnv>();
  const from = c.req.method === 'GET' ? c.req.path : (c.get('formFrom') ?? '');
  return (
    <>
      <input type="hidden" name={FORM_TOKEN_FIELD} value={crypto.randomUUID()} />
      {ADMIN_PAGE.test(from) && <input type="hidden" name={FORM_FROM_FIELD} value={from} />}
    </>
  );
}

type Repeat = 'sent' | 'changed' | 'running';

const REPEAT_TEXT: Record<Repeat, (at: string) => string> = {
  sent: (at) => `Biểu mẫu này đã được gửi${at}; không cần gửi lại.`,
  changed: (at) =>
    `Biểu mẫu này đã được gửi và lưu${at}. Lần gửi lại có nội dung khác lần trước nên chưa được lưu, ` +
      'để không tạo bản thứ hai: hãy mở lại trang, kiểm tra rồi nhập thay đổi.',
  running: () => 'Biểu mẫu này đang được lưu. Hãy đợi một phút rồi mở trang kết quả; không cần gửi lại.',
};

function AlreadySent(props: { answer: StoredAnswer | null; repeat: Repeat; back: string }) {
  const at = props.answer ? ` lúc ${formatDateTime(props.answer.createdAt)}` : '';
  const next = props.answer?.location ?? props.back;
  return (
    <>
      <h1>Biểu mẫu này đã được gửi</h1>
      <p class="warning" role="alert">
        {REPEAT_TEXT[props.repeat](at)}
      </p>
      <p>
        <a href={next}>Xem kết quả</a>
      </p>
    </>
  );
}

/** Text fields as sent (guard fields left out) and chosen files by name and size, in a stable order. */
function fingerprint(path: string, entries: [string, FormDataEntryValue][]): string {
  const parts = entries.map(([k, v]) => [k, typeof v === 'string' ? v : `file:${v.name}:${v.size}`]);
  return JSON.stringify([path, parts]);
}

/** After the session check: reads the guard fields of an admin POST and runs it once per token. */
export const formOnce = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'POST') return next();
  await c.req.parseBody();
  // Hono keeps the parsed form as a promise in `bodyCache.formData` (typed as the method, hono 4.13)
  // and every later parseBody() reads it: replacing it takes the guard fields out for every handler.
  const cache = c.req.bodyCache as { formData?: Promise<FormData> };
  const data = cache.formData ? await cache.formData : undefined;
  if (!data) return next();
  const token = data.get(FORM_TOKEN_FIELD);
  const from = data.get(FORM_FROM_FIELD);
  if (typeof from === 'string' && ADMIN_PAGE.test(from)) c.set('formFrom', from);
  const kept = new FormData();
  const entries: [string, FormDataEntryValue][] = [];
  data.forEach((value, name) => {
    if (name === FORM_TOKEN_FIELD || name === FORM_FROM_FIELD) return;
    kept.append(name, value);
    entries.push([name, value]);
  });
  cache.formData = Promise.resolve(kept);
  if (typeof token !== 'string' || !TOKEN.test(token)) return next();
  const back = c.get('formFrom') ?? '/admin/';
  const page = (status: 200 | 409, answer: StoredAnswer | null, repeat: Repeat) => {
    c.status(status);
    return c.render(<AlreadySent answer={answer} repeat={repeat} back={back} />, {
      title: 'Biểu mẫu đã được gửi',
      hasErrors: repeat === 'changed',
    });
  };
  return runOnce(c, next, {
    owner: `account:${c.get('account').id}`,
    key: token,
    requestHash: await sha256Hex(fingerprint(c.req.path, entries)),
    ttlSeconds: FORM_ONCE_HOURS * 3600,
    waitMs: 10_000,
    replay: (a) => {
      if (a.location) return c.redirect(a.location, a.status as 303);
      if (a.body !== null) return c.html(a.body, a.status as 200);
      return page(200, a, 'sent');
    },
    conflict: (a) => page(409, a, 'changed'),
    inProgress: () => page(409, null, 'running'),
    keep: async (res) => {
      // A refusal stored nothing: the corrected form may be sent with the same token.
      if (res.status >= 400) return null;
      const location = res.headers.get('location');
      if (location) return { status: res.status, location, body: null };
      const body = SECRET_ANSWER.test(c.req.path) ? null : await res.clone().text();
      return { status: res.status, location: null, body: body !== null && body.length <= MAX_STORED_PAGE ? body : null };
    },
  });
});
