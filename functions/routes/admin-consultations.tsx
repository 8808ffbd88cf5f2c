import { Hono, type Context } from 'hono';
import { getDemocracyRules } from '../../schema/unit/democracy-rules.db.ts';
import { itemsWithOpenRevision, openRevisionOf } from '../../schema/lifecycle/pending-revisions.db.ts';
import { mayPublish } from '../../schema/accounts/review.ts';
import { PendingChangePanel } from '../admin/pending-revision.tsx';
import {
  CONSULTATION_CHANNELS,
  CONSULTATION_FIELDS,
  CONSULTATION_SUBJECTS,
  THEME_OUTCOMES,
  ThemeSchema,
  type ConsultationChannel,
} from '../../schema/consultation/consultation.ts';
import { labelsOf } from '../../schema/core/fields.ts';
import {
  getConsultation,
  getOpinion,
  listBusySenders,
  listConsultations,
  listOpinions,
  tallyOpinions,
} from '../../schema/consultation/consultations.db.ts';
import { may } from '../../schema/accounts/roles.ts';
import { NotFoundError } from '../../schema/core/errors.ts';
import {
  approveConsultationRevision,
  attachDraftDocument,
  createConsultation,
  rejectConsultationRevision,
  hideOpinionsInBulk,
  moderateOpinion,
  updateConsultation,
  publishConsultation,
  withdrawConsultation,
  saveOfflineCounts,
  saveSummary,
} from '../../schema/consultation/consultations.use-cases.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { act } from '../act.ts';
import {
  ConsultationDetailPage,
  ConsultationListPage,
  consultationValues,
  EditConsultationPage,
  NewConsultationPage,
  OPINIONS_PER_PAGE,
  THEME_ROWS,
  type DetailProps,
} from '../admin/consultation-pages.tsx';
import { formEditOver, readForm, type Values } from '../admin/form.ts';
import { CONFIRM_FIELD } from '../admin/confirm.tsx';
import { mayPublishOwn, PublishConfirmPage, SAVED_AS_DRAFT } from '../admin/publish-confirm.tsx';
import { consultationPhase, SummarySchema, type Consultation } from '../../schema/consultation/consultation.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { ConfirmPage } from '../admin/confirm.tsx';
import { PUBLISH_NOTE } from '../admin/disclosure-pages.tsx';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';
import { WithdrawRecordPage } from '../admin/community-pages.tsx';
import { requirePermission } from '../admin/roles.tsx';

/** Admin of consultations, under /admin/lay-y-kien: records, the moderation queue, counts, the result. */

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

/** The labels of what a pending change of a consultation may change: its declared fields, its file, counts and result. */
const CHANGE_LABELS: Record<string, string> = {
  ...labelsOf(CONSULTATION_FIELDS),
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
      out[k] = Object.entries(v as Record<string, unknown>)
        .map(([ch, n]) => `${CONSULTATION_CHANNELS[ch as ConsultationChannel] ?? ch}: ${count(n)}`)
        .join('; ');
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
  const account = c.get('account');
  const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('trang') ?? '1', 10) || 1));
  const mayModerate = may(account.role, 'opinion.moderate');
  const [listed, senders, open, rules] = await Promise.all([
    listOpinions(c.env.DB, id, { offset: (page - 1) * OPINIONS_PER_PAGE, limit: OPINIONS_PER_PAGE }),
    mayModerate ? listBusySenders(c.env.DB, id) : [],
    openRevisionOf(c.env.DB, { entity: 'consultation', id }),
    getDemocracyRules(c.env.DB),
  ]);
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
  return (
    <ConsultationDetailPage
      consultation={consultation}
      opinions={listed.opinions}
      totals={{ all: listed.total, pending: listed.pending, page }}
      senders={senders}
      mayModerate={mayModerate}
      saved={false}
      pendingChange={pendingChange}
      rules={rules}
      {...extra}
    />
  );
}

/** The confirmation before a draft consultation is published; `justSaved` after "Lưu và công khai" stored it. */
function confirmPage(c: Consultation, version: string | number, justSaved: boolean) {
  const base = `/admin/lay-y-kien/${c.id}`;
  const saved = justSaved ? SAVED_AS_DRAFT('danh sách “Lấy ý kiến Nhân dân”') : undefined;
  return <PublishConfirmPage label={c.title} action={`${base}/cong-khai`} version={version} back={base} saved={saved} />;
}

/**
 * Whether "Công bố kết quả" on a result not yet published asks first: only when the use case
 * would publish it (the consultation published and closed, the result valid, the official allowed
 * by role and by the two-person rule, judged as saveSummary judges it: what one just typed makes
 * one its writer). Otherwise the use case answers at once, refusing on the form as before.
 */
