import { Hono, type Context } from 'hono';
import type { RecordState } from '../../schema/community/community-record.ts';
import { DECISION_FIELDS } from '../../schema/community/decision.ts';
import { decisions } from '../../schema/community/decisions.db.ts';
import { activities, boards } from '../../schema/community/supervision.db.ts';
import type { RecordTable } from '../../schema/community/community-records.db.ts';
import { itemsWithOpenRevision, openRevisionOf } from '../../schema/lifecycle/pending-revisions.db.ts';
import { mayPublish } from '../../schema/accounts/review.ts';
import type { PendingRevision } from '../../schema/lifecycle/revision.ts';
import type { Change } from '../../schema/lifecycle/revisions.use-cases.ts';
import { NotFoundError } from '../../schema/core/errors.ts';
import { ACTIVITY_FIELDS, BOARD_FIELDS, membersText, type Board, type BoardMember } from '../../schema/community/supervision.ts';
import { boardWarnings } from '../../schema/unit/democracy-rules.ts';
import { getDemocracyRules } from '../../schema/unit/democracy-rules.db.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import type { Outcome, WriteContext } from '../../schema/core/context.use-cases.ts';
import * as decisionCases from '../../schema/community/decisions.use-cases.ts';
import * as supervisionCases from '../../schema/community/supervision.use-cases.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { act } from '../act.ts';
import { CommunityListPage, EditRecordPage, fieldsOf, NewRecordPage, WithdrawRecordPage, type Section } from '../admin/community-pages.tsx';
import { PendingChangePanel } from '../admin/pending-revision.tsx';
import { requirePermission } from '../admin/roles.tsx';
import { formEditOver, readForm, type Values } from '../admin/form.ts';
import { labelsOf, type FieldList } from '../../schema/core/fields.ts';
import { CONFIRM_FIELD } from '../admin/confirm.tsx';
import { mayPublishOwn, PublishConfirmPage, SAVED_AS_DRAFT } from '../admin/publish-confirm.tsx';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** Admin of decisions by the people and of supervision, under /admin/nhan-dan. */

const DECISION: Section = {
  path: 'quyet-dinh',
  title: 'Nhân dân bàn và quyết định',
  newLabel: 'Thêm nội dung Nhân dân quyết định',
  fields: fieldsOf(DECISION_FIELDS),
};

const BOARD: Section = {
  path: 'ban',
  title: 'Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng và tổ giám sát',
  newLabel: 'Thêm ban, tổ giám sát',
  fields: fieldsOf(BOARD_FIELDS),
};

const ACTIVITY: Section = {
  path: 'hoat-dong',
  title: 'Kế hoạch, kết quả giám sát và kiến nghị',
  newLabel: 'Thêm kế hoạch hoặc kết quả giám sát',
  fields: fieldsOf(ACTIVITY_FIELDS),
};

/** The section with its choices of boards filled from D1 (drafts included: an official may prepare both). */
async function withChoices(db: D1Database, section: Section): Promise<Section> {
  if (!section.fields.some((f) => f.kind === 'select' && f.from)) return section;
  const all = await boards.list(db);
  const choices = {
    boards: all.map((b) => ({ value: String(b.id), label: b.name })),
    investmentBoards: all.filter((b) => b.kind === 'giam_sat_dau_tu').map((b) => ({ value: String(b.id), label: b.name })),
  };
  return { ...section, fields: section.fields.map((f) => (f.kind === 'select' && f.from ? { ...f, options: choices[f.from] } : f)) };
}

/** A stored record as form text: unknown is an empty box, lists one item a line. */
function valuesOf(record: Record<string, unknown>): Values {
  const values: Values = {};
  for (const [key, v] of Object.entries(record)) {
    if (key === 'members') values[key] = membersText(v as never);
    else if (Array.isArray(v)) values[key] = v.join('\n');
    else values[key] = v === null || v === undefined ? '' : String(v);
  }
  return values;
}

