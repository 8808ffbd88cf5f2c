import { Hono, type Context } from 'hono';
import { todayInVietnam, addDays } from '../../schema/core/dates.ts';
import { DISCLOSURE_FIELDS, MIN_POSTING_DAYS } from '../../schema/disclosure/disclosure.ts';
import { committeeName } from '../../schema/unit/unit.ts';
import { getUnitOn } from '../../schema/unit/unit-names.db.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { formInput, valuesOf } from '../admin/disclosure-form.tsx';
import {
  DisclosureListPage,
  EditDisclosurePage,
  NewDisclosurePage,
  WithdrawPage,
} from '../admin/disclosure-pages.tsx';
import { formEditOver, type Values } from '../admin/form.ts';
import { keptForm } from '../admin/kept-form.tsx';
import { dropUpload, fileOf, keepUpload, keptUpload, KEPT_FILE_FIELD, REMOVE_KEPT_FILE_FIELD } from '../admin/pending-upload.ts';
import { CONFIRM_FIELD } from '../admin/confirm.tsx';
import { mayPublishOwn, PublishConfirmPage } from '../admin/publish-confirm.tsx';
import { deleteFormDrafts } from '../../schema/core/form-drafts.db.ts';
import { listCategories } from '../../schema/disclosure/categories.db.ts';
import { getDisclosure, listDisclosures } from '../../schema/disclosure/disclosures.db.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../../schema/core/errors.ts';
import { getAttachment, listAttachments } from '../../schema/disclosure/attachments.db.ts';
import { itemsWithOpenRevision, openRevision } from '../../schema/lifecycle/pending-revisions.db.ts';
import { listAccounts } from '../../schema/accounts/accounts.db.ts';
import type { Disclosure } from '../../schema/disclosure/disclosure.ts';
import { mayPublish } from '../../schema/accounts/review.ts';
import { attachFile, createDisclosureWithFile, withdrawAttachment } from '../../schema/disclosure/attachments.use-cases.ts';
import { AttachmentWithdrawPage } from '../admin/attachment-list.tsx';
import { PendingRevisionPanel } from '../admin/pending-revision.tsx';
import {
  approveRevision,
  createDisclosure,
  publishDisclosure,
  rejectRevision,
  updateDisclosure,
  withdrawDisclosure,
} from '../../schema/disclosure/disclosures.use-cases.ts';
import { act } from '../act.ts';
import { listFailedPaths, listPublishJobs } from '../../schema/publishing/publish-jobs.db.ts';
import { PublishPanel } from '../admin/publish-panel.tsx';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** /admin/ and /admin/cong-khai/…: the disclosures (nội dung công khai), their files and changes. */

/**
 * The confirmation before a draft is published: from its edit page ("Công khai ngay…") or right
 * after "Lưu và công khai" stored a new item as a draft (`justSaved`: it says the draft and its
 * files are kept, not public, if the official goes back).
 */
async function publishConfirmPage(c: Context<AppEnv>, d: Disclosure, version: string | number, justSaved: boolean) {
  const files = justSaved ? await listAttachments(c.env.DB, d.id) : [];
  const saved = justSaved
    ? `Đã lưu thành bản nháp${files.length ? `, kèm tệp ${files.map((f) => `“${f.fileName}”`).join(', ')}` : ''}; chưa công khai. ` +
      'Nếu quay lại, bản nháp vẫn còn trong danh sách nội dung.'
    : undefined;
  return (
    <PublishConfirmPage
      label={d.title}
      action={`/admin/cong-khai/${d.id}/cong-khai`}
      version={version}
      back={`/admin/cong-khai/${d.id}`}
      saved={saved}
    />
  );
}