async function summaryAsksFirst(c: Context<AppEnv>, consultation: Consultation, raw: Record<string, unknown>): Promise<boolean> {
  if (
    raw.action !== 'publish' ||
    raw[CONFIRM_FIELD] === '1' ||
    consultation.summaryStatus === 'published' ||
    consultation.status !== 'published'
  )
    return false;
  const phase = consultationPhase(consultation, todayInVietnam());
  if (phase === 'open' || phase === 'upcoming') return false;
  const parsed = SummarySchema.safeParse(raw);
  if (!parsed.success) return false;
  const typed = (v: Pick<Consultation, 'themes' | 'resultNote' | 'finalDocumentNumber'>) =>
    JSON.stringify([v.themes, v.resultNote, v.finalDocumentNumber]);
  const account = c.get('account');
  const lastEditorId = typed(parsed.data) !== typed(consultation) ? account.id : consultation.lastEditorId;
  const unit = await getUnit(c.env.DB);
  return mayPublish({ accountId: account.id, role: account.role }, { lastEditorId }, unit?.fourEyes ?? false).ok;
}

/** The confirmation before a result stored as a draft is published. */
function summaryConfirmPage(c: Consultation) {
  const base = `/admin/lay-y-kien/${c.id}`;
  return (
    <ConfirmPage
      title={`Công bố kết quả tiếp thu, giải trình của “${c.title}”?`}
      lines={[
        'Đã lưu kết quả thành bản nháp; chưa công bố. Nếu quay lại, bản nháp vẫn còn trên trang nội dung lấy ý kiến.',
        `Mọi người dân sẽ đọc được kết quả này trên trang công khai. ${PUBLISH_NOTE}`,
        'Kết quả đã công bố không xóa được: về sau chỉ sửa được, kèm lý do hiện công khai.',
      ]}
      action={`${base}/ket-qua/cong-bo`}
      values={{ version: String(c.version) }}
      button="Công bố kết quả"
      back={base}
    />
  );
}

/** After a save: the detail page, saying whether the change is live or waits for a second approver. */
const savedAt = (id: number, pending: unknown) => `/admin/lay-y-kien/${id}?${pending ? 'cho-duyet' : 'da-luu'}`;

