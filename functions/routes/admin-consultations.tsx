import { Hono, type Context } from 'hono';
import { itemsWithOpenRevision, openRevisionOf } from '../../schema/db/pending-revisions.ts';
import { mayPublish } from '../../schema/review.ts';
import { PendingChangePanel } from '../admin/pending-revision.tsx';
import { CONSULTATION_CHANNELS, CONSULTATION_SUBJECTS, THEME_OUTCOMES, ThemeSchema, type ConsultationChannel } from '../../schema/consultation.ts';
import { getConsultation, getOpinion, listConsultations, listOpinions, tallyOpinions } from '../../schema/db/consultations.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import {
  approveConsultationRevision,
  attachDraftDocument,
  createConsultation,
  rejectConsultationRevision,
  moderateOpinion,
  updateConsultation,
  publishConsultation,
  saveOfflineCounts,
  saveSummary,
} from '../../schema/use-cases/consultations.ts';
import type { FieldError } from '../../schema/validation.ts';
import { act } from '../act.ts';
import {
  ConsultationDetailPage,
  ConsultationListPage,
  consultationValues,
  EditConsultationPage,
  NewConsultationPage,
  THEME_ROWS,
  type DetailProps,
} from '../admin/consultation-pages.tsx';
import { readForm, type Values } from '../admin/form.ts';
import type { AppEnv } from '../env.ts';

/** Admin of consultations, under /admin/lay-y-kien: records, the moderation queue, counts, the result. */

/** A use case's refusal as form errors with the HTTP status; anything else is rethrown. */
function refusal(error: unknown, field: string): { errors: FieldError[]; status: 403 | 409 | 422 } {
  if (error instanceof ValidationError) return { errors: error.errors, status: 422 };
  if (error instanceof RuleError) return { errors: [{ field: error.field, message: error.message }], status: 422 };
  if (error instanceof VersionConflictError) return { errors: [{ field, message: `${error.message}` }], status: 409 };
  if (error instanceof ForbiddenError) return { errors: [{ field, message: error.message }], status: 403 };
  throw error;
}

/**
 * The rows of the result form as themes; a row left blank is skipped. A bad row's errors name
 * its own boxes ("theme2", "response2"), so the form marks the right one.
 */
function readThemes(values: Values): { themes: unknown[]; errors: FieldError[] } {
  const themes: unknown[] = [];
  const errors: FieldError[] = [];
  for (let n = 1; n <= THEME_ROWS; n++) {
    const cell = (k: string) => (typeof values[`${k}${n}`] === 'string' ? (values[`${k}${n}`] as string) : '');
    const row = { theme: cell('theme'), opinions: cell('opinions'), outcome: cell('outcome'), response: cell('response') };
    if (Object.values(row).every((v) => v.trim() === '')) continue;
    const parsed = ThemeSchema.safeParse({ ...row, outcome: row.outcome || undefined });
    if (parsed.success) themes.push(parsed.data);
    else for (const issue of parsed.error.issues) {
      const field = `${String(issue.path[0])}${n}`;
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: `Nhóm ${n}: ${issue.message}` });
    }
  }
  return { themes, errors };
}

/** The labels of what a pending change of a consultation may change, as the forms name them. */
const CHANGE_LABELS: Record<string, string> = {
  title: 'Tên nội dung',
  subject: 'Lĩnh vực',
  summary: 'Tóm tắt',
  opensOn: 'Ngày bắt đầu',
  closesOn: 'Ngày kết thúc',
  channels: 'Hình thức lấy ý kiến',
  illustration: 'Minh họa',
  draftDocument: 'Tệp dự thảo',
  offlineCounts: 'Số ý kiến nhận ngoài cổng',
  themes: 'Các nhóm ý kiến và kết quả',
  resultNote: 'Ghi chú kết quả',
  finalDocumentNumber: 'Văn bản cuối cùng',
};

/**
 * A value of a pending change as citizens read it on the consultation page: the subject and
 * channels by their labels, files by name, counts per channel ("—" when not known, never 0),
 * each group of opinions with its count, outcome and response.
 */