interface Resource<F> {
  section: Section;
  /** The record's declared fields (schema/core/fields.ts): the pending panel's labels, the fields an edit keeps. */
  fields: Partial<FieldList<F>>; // stored-only columns (a decision's applied thresholds) have no form field
  table: RecordTable<F>;
  label: (r: F) => string;
  create: (ctx: WriteContext, raw: unknown) => Promise<Outcome<F & RecordState>>;
  update: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<Change<F & RecordState>>>;
  publish: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<F & RecordState>>;
  withdraw: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<Change<F & RecordState>>>;
  approve: (ctx: WriteContext, id: number, revisionId: number) => Promise<Outcome<F & RecordState>>;
  reject: (ctx: WriteContext, id: number, revisionId: number, raw: unknown) => Promise<Outcome<PendingRevision>>;
}

/** One resource of the list, its field types forgotten: the loop below treats the three alike. */
const resource = <F,>(r: Resource<F>) => r as unknown as Resource<Record<string, unknown>>;

const d = decisionCases;
const sv = supervisionCases;
const RESOURCES = [
  resource({
    section: DECISION,
    fields: DECISION_FIELDS,
    table: decisions,
    label: (r) => r.title,
    create: d.createDecision,
    update: d.updateDecision,
    publish: d.publishDecision,
    withdraw: d.withdrawDecision,
    approve: d.approveDecisionRevision,
    reject: d.rejectDecisionRevision,
  }),
  resource({
    section: BOARD,
    fields: BOARD_FIELDS,
    table: boards,
    label: (r) => r.name,
    create: sv.createBoard,
    update: sv.updateBoard,
    publish: sv.publishBoard,
    withdraw: sv.withdrawBoard,
    approve: sv.approveBoardRevision,
    reject: sv.rejectBoardRevision,
  }),
  resource({
    section: ACTIVITY,
    fields: ACTIVITY_FIELDS,
    table: activities,
    label: (r) => r.title,
    create: sv.createActivity,
    update: sv.updateActivity,
    publish: sv.publishActivity,
    withdraw: sv.withdrawActivity,
    approve: sv.approveActivityRevision,
    reject: sv.rejectActivityRevision,
  }),
];

export const communityAdmin = new Hono<AppEnv>().get('/', async (c) => {
  const sections = await Promise.all(
    RESOURCES.map(async (r) => {
      const pending = await itemsWithOpenRevision(c.env.DB, r.table.entity);
      return {
        section: r.section,
        items: (await r.table.list(c.env.DB)).map((x) => ({ ...x, label: `${r.label(x)} (mã số ${x.id})`, pending: pending.has(x.id) })),
      };
    }),
  );
  return c.render(<CommunityListPage sections={sections} saved={c.req.query('da-luu')} />, { title: 'Nhân dân quyết định và giám sát' });
});

/**
 * A record's values as citizens read them, for the pending panel: a coded choice by its
 * Vietnamese label (the form's own options, boards by name, "Có"/"Không"), members by name,
 * role and village. The second approver must read what they approve, not codes or objects.
 */
function readableOf(section: Section, record: Record<string, unknown>): Record<string, unknown> {
  const options = new Map(section.fields.flatMap((f) => (f.kind === 'select' ? [[f.name, f.options] as const] : [])));
  return Object.fromEntries(
    Object.entries(record).map(([key, v]) => {
      if (key === 'members' && Array.isArray(v))
        return [key, (v as BoardMember[]).map((m) => [`${m.name} – ${m.role}`, m.village].filter(Boolean).join(', ')).join('; ')];
      const choices = options.get(key);
      if (choices && v !== null && v !== undefined && v !== '') return [key, choices.find((o) => o.value === String(v))?.label ?? v];
      return [key, v];
    }),
  );
}