/** An item's edit page with its files and its change waiting for a second approver, if any. */
async function editPage(
  c: Context<AppEnv>,
  d: Disclosure,
  values: Values,
  errors: FieldError[],
  saved?: 'saved' | 'published' | 'pending',
) {
  const [categories, attachments, open] = await Promise.all([
    listCategories(c.env.DB),
    listAttachments(c.env.DB, d.id),
    openRevision(c.env.DB, d.id),
  ]);
  let pending;
  if (open) {
    const account = c.get('account');
    const names = new Map((await listAccounts(c.env.DB)).map((a) => [a.id, a.displayName]));
    const may = mayPublish({ accountId: account.id, role: account.role }, { lastEditorId: open.createdBy }, true).ok;
    const file = attachments.find((a) => a.id === open.attachmentId) ?? null;
    const author = (open.createdBy !== null && names.get(open.createdBy)) || 'Một cán bộ';
    pending = (
      <PendingRevisionPanel
        disclosure={d}
        revision={open}
        categories={categories}
        attachment={file}
        authorName={author}
        mayApprove={may}
        errors={errors}
      />
    );
  }
  const page = (
    <EditDisclosurePage
      disclosure={d}
      values={values}
      errors={errors}
      categories={categories}
      attachments={attachments}
      pending={pending}
      saved={saved}
      sessionEndsAt={c.get('sessionEndsAt')}
    />
  );
  return page;
}