function readable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('vi-VN') : '—');
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'draftDocument') out[k] = (v as { fileName?: string } | null)?.fileName ?? null;
    else if (k === 'subject' && typeof v === 'string') out[k] = CONSULTATION_SUBJECTS[v as keyof typeof CONSULTATION_SUBJECTS] ?? v;
    else if (k === 'channels' && Array.isArray(v)) out[k] = v.map((ch: string) => CONSULTATION_CHANNELS[ch as ConsultationChannel] ?? ch);
    else if (k === 'offlineCounts' && v !== null && typeof v === 'object') {
      out[k] = Object.entries(v as Record<string, unknown>).map(([ch, n]) => `${CONSULTATION_CHANNELS[ch as ConsultationChannel] ?? ch}: ${count(n)}`).join('; ');
    } else if (k === 'themes' && Array.isArray(v)) {
      out[k] = (v as { theme: string; opinions: number | null; outcome: keyof typeof THEME_OUTCOMES; response: string }[])
        .map((t) => `${t.theme} (${count(t.opinions)} ý kiến) – ${THEME_OUTCOMES[t.outcome] ?? t.outcome}: ${t.response}`)
        .join('; ');
    } else out[k] = v;
  }
  return out;
}

async function detail(c: Context<AppEnv>, id: number, extra: Partial<DetailProps> = {}) {
  const consultation = await getConsultation(c.env.DB, id);
  if (!consultation) return null;
  const [opinions, open] = await Promise.all([listOpinions(c.env.DB, id), openRevisionOf(c.env.DB, { entity: 'consultation', id })]);
  const account = c.get('account');
  const pendingChange = open && (
    <PendingChangePanel
      current={readable(consultation as unknown as Record<string, unknown>)}
      revision={{ ...open, fields: readable(open.fields ?? {}) }}
      labels={CHANGE_LABELS}
      base={`/admin/lay-y-kien/${id}/thay-doi/${open.id}`}
      mayApprove={mayPublish({ accountId: account.id, role: account.role }, { lastEditorId: open.createdBy }, true).ok}
      errors={extra.upload?.errors ?? []}
    />
  );
  return <ConsultationDetailPage consultation={consultation} opinions={opinions} saved={false} pendingChange={pendingChange} {...extra} />;
}

/** After a save: the detail page, saying whether the change is live or waits for a second approver. */
const savedAt = (id: number, pending: unknown) => `/admin/lay-y-kien/${id}?${pending ? 'cho-duyet' : 'da-luu'}`;