for (const r of RESOURCES) {
  const load = async (db: D1Database, id: string) => {
    const found = await r.table.get(db, Number(id));
    if (!found) throw new NotFoundError('Không tìm thấy nội dung này.');
    return found;
  };
  /** The record's edit page, with its change waiting for a second approver, if any. */
  const editPage = async (
    c: Context<AppEnv>,
    record: Record<string, unknown> & RecordState,
    values: Values,
    errors: FieldError[],
    more: { publishErrors?: FieldError[]; saved?: string } = {},
  ) => {
    const section = await withChoices(c.env.DB, r.section);
    const open = await openRevisionOf(c.env.DB, { entity: r.table.entity, id: record.id });
    const account = c.get('account');
    const pending = open && (
      <PendingChangePanel
        current={readableOf(section, record)}
        revision={{ ...open, fields: open.fields && readableOf(section, open.fields) }}
        labels={labelsOf(r.fields)}
        base={`/admin/nhan-dan/${r.section.path}/${record.id}/thay-doi/${open.id}`}
        mayApprove={mayPublish({ accountId: account.id, role: account.role }, { lastEditorId: open.createdBy }, true).ok}
        errors={errors}
      />
    );
    // A board's member count and term against the unit's rules (schema/unit/democracy-rules.ts): warnings, not refusals.
    const warnings =
      r.table.entity === 'supervision_board'
        ? boardWarnings(record as unknown as Board, await getDemocracyRules(c.env.DB), todayInVietnam())
        : [];
    return (
      <EditRecordPage section={section} record={record} values={values} errors={errors} pending={pending} warnings={warnings} {...more} />
    );
  };
  /** The confirmation before the draft is published; `justSaved` after "Lưu và công khai" stored it. */
  const confirmPage = (record: Record<string, unknown> & RecordState, version: string | number, justSaved: boolean) => {
    const base = `/admin/nhan-dan/${r.section.path}/${record.id}`;
    const saved = justSaved ? SAVED_AS_DRAFT('danh sách “Nhân dân quyết định và giám sát”') : undefined;
    return <PublishConfirmPage label={r.label(record)} action={`${base}/cong-khai`} version={version} back={base} saved={saved} />;
  };
  communityAdmin
    .get(`/${r.section.path}/moi`, async (c) => {
      const section = await withChoices(c.env.DB, r.section);
      return c.render(<NewRecordPage section={section} values={{}} errors={[]} />, { title: section.newLabel });
    })
    .post(`/${r.section.path}/moi`, async (c) => {
      const section = await withChoices(c.env.DB, r.section);
      const { input, values } = readForm(await c.req.parseBody({ all: true }));
      const { action, ...fields } = input;
      // "Lưu và công khai" stores a draft and asks on the confirmation page before publishing it;
      // an official who may not publish (role, two-person rule) is refused on the form, as before.
      const confirmFirst = action === 'publish' && (await mayPublishOwn(c));
      try {
        const created = await act(c, (ctx) => r.create(ctx, { ...fields, publish: action === 'publish' && !confirmFirst }));
        if (confirmFirst) return c.redirect(`/admin/nhan-dan/${r.section.path}/${created.id}/cong-khai?moi`, 303);
        return c.redirect(`/admin/nhan-dan/?da-luu=${created.status === 'published' ? 'cong-khai' : 'nhap'}`, 303);
      } catch (error) {
        const { errors, status } = formErrors(error, 'publish', 'version');
        c.status(status);
        return c.render(<NewRecordPage section={section} values={values} errors={errors} />, { title: section.newLabel, hasErrors: true });
      }
    })
    .get(`/${r.section.path}/:id{[0-9]+}`, async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      return c.render(await editPage(c, record, valuesOf(record), [], { saved: c.req.query('da-luu') }), {
        title: `Sửa – ${r.section.title}`,
      });
    })
    .post(`/${r.section.path}/:id{[0-9]+}`, async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      const { input, values } = readForm(await c.req.parseBody({ all: true }));
      try {
        const { pending } = await act(c, (ctx) => r.update(ctx, record.id, formEditOver(r.fields, record, input, values)));
        if (pending) return c.redirect(`/admin/nhan-dan/${r.section.path}/${record.id}?da-luu=cho-duyet`, 303);
        return c.redirect('/admin/nhan-dan/?da-luu=sua', 303);
      } catch (error) {
        const { errors, status } = formErrors(error, 'publish', 'version');
        c.status(status);
        return c.render(await editPage(c, record, values, errors), { title: `Sửa – ${r.section.title}`, hasErrors: true });
      }
    })
    .get(`/${r.section.path}/:id{[0-9]+}/thu-hoi`, requirePermission('record.withdraw'), async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      const page = (
        <WithdrawRecordPage
          base={`/admin/nhan-dan/${r.section.path}/${record.id}`}
          label={r.label(record)}
          values={{ version: String(record.version) }}
          errors={[]}
        />
      );
      return c.render(page, { title: `Thu hồi: ${r.label(record)}` });
    })
    .post(`/${r.section.path}/:id{[0-9]+}/thu-hoi`, requirePermission('record.withdraw'), async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      const body = await c.req.parseBody();
      const values: Values = { version: String(body.version ?? ''), reason: typeof body.reason === 'string' ? body.reason : '' };
      try {
        const raw = { version: values.version, reason: values.reason || undefined };
        const { pending } = await act(c, (ctx) => r.withdraw(ctx, record.id, raw));
        // Under four eyes the withdrawal waits for a second approver, as an edit does.
        return c.redirect(`/admin/nhan-dan/${r.section.path}/${record.id}?da-luu=${pending ? 'cho-duyet' : 'thu-hoi'}`, 303);
      } catch (error) {
        const { errors, status } = formErrors(error, 'publish', 'version');
        c.status(status);
        const base = `/admin/nhan-dan/${r.section.path}/${record.id}`;
        const page = <WithdrawRecordPage base={base} label={r.label(record)} values={values} errors={errors} />;
        return c.render(page, { title: `Thu hồi: ${r.label(record)}`, hasErrors: true });
      }
    })
    .post(`/${r.section.path}/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/duyet`, async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      try {
        await act(c, (ctx) => r.approve(ctx, record.id, Number(c.req.param('revisionId'))));
        return c.redirect(`/admin/nhan-dan/${r.section.path}/${record.id}?da-luu=da-duyet`, 303);
      } catch (error) {
        const { errors, status } = formErrors(error, 'publish', 'version');
        c.status(status);
        return c.render(await editPage(c, record, valuesOf(record), errors), { title: `Sửa – ${r.section.title}`, hasErrors: true });
      }
    })
    .post(`/${r.section.path}/:id{[0-9]+}/thay-doi/:revisionId{[0-9]+}/tu-choi`, async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      const body = await c.req.parseBody();
      const reason = typeof body.reason === 'string' ? body.reason : '';
      try {
        await act(c, (ctx) => r.reject(ctx, record.id, Number(c.req.param('revisionId')), { reason: reason || undefined }));
        return c.redirect(`/admin/nhan-dan/${r.section.path}/${record.id}?da-luu=tu-choi`, 303);
      } catch (error) {
        const { errors, status } = formErrors(error, 'publish', 'version');
        c.status(status);
        return c.render(await editPage(c, record, valuesOf(record), errors), { title: `Sửa – ${r.section.title}`, hasErrors: true });
      }
    })
    .get(`/${r.section.path}/:id{[0-9]+}/cong-khai`, async (c) => {
      const record = await load(c.env.DB, c.req.param('id'));
      if (record.status !== 'draft') return c.redirect(`/admin/nhan-dan/${r.section.path}/${record.id}`, 303);
      return c.render(confirmPage(record, record.version, c.req.query('moi') !== undefined), { title: `Công khai: ${r.label(record)}` });
    })
    .post(`/${r.section.path}/:id{[0-9]+}/cong-khai`, async (c) => {
      const section = await withChoices(c.env.DB, r.section);
      const record = await load(c.env.DB, c.req.param('id'));
      const body = await c.req.parseBody();
      // The draft's "Công khai" button only asks; the confirmation page's button publishes.
      if (body[CONFIRM_FIELD] !== '1')
        return c.render(confirmPage(record, String(body.version ?? record.version), false), { title: `Công khai: ${r.label(record)}` });
      try {
        await act(c, (ctx) => r.publish(ctx, record.id, { version: body.version }));
        return c.redirect('/admin/nhan-dan/?da-luu=cong-khai', 303);
      } catch (error) {
        const { errors, status } = formErrors(error, 'publish', 'version');
        c.status(status);
        return c.render(await editPage(c, record, valuesOf(record), [], { publishErrors: errors }), {
          title: `Sửa – ${section.title}`,
          hasErrors: true,
        });
      }
    });
}