export const consultationsAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [items, tallies, changes, rules] = await Promise.all([
      listConsultations(c.env.DB),
      tallyOpinions(c.env.DB),
      itemsWithOpenRevision(c.env.DB, 'consultation'),
      getDemocracyRules(c.env.DB),
    ]);
    return c.render(
      <ConsultationListPage items={items} tallies={tallies} saved={c.req.query('da-luu') !== undefined} changes={changes} rules={rules} />,
      { title: 'Lấy ý kiến Nhân dân' },
    );
  })
  .get('/moi', (c) =>
    c.render(<NewConsultationPage values={{ channels: ['meeting', 'portal'] }} errors={[]} />, { title: 'Thêm nội dung lấy ý kiến' }),
  )
  .post('/moi', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const { input, values } = readForm(body, { arrays: ['channels'], booleans: ['illustration'] });
    const { action, ...fields } = input;
    // The draft document may be chosen on the same form (issue 22.4).
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    // "Lưu và công khai" stores a draft and asks on the confirmation page before publishing it;
    // an official who may not publish (role, two-person rule) is refused on the form, as before.
    const confirmFirst = action === 'publish' && (await mayPublishOwn(c));
    try {
      const created = await act(c, (ctx) => createConsultation(ctx, { ...fields, publish: action === 'publish' && !confirmFirst }, file));
      if (confirmFirst) return c.redirect(`/admin/lay-y-kien/${created.id}/cong-khai?moi`, 303);
      return c.redirect(`/admin/lay-y-kien/${created.id}?da-luu`, 303);
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      c.status(status);
      return c.render(<NewConsultationPage values={values} errors={errors} />, { title: 'Thêm nội dung lấy ý kiến', hasErrors: true });
    }
  })
  .get('/:id{[0-9]+}', async (c) => {
    const hidden = Number.parseInt(c.req.query('da-an') ?? '', 10);
    const page = await detail(c, Number(c.req.param('id')), {
      bulkHidden: Number.isFinite(hidden) ? hidden : undefined,
      saved: c.req.query('da-luu') !== undefined,
      published: c.req.query('da-cong-khai') !== undefined,
      awaiting: c.req.query('cho-duyet') !== undefined,
    });
    if (!page) return c.notFound();
    return c.render(page, { title: 'Lấy ý kiến' });
  })
  .get('/:id{[0-9]+}/sua', async (c) => {
    const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
    if (!consultation) return c.notFound();
    return c.render(<EditConsultationPage consultation={consultation} values={consultationValues(consultation)} errors={[]} />, {
      title: 'Sửa nội dung lấy ý kiến',
    });
  })
  .post('/:id{[0-9]+}/sua', async (c) => {
    const id = Number(c.req.param('id'));
    const consultation = await getConsultation(c.env.DB, id);
    if (!consultation) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody({ all: true }), { arrays: ['channels'], booleans: ['illustration'] });
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => updateConsultation(ctx, id, formEditOver(CONSULTATION_FIELDS, consultation, input, values))));
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      c.status(status);
      return c.render(<EditConsultationPage consultation={consultation} values={values} errors={errors} />, {
        title: 'Sửa nội dung lấy ý kiến',
        hasErrors: true,
      });
    }
    return c.redirect(savedAt(id, pending), 303);
  })
  .get('/:id{[0-9]+}/cong-khai', async (c) => {
    const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
    if (!consultation) return c.notFound();
    if (consultation.status !== 'draft') return c.redirect(`/admin/lay-y-kien/${consultation.id}`, 303);
    return c.render(confirmPage(consultation, consultation.version, c.req.query('moi') !== undefined), {
      title: `Công khai: ${consultation.title}`,
    });
  })
  .post('/:id{[0-9]+}/cong-khai', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    // The draft's "Công khai" button only asks; the confirmation page's button publishes.
    if (body[CONFIRM_FIELD] !== '1') {
      const consultation = await getConsultation(c.env.DB, id);
      if (!consultation) return c.notFound();
      return c.render(confirmPage(consultation, String(body.version ?? consultation.version), false), {
        title: `Công khai: ${consultation.title}`,
      });
    }
    try {
      await act(c, (ctx) => publishConsultation(ctx, id, { version: body.version }));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = formErrors(error, 'title');
      c.status(status);
      const page = await detail(c, id, { counts: undefined, summary: undefined, moderation: undefined });
      return c.render(
        <>
          {errors.map((e) => (
            <p class="warning" role="alert">
              {e.message}
            </p>
          ))}
          {page}
        </>,
        { title: 'Lấy ý kiến', hasErrors: true },
      );
    }
    return c.redirect(`/admin/lay-y-kien/${id}?da-cong-khai`, 303);
  })
  // Withdrawing, as for every record kind: its own page asks for the public reason (schema/lifecycle/lifecycle.use-cases.ts).
  .get('/:id{[0-9]+}/thu-hoi', requirePermission('record.withdraw'), async (c) => {
    const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
    if (!consultation) return c.notFound();
    const base = `/admin/lay-y-kien/${consultation.id}`;
    const values = { version: String(consultation.version) };
    const page = <WithdrawRecordPage base={base} label={consultation.title} values={values} errors={[]} />;
    return c.render(page, { title: `Thu hồi: ${consultation.title}` });
  })
  .post('/:id{[0-9]+}/thu-hoi', requirePermission('record.withdraw'), async (c) => {
    const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
    if (!consultation) return c.notFound();
    const body = await c.req.parseBody();
    const values: Values = { version: String(body.version ?? ''), reason: typeof body.reason === 'string' ? body.reason : '' };
    try {
      const raw = { version: values.version, reason: values.reason || undefined };
      const { pending } = await act(c, (ctx) => withdrawConsultation(ctx, consultation.id, raw));
      return c.redirect(savedAt(consultation.id, pending), 303);
    } catch (error) {
      const { errors, status } = formErrors(error, 'reason');
      c.status(status);
      const base = `/admin/lay-y-kien/${consultation.id}`;
      const page = <WithdrawRecordPage base={base} label={consultation.title} values={values} errors={errors} />;
      return c.render(page, { title: `Thu hồi: ${consultation.title}`, hasErrors: true });
    }
  })
  .post('/:id{[0-9]+}/tep', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    const changeNote = typeof body.changeNote === 'string' ? body.changeNote : '';
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => attachDraftDocument(ctx, id, body.file, body.version, changeNote)));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = formErrors(error, 'file');
      c.status(status);
      return c.render((await detail(c, id, { upload: { errors, values: { changeNote } } }))!, { title: 'Lấy ý kiến', hasErrors: true });
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
      const { errors, status } = formErrors(error, 'version');
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
    const typed = {
      version: values.version,
      themes,
      resultNote: values.resultNote ?? '',
      finalDocumentNumber: values.finalDocumentNumber ?? '',
      changeNote: values.changeNote ?? '',
    };
    // A first publication of the result asks first: the result is stored as a draft, the confirmation publishes it.
    const consultation = await getConsultation(c.env.DB, id);
    if (!consultation) return c.notFound();
    const confirmFirst = await summaryAsksFirst(c, consultation, {
      ...typed,
      action: values.action,
      [CONFIRM_FIELD]: values[CONFIRM_FIELD],
    });
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => saveSummary(ctx, id, { ...typed, publish: values.action === 'publish' && !confirmFirst })));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = formErrors(error, 'theme1');
      // A missing group is reported on the first row's box.
      return rejected(errors.map((e) => (e.field === 'themes' ? { ...e, field: 'theme1' } : e)), status);
    }
    if (confirmFirst) return c.redirect(`/admin/lay-y-kien/${id}/ket-qua/cong-bo`, 303);
    return c.redirect(savedAt(id, pending), 303);
  })
  .get('/:id{[0-9]+}/ket-qua/cong-bo', async (c) => {
    const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
    if (!consultation) return c.notFound();
    if (consultation.summaryStatus === 'published') return c.redirect(`/admin/lay-y-kien/${consultation.id}`, 303);
    return c.render(summaryConfirmPage(consultation), { title: `Công bố kết quả: ${consultation.title}` });
  })
  .post('/:id{[0-9]+}/ket-qua/cong-bo', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    const consultation = await getConsultation(c.env.DB, id);
    if (!consultation) return c.notFound();
    if (body[CONFIRM_FIELD] !== '1') return c.render(summaryConfirmPage(consultation), { title: `Công bố kết quả: ${consultation.title}` });
    try {
      // The draft as stored, published: its writer stays its last editor (the two-person rule).
      await act(c, (ctx) =>
        saveSummary(ctx, id, {
          version: body.version,
          themes: consultation.themes,
          resultNote: consultation.resultNote,
          finalDocumentNumber: consultation.finalDocumentNumber ?? '',
          changeNote: '',
          publish: true,
        }),
      );
    } catch (error) {
      const { errors, status } = formErrors(error, 'theme1');
      c.status(status);
      const page = await detail(c, id);
      return c.render(
        <>
          {errors.map((e) => (
            <p class="warning" role="alert">
              {e.message}
            </p>
          ))}
          {page}
        </>,
        { title: 'Lấy ý kiến', hasErrors: true },
      );
    }
    return c.redirect(`/admin/lay-y-kien/${id}?da-cong-khai`, 303);
  })
  .post('/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/duyet', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      await act(c, (ctx) => approveConsultationRevision(ctx, id, Number(c.req.param('revisionId'))));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = formErrors(error, 'revision');
      c.status(status);
      const page = await detail(c, id);
      return c.render(
        <>
          {errors.map((e) => (
            <p class="warning" role="alert">
              {e.message}
            </p>
          ))}
          {page}
        </>,
        { title: 'Lấy ý kiến', hasErrors: true },
      );
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
      const { errors, status } = formErrors(error, 'reason');
      c.status(status);
      const page = await detail(c, id);
      return c.render(
        <>
          {errors.map((e) => (
            <p class="warning" role="alert">
              {e.message}
            </p>
          ))}
          {page}
        </>,
        { title: 'Lấy ý kiến', hasErrors: true },
      );
    }
    return c.redirect(`/admin/lay-y-kien/${id}`, 303);
  })
  .post('/:id{[0-9]+}/an-hang-loat', async (c) => {
    const id = Number(c.req.param('id'));
    const { values } = readForm(await c.req.parseBody());
    try {
      const hidden = await act(c, (ctx) => hideOpinionsInBulk(ctx, id, values));
      return c.redirect(`/admin/lay-y-kien/${id}?da-an=${hidden}#y-kien`, 303);
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      const { errors, status } = formErrors(error, 'addressHash');
      c.status(status);
      const page = await detail(c, id, { bulk: { values, errors } });
      return c.render(page!, { title: 'Lấy ý kiến', hasErrors: true });
    }
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
      const { errors, status } = formErrors(error, 'decision');
      c.status(status);
      const page = await detail(c, opinion.consultationId, { moderation: { id: opinionId, values, errors } });
      return c.render(page!, { title: 'Lấy ý kiến', hasErrors: true });
    }
    return c.redirect(`/admin/lay-y-kien/${opinion.consultationId}?da-luu#y-kien-${opinionId}`, 303);
  });