export const consultationsAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [items, tallies, changes] = await Promise.all([listConsultations(c.env.DB), tallyOpinions(c.env.DB), itemsWithOpenRevision(c.env.DB, 'consultation')]);
    return c.render(<ConsultationListPage items={items} tallies={tallies} saved={c.req.query('da-luu') !== undefined} changes={changes} />, { title: 'Lấy ý kiến Nhân dân' });
  })
  .get('/moi', (c) => c.render(<NewConsultationPage values={{ channels: ['meeting', 'portal'] }} errors={[]} />, { title: 'Thêm nội dung lấy ý kiến' }))
  .post('/moi', async (c) => {
    const { input, values } = readForm(await c.req.parseBody({ all: true }), { arrays: ['channels'], booleans: ['illustration'] });
    const { action, ...fields } = input;
    try {
      const created = await act(c, (ctx) => createConsultation(ctx, { ...fields, publish: action === 'publish' }));
      return c.redirect(`/admin/lay-y-kien/${created.id}?da-luu`, 303);
    } catch (error) {
      const { errors, status } = refusal(error, 'title');
      c.status(status);
      return c.render(<NewConsultationPage values={values} errors={errors} />, { title: 'Thêm nội dung lấy ý kiến', hasErrors: true });
    }
  })
  .get('/:id{[0-9]+}', async (c) => {
    const page = await detail(c, Number(c.req.param('id')), { saved: c.req.query('da-luu') !== undefined, awaiting: c.req.query('cho-duyet') !== undefined });
    if (!page) return c.notFound();
    return c.render(page, { title: 'Lấy ý kiến' });
  })
  .get('/:id{[0-9]+}/sua', async (c) => {
    const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
    if (!consultation) return c.notFound();
    return c.render(<EditConsultationPage consultation={consultation} values={consultationValues(consultation)} errors={[]} />, { title: 'Sửa nội dung lấy ý kiến' });
  })
  .post('/:id{[0-9]+}/sua', async (c) => {
    const id = Number(c.req.param('id'));
    const consultation = await getConsultation(c.env.DB, id);
    if (!consultation) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody({ all: true }), { arrays: ['channels'], booleans: ['illustration'] });
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => updateConsultation(ctx, id, input)));
    } catch (error) {
      const { errors, status } = refusal(error, 'title');
      c.status(status);
      return c.render(<EditConsultationPage consultation={consultation} values={values} errors={errors} />, { title: 'Sửa nội dung lấy ý kiến', hasErrors: true });
    }
    return c.redirect(savedAt(id, pending), 303);
  })
  .post('/:id{[0-9]+}/cong-khai', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    try {
      await act(c, (ctx) => publishConsultation(ctx, id, { version: body.version }));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = refusal(error, 'title');
      c.status(status);
      const page = await detail(c, id, { counts: undefined, summary: undefined, moderation: undefined });
      return c.render(<>{errors.map((e) => <p class="warning" role="alert">{e.message}</p>)}{page}</>, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(`/admin/lay-y-kien/${id}?da-luu`, 303);
  })
  .post('/:id{[0-9]+}/tep', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => attachDraftDocument(ctx, id, body.file, body.version)));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = refusal(error, 'file');
      c.status(status);
      return c.render((await detail(c, id, { upload: { errors } }))!, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(savedAt(id, pending), 303);
  })
  .post('/:id{[0-9]+}/so-lieu', async (c) => {
    const id = Number(c.req.param('id'));
    const { values } = readForm(await c.req.parseBody());
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => saveOfflineCounts(ctx, id, values)));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = refusal(error, 'version');
      c.status(status);
      return c.render((await detail(c, id, { counts: { values, errors } }))!, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(savedAt(id, pending), 303);
  })
  .post('/:id{[0-9]+}/ket-qua', async (c) => {
    const id = Number(c.req.param('id'));
    const { values } = readForm(await c.req.parseBody());
    const { themes, errors: rowErrors } = readThemes(values);
    const rejected = async (errors: FieldError[], status: 403 | 409 | 422) => {
      c.status(status);
      const page = await detail(c, id, { summary: { values, errors } });
      return page ? c.render(page, { title: 'Lấy ý kiến', hasErrors: true }) : c.notFound();
    };
    if (rowErrors.length) return rejected(rowErrors, 422);
    let pending;
    try {
      ({ pending } = await act(c, (ctx) =>
        saveSummary(ctx, id, {
          version: values.version,
          themes,
          resultNote: values.resultNote ?? '',
          finalDocumentNumber: values.finalDocumentNumber ?? '',
          changeNote: values.changeNote ?? '',
          publish: values.action === 'publish',
        }),
      ));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = refusal(error, 'theme1');
      // A missing group is reported on the first row's box.
      return rejected(errors.map((e) => (e.field === 'themes' ? { ...e, field: 'theme1' } : e)), status);
    }
    return c.redirect(savedAt(id, pending), 303);
  })
  .post('/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/duyet', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      await act(c, (ctx) => approveConsultationRevision(ctx, id, Number(c.req.param('revisionId'))));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = refusal(error, 'revision');
      c.status(status);
      const page = await detail(c, id);
      return c.render(<>{errors.map((e) => <p class="warning" role="alert">{e.message}</p>)}{page}</>, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(`/admin/lay-y-kien/${id}?da-luu`, 303);
  })
  .post('/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/tu-choi', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    const reason = typeof body.reason === 'string' ? body.reason : '';
    try {
      await act(c, (ctx) => rejectConsultationRevision(ctx, id, Number(c.req.param('revisionId')), { reason: reason || undefined }));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = refusal(error, 'reason');
      c.status(status);
      const page = await detail(c, id);
      return c.render(<>{errors.map((e) => <p class="warning" role="alert">{e.message}</p>)}{page}</>, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(`/admin/lay-y-kien/${id}`, 303);
  })
  .post('/y-kien/:opinion{[0-9]+}', async (c) => {
    const opinionId = Number(c.req.param('opinion'));
    const opinion = await getOpinion(c.env.DB, opinionId);
    if (!opinion) return c.notFound();
    const { values } = readForm(await c.req.parseBody());
    const input =
      values.decision === 'publish'
        ? { decision: 'publish', publishedBody: values.publishedBody ?? '', showName: (values.showName ?? '') !== '' }
        : values.decision === 'hide'
          ? { decision: 'hide', hideReason: values.hideReason || undefined }
          : {};
    try {
      await act(c, (ctx) => moderateOpinion(ctx, opinionId, input));
    } catch (error) {
      const { errors, status } = refusal(error, 'decision');
      c.status(status);
      const page = await detail(c, opinion.consultationId, { moderation: { id: opinionId, values, errors } });
      return c.render(page!, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(`/admin/lay-y-kien/${opinion.consultationId}?da-luu#y-kien-${opinionId}`, 303);
  });
