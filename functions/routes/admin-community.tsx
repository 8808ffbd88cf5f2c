import { Hono, type Context } from 'hono';
import type { RecordState } from '../../schema/community-record.ts';
import { DECISION_FORMS, DECISION_MATTERS, DECISION_PATHS, SCOPES, VOTER_UNITS } from '../../schema/decision.ts';
import { decisions } from '../../schema/db/decisions.ts';
import { activities, boards } from '../../schema/db/supervision.ts';
import type { RecordTable } from '../../schema/db/community-records.ts';
import { itemsWithOpenRevision, openRevisionOf } from '../../schema/db/pending-revisions.ts';
import { mayPublish } from '../../schema/review.ts';
import type { PendingRevision } from '../../schema/revision.ts';
import type { Change } from '../../schema/use-cases/revisions.ts';
import { NotFoundError } from '../../schema/errors.ts';
import { ACTIVITY_KINDS, BOARD_KINDS, membersText, type Board, type BoardMember } from '../../schema/supervision.ts';
import { boardWarnings } from '../../schema/democracy-rules.ts';
import { getDemocracyRules } from '../../schema/db/democracy-rules.ts';
import { todayInVietnam } from '../../schema/dates.ts';
import type { Outcome, WriteContext } from '../../schema/use-cases/context.ts';
import * as decisionCases from '../../schema/use-cases/decisions.ts';
import * as supervisionCases from '../../schema/use-cases/supervision.ts';
import type { FieldError } from '../../schema/validation.ts';
import { act } from '../act.ts';
import { CommunityListPage, EditRecordPage, NewRecordPage, WithdrawRecordPage, type Section } from '../admin/community-pages.tsx';
import { PendingChangePanel } from '../admin/pending-revision.tsx';
import { requirePermission } from '../admin/roles.tsx';
import { optionsOf } from '../admin/fields.tsx';
import { readForm, type Values } from '../admin/form.ts';
import { CONFIRM_FIELD } from '../admin/confirm.tsx';
import { mayPublishOwn, PublishConfirmPage, SAVED_AS_DRAFT } from '../admin/publish-confirm.tsx';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** Admin of decisions by the people and of supervision, under /admin/nhan-dan. */

const YES_NO = [
  { value: 'true', label: 'Có' },
  { value: 'false', label: 'Không' },
];

const DECISION: Section = {
  path: 'quyet-dinh',
  title: 'Nhân dân bàn và quyết định',
  newLabel: 'Thêm nội dung Nhân dân quyết định',
  fields: [
    { name: 'title', label: 'Tên nội dung', kind: 'text' },
    { name: 'matter', label: 'Loại nội dung', kind: 'select', options: optionsOf(DECISION_MATTERS), placeholder: 'Chọn loại' },
    {
      name: 'path',
      label: 'Cách quyết định',
      hint:
        'Để trống: đóng góp, quỹ cộng đồng do Nhân dân quyết định trực tiếp; ' +
        'hương ước, bầu trưởng thôn, thành viên ban cần cơ quan có thẩm quyền công nhận.',
      kind: 'select',
      options: optionsOf(DECISION_PATHS),
      placeholder: 'Theo loại nội dung',
    },
    { name: 'scope', label: 'Phạm vi', kind: 'select', options: optionsOf(SCOPES), placeholder: 'Chưa rõ' },
    { name: 'places', label: 'Thôn, tổ dân phố', hint: 'Khi phạm vi là một số thôn, tổ: mỗi dòng một tên.', kind: 'textarea' },
    { name: 'form', label: 'Hình thức', kind: 'select', options: optionsOf(DECISION_FORMS), placeholder: 'Chưa rõ' },
    { name: 'heldFrom', label: 'Ngày bắt đầu', kind: 'date' },
    { name: 'heldTo', label: 'Ngày kết thúc', hint: 'Để trống nếu chỉ họp một ngày.', kind: 'date' },
    {
      name: 'periodLabel',
      label: 'Thời kỳ, khi không rõ ngày',
      hint: 'Ví dụ "6 tháng đầu năm 2024": báo cáo tính vào kỳ này. Để trống cả ngày và thời kỳ thì báo cáo ghi "chưa xác định thời gian".',
      kind: 'text',
    },
    { name: 'voterUnit', label: 'Đơn vị tính', kind: 'select', options: optionsOf(VOTER_UNITS), placeholder: 'Chưa rõ' },
    { name: 'eligible', label: 'Số được tham gia', hint: 'Để trống nếu chưa rõ.', kind: 'text' },
    { name: 'participating', label: 'Số tham gia', kind: 'text' },
    { name: 'votesFor', label: 'Số tán thành', kind: 'text' },
    { name: 'votesAgainst', label: 'Số không tán thành', kind: 'text' },
    { name: 'votesBlank', label: 'Số phiếu trắng, không ý kiến', kind: 'text' },
    {
      name: 'passed',
      label: 'Được thông qua',
      hint:
        'Chỉ chọn "Có" khi số tán thành trên một nửa tổng số hộ (cử tri) được tham gia, ' +
        'và cuộc họp có trên một nửa tổng số hộ tham dự (tỷ lệ theo cài đặt của đơn vị).',
      kind: 'select',
      options: YES_NO,
      placeholder: 'Chưa rõ',
    },
    { name: 'summary', label: 'Nội dung', kind: 'textarea' },
    {
      name: 'recognisingBody',
      label: 'Cơ quan công nhận',
      hint:
        'Ví dụ: Ủy ban nhân dân cấp xã (hương ước); Chủ tịch Ủy ban nhân dân cấp xã (trưởng thôn); ' +
        'Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã (thành viên ban).',
      kind: 'text',
    },
    {
      name: 'recognisedBy',
      label: 'Số, ký hiệu văn bản công nhận',
      hint: 'Để trống khi chưa được công nhận. Ví dụ 15/QĐ-UBND.',
      kind: 'text',
    },
    { name: 'recognisedOn', label: 'Ngày văn bản công nhận', kind: 'date' },
    { name: 'source', label: 'Nguồn', hint: 'Ví dụ: Báo cáo 78/BC-UBND ngày 24/6/2024.', kind: 'text' },
  ],
};