export const disclosuresAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    // The latest 200 changes; older items are found through the public search and lists.
    const [items, pending, jobs] = await Promise.all([
      listDisclosures(c.env.DB, { limit: 200 }),
      itemsWithOpenRevision(c.env.DB),
      listPublishJobs(c.env.DB),
    ]);
    // The pages the latest finished job skipped (a row that fails its schema, a page that failed to render).
    const finished = jobs.find((j) => j.finishedAt);
    const panel = <PublishPanel jobs={jobs} failed={finished ? await listFailedPaths(c.env.DB, finished.id) : []} />;
    return c.render(<DisclosureListPage items={items} pending={pending} saved={c.req.query('da-luu')} panel={panel} />, {
      title: 'Nội dung công khai',
    });
  })
  .get('/cong-khai/moi', async (c) => {
    const today = todayInVietnam();
    // The issuer proposed is the committee under the name in force today (a planned rename shows from its date).
    const [categories, unit] = await Promise.all([listCategories(c.env.DB), getUnitOn(c.env.DB, today)]);
    const kept = keptForm(c);
    const keptFile = kept ? await keptUpload(c, kept.fields[KEPT_FILE_FIELD]) : null;
    const values: Values = kept
      ? formInput(kept.fields).values
      : {
          issuer: unit ? committeeName(unit) : '',
          issuedOn: today,
          postingStart: today,
          postingEnd: addDays(today, MIN_POSTING_DAYS - 1),
          channels: ['office_board', 'portal'],
        };
    const page = (
      <NewDisclosurePage values={values} errors={[]} categories={categories} keptFile={keptFile} sessionEndsAt={c.get('sessionEndsAt')} />
    );
    return c.render(page, { title: 'Thêm nội dung công khai' });
  })
  .post('/cong-khai/moi', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const { input, values } = formInput(body);
    // A file chosen on the form is attached in the same submit; a refused file saves nothing. A
    // file kept from an earlier refusal of this form is used unless another is chosen or it is removed.
    const chosen = body.file instanceof File && body.file.size > 0 ? body.file : null;
    let kept = await keptUpload(c, body[KEPT_FILE_FIELD]);
    if (kept && (chosen || body[REMOVE_KEPT_FILE_FIELD] === 'on')) {
      await dropUpload(c, kept);
      kept = null;
    }
    const file = chosen ?? (kept && (await fileOf(c, kept)));
    // "Lưu và công khai" asks first. A browser cannot send a chosen file again from a confirmation
    // page, so the item is stored as a draft with its file (neither is public: /tep/ serves a
    // draft's file to officials only) and the confirmation publishes that draft. Going back
    // loses nothing. An official who may not publish is told so on the form, as before.
    const confirmFirst = input.publish === true && (await mayPublishOwn(c));
    let created;
    try {
      const stored = confirmFirst ? { ...input, publish: false } : input;
      created = await act(c, (ctx) => (file ? createDisclosureWithFile(ctx, stored, file) : createDisclosure(ctx, stored)));
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      // A refused publish keeps what was typed; the draft button still saves it.
      const draftHint = (e: FieldError) => ({ ...e, message: `${e.message} Bấm "Lưu nháp" để lưu những gì đã nhập.` });
      const shown = status === 403 ? errors.map(draftHint) : errors;
      // A file refused for what it is is not kept (the error asks for another); one refused with the form is.
      if (chosen && status === 422 && !errors.some((e) => e.field === 'file')) kept = await keepUpload(c, chosen);
      const categories = await listCategories(c.env.DB);
      const page = (
        <NewDisclosurePage values={values} errors={shown} categories={categories} keptFile={kept} sessionEndsAt={c.get('sessionEndsAt')} />
      );
      c.status(status);
      return c.render(page, { title: 'Thêm nội dung công khai', hasErrors: true });
    }
    if (kept) await dropUpload(c, kept);
    await deleteFormDrafts(c.env.DB, c.get('account').id, c.req.path);
    if (confirmFirst) return c.redirect(`/admin/cong-khai/${created.id}/cong-khai?moi`, 303);
    return c.redirect(`/admin/?da-luu=${created.status === 'draft' ? 'nhap' : 'cong-khai'}`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    // After a refused publish: the reason is restated here rather than carried in the URL.
    const refused =
      'Chưa công khai được: chỉ người duyệt công khai được, và nếu đơn vị yêu cầu hai người ' +
      'thì người duyệt phải khác người soạn, sửa sau cùng.';
    const errors = c.req.query('tu-choi') !== undefined ? [{ field: 'title', message: refused }] : [];
    const kept = keptForm(c);
    const saved =
      c.req.query('cho-duyet') !== undefined
        ? 'pending'
        : c.req.query('da-cong-khai') !== undefined
          ? 'published'
          : c.req.query('da-luu') !== undefined
            ? 'saved'
            : undefined;
    const values = kept ? formInput(kept.fields).values : valuesOf(d);
    return c.render(await editPage(c, d, values, errors, saved), { title: `Sửa: ${d.title}`, hasErrors: errors.length > 0 });
  })
  .post('/cong-khai/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const current = await getDisclosure(c.env.DB, id);
    if (!current) return c.notFound();
    const { input, values } = formInput(await c.req.parseBody({ all: true }));
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => updateDisclosure(ctx, id, formEditOver(DISCLOSURE_FIELDS, current, input, values))));
    } catch (error) {
      const { errors, status } = formErrors(error, 'title');
      c.status(status);
      return c.render(await editPage(c, current, values, errors), { title: `Sửa: ${current.title}`, hasErrors: true });
    }
    await deleteFormDrafts(c.env.DB, c.get('account').id, c.req.path);
    return c.redirect(`/admin/cong-khai/${id}?${pending ? 'cho-duyet' : 'da-luu'}`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}/cong-khai', async (c) => {
    // Where "Lưu và công khai" on a new item lands: its draft is stored, publishing waits for the button.
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    if (d.status !== 'draft') return c.redirect(`/admin/cong-khai/${d.id}`, 303);
    return c.render(await publishConfirmPage(c, d, d.version, c.req.query('moi') !== undefined), { title: `Công khai: ${d.title}` });
  })
  .post('/cong-khai/:id{[0-9]+}/cong-khai', async (c) => {
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    if (body[CONFIRM_FIELD] !== '1') {
      const d = await getDisclosure(c.env.DB, id);
      if (!d) return c.notFound();
      return c.render(await publishConfirmPage(c, d, String(body.version ?? d.version), false), { title: `Công khai: ${d.title}` });
    }
    try {
      await act(c, (ctx) => publishDisclosure(ctx, id, { version: body.version }));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      if (error instanceof ForbiddenError) return c.redirect(`/admin/cong-khai/${id}?tu-choi`, 303);
      const stale = error instanceof VersionConflictError || error instanceof RuleError || error instanceof ValidationError;
      if (stale) return c.redirect(`/admin/cong-khai/${id}`, 303);
      throw error;
    }
    return c.redirect(`/admin/cong-khai/${id}?da-cong-khai`, 303);
  })
  .post('/cong-khai/:id{[0-9]+}/tep', async (c) => {
    const id = Number(c.req.param('id'));
    const d = await getDisclosure(c.env.DB, id);
    if (!d) return c.notFound();
    const body = await c.req.parseBody();
    const changeNote = typeof body.changeNote === 'string' ? body.changeNote : '';
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => attachFile(ctx, id, body.file, { changeNote })));
    } catch (error) {
      const { errors, status } = formErrors(error, 'file');
      c.status(status);
      const page = await editPage(c, d, { ...valuesOf(d), changeNote }, errors);
      return c.render(page, { title: `Sửa: ${d.title}`, hasErrors: true });
    }
    return c.redirect(`/admin/cong-khai/${id}?${pending ? 'cho-duyet' : 'da-luu'}`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}/tep/:fileId{[0-9]+}/rut', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    const a = await getAttachment(c.env.DB, Number(c.req.param('fileId')));
    if (!d || !a || a.disclosureId !== d.id) return c.notFound();
    return c.render(<AttachmentWithdrawPage disclosure={d} attachment={a} values={{}} errors={[]} />, { title: `Rút tệp: ${a.fileName}` });
  })
  .post('/cong-khai/:id{[0-9]+}/tep/:fileId{[0-9]+}/rut', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    const a = await getAttachment(c.env.DB, Number(c.req.param('fileId')));
    if (!d || !a || a.disclosureId !== d.id) return c.notFound();
    const body = await c.req.parseBody();
    const reason = typeof body.reason === 'string' ? body.reason : '';
    let pending;
    try {
      ({ pending } = await act(c, (ctx) => withdrawAttachment(ctx, d.id, a.id, { reason: reason || undefined })));
    } catch (error) {
      const { errors, status } = formErrors(error, 'reason');
      c.status(status);
      return c.render(<AttachmentWithdrawPage disclosure={d} attachment={a} values={{ reason }} errors={errors} />, {
        title: `Rút tệp: ${a.fileName}`,
        hasErrors: true,
      });
    }
    return c.redirect(`/admin/cong-khai/${d.id}?${pending ? 'cho-duyet' : 'da-luu'}`, 303);
  })
  .post('/cong-khai/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/duyet', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    try {
      await act(c, (ctx) => approveRevision(ctx, d.id, Number(c.req.param('revisionId'))));
    } catch (error) {
      const { errors, status } = formErrors(error, 'revision');
      c.status(status);
      return c.render(await editPage(c, d, valuesOf(d), errors), { title: `Sửa: ${d.title}`, hasErrors: true });
    }
    return c.redirect(`/admin/cong-khai/${d.id}?da-luu`, 303);
  })
  .post('/cong-khai/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/tu-choi', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    const body = await c.req.parseBody();
    const reason = typeof body.reason === 'string' ? body.reason : '';
    try {
      await act(c, (ctx) => rejectRevision(ctx, d.id, Number(c.req.param('revisionId')), { reason: reason || undefined }));
    } catch (error) {
      const { errors, status } = formErrors(error, 'reason');
      c.status(status);
      return c.render(await editPage(c, d, valuesOf(d), errors), { title: `Sửa: ${d.title}`, hasErrors: true });
    }
    return c.redirect(`/admin/cong-khai/${d.id}`, 303);
  })
  .get('/cong-khai/:id{[0-9]+}/thu-hoi', async (c) => {
    const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
    if (!d) return c.notFound();
    const page = <WithdrawPage disclosure={d} values={{ version: String(d.version) }} errors={[]} />;
    return c.render(page, { title: `Thu hồi: ${d.title}` });
  })
  .post('/cong-khai/:id{[0-9]+}/thu-hoi', async (c) => {
    const id = Number(c.req.param('id'));
    const d = await getDisclosure(c.env.DB, id);
    if (!d) return c.notFound();
    const body = await c.req.parseBody();
    const values: Values = { version: String(body.version ?? ''), reason: typeof body.reason === 'string' ? body.reason : '' };
    let pending: unknown;
    try {
      ({ pending } = await act(c, (ctx) => withdrawDisclosure(ctx, id, { version: values.version, reason: values.reason || undefined })));
    } catch (error) {
      const { errors, status } = formErrors(error, 'reason');
      c.status(status);
      const page = <WithdrawPage disclosure={d} values={values} errors={errors} />;
      return c.render(page, { title: `Thu hồi: ${d.title}`, hasErrors: true });
    }
    // Under four eyes the withdrawal waits for a second approver, as an edit does.
    return c.redirect(`/admin/cong-khai/${id}?${pending ? 'cho-duyet' : 'da-luu'}`, 303);
  });