const BOARD: Section = {
  path: 'ban',
  title: 'Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng và tổ giám sát',
  newLabel: 'Thêm ban, tổ giám sát',
  fields: [
    { name: 'kind', label: 'Loại', kind: 'select', options: optionsOf(BOARD_KINDS), placeholder: 'Chọn loại' },
    { name: 'name', label: 'Tên ban, tổ', kind: 'text' },
    {
      name: 'parentId',
      label: 'Thuộc ban',
      hint: 'Chỉ với tổ giám sát: Ban giám sát đầu tư của cộng đồng đã thành lập tổ.',
      kind: 'select',
      options: [],
      placeholder: 'Không thuộc ban nào',
      from: 'investmentBoards',
    },
    { name: 'termFrom', label: 'Nhiệm kỳ từ ngày', kind: 'date' },
    { name: 'termTo', label: 'Nhiệm kỳ đến ngày', kind: 'date' },
    { name: 'foundedBy', label: 'Số, ký hiệu quyết định thành lập', kind: 'text' },
    { name: 'foundedOn', label: 'Ngày quyết định thành lập', kind: 'date' },
    {
      name: 'recognisedByBody',
      label: 'Cơ quan công nhận',
      hint: 'Ban thanh tra nhân dân: Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã.',
      kind: 'text',
    },
    { name: 'members', label: 'Thành viên', hint: 'Mỗi dòng một người: Họ tên; chức danh; thôn, tổ dân phố.', kind: 'textarea' },
    { name: 'summary', label: 'Giới thiệu', kind: 'textarea' },
    { name: 'source', label: 'Nguồn', kind: 'text' },
  ],
};

const ACTIVITY: Section = {
  path: 'hoat-dong',
  title: 'Kế hoạch, kết quả giám sát và kiến nghị',
  newLabel: 'Thêm kế hoạch hoặc kết quả giám sát',
  fields: [
    { name: 'boardId', label: 'Ban, tổ', kind: 'select', options: [], placeholder: 'Chọn ban, tổ', from: 'boards' },
    { name: 'kind', label: 'Loại', kind: 'select', options: optionsOf(ACTIVITY_KINDS), placeholder: 'Chọn loại' },
    { name: 'title', label: 'Tiêu đề', kind: 'text' },
    { name: 'heldOn', label: 'Ngày', kind: 'date' },
    { name: 'periodLabel', label: 'Thời kỳ', hint: 'Với kế hoạch, ví dụ "Năm 2025".', kind: 'text' },
    { name: 'body', label: 'Nội dung', kind: 'textarea' },
    { name: 'recommendation', label: 'Kiến nghị', kind: 'textarea' },
    { name: 'response', label: 'Trả lời của Ủy ban nhân dân', kind: 'textarea' },
    { name: 'respondedOn', label: 'Ngày trả lời', kind: 'date' },
    {
      name: 'works',
      label: 'Công trình được giám sát',
      hint: 'Địa chỉ trang công khai của dự án, mỗi dòng một trang, ví dụ /cong-khai/duong-khu-pho-2/.',
      kind: 'textarea',
    },
    { name: 'source', label: 'Nguồn', kind: 'text' },
  ],
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

/** The labels of a section's form fields: the pending panel names the changed fields by them. */
const labelsOf = (section: Section) => Object.fromEntries(section.fields.map((f) => [f.name, f.label]));

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
        labels={labelsOf(r.section)}
        base={`/admin/nhan-dan/${r.section.path}/${record.id}/thay-doi/${open.id}`}
        mayApprove={mayPublish({ accountId: account.id, role: account.role }, { lastEditorId: open.createdBy }, true).ok}
        errors={errors}
      />
    );
    // A board's member count and term against the unit's rules (schema/democracy-rules.ts): warnings, not refusals.
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
        const { pending } = await act(c, (ctx) => r.update(ctx, record.id, input));
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
