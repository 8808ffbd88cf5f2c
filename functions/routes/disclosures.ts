import { Hono } from 'hono';
import {
  DisclosureCreateSchema,
  DisclosureUpdateSchema,
  PublishSchema,
  STATUSES,
  WithdrawSchema,
  type Disclosure,
  type DisclosureStatus,
} from '../../schema/disclosure.ts';
import { requireToken } from '../auth.ts';
import { idempotent } from '../idempotency.ts';
import {
  countDisclosures,
  createDisclosure,
  DisclosureRuleError,
  getDisclosure,
  listDisclosures,
  NotFoundError,
  publishDisclosure,
  ReviewError,
  updateDisclosure,
  VersionConflictError,
  withdrawDisclosure,
} from '../../schema/db/disclosures.ts';
import type { AppEnv } from '../env.ts';
import { storeAttachment } from '../attachments.ts';
import { attachmentPath, disclosurePath } from '../../schema/paths.ts';
import { publishDisclosureChange } from '../publish.ts';
import { checkDisclosure, validationBody } from '../validate.ts';
import { apiError, parseOrFail, readJson, validationError } from './api-helpers.ts';

/** JSON API for disclosures: /api/v1/disclosures. Every route needs a bearer token. */

const PAGE_SIZE = 50;




const present = (d: Disclosure) => ({ ...d, url: disclosurePath(d) });

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
  return id;
}

/** Maps the data layer's refusals to API answers; anything else goes to the app's 500 handler. */
function mapWriteError(error: unknown): never {
  if (error instanceof NotFoundError) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
  if (error instanceof VersionConflictError) {
    throw apiError(
      409,
      'version_conflict',
      `Nội dung này vừa được sửa (nay là phiên bản ${error.current.version}). Hãy tải bản mới nhất rồi sửa lại; không có gì bị ghi đè.`,
      { currentVersion: error.current.version },
    );
  }
  if (error instanceof ReviewError) throw apiError(403, 'review', error.message);
  if (error instanceof DisclosureRuleError) {
    throw apiError(422, 'rule', error.message, { fields: [{ field: error.field, message: error.message }] });
  }
  throw error;
}

export const disclosuresApi = new Hono<AppEnv>()
  .get('/', requireToken('disclosures:read'), async (c) => {
    const status = c.req.query('status');
    const statuses = status && status in STATUSES ? [status as DisclosureStatus] : undefined;
    const category = c.req.query('category') || undefined;
    const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
    const options = { statuses, category };
    const [items, total] = await Promise.all([
      listDisclosures(c.env.DB, { ...options, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      countDisclosures(c.env.DB, options),
    ]);
    return c.json({ items: items.map(present), page, pageSize: PAGE_SIZE, total });
  })
  .post('/', requireToken('disclosures:write'), idempotent, async (c) => {
    const checked = await checkDisclosure(c.env.DB, DisclosureCreateSchema, await readJson(c));
    if (!checked.ok) return c.json(validationBody(checked.errors), 422);
    const created = await createDisclosure(c.env.DB, checked.value, c.get('actor'), new Date().toISOString()).catch(mapWriteError);
    c.executionCtx.waitUntil(publishDisclosureChange(c.env, `disclosure ${created.id} created`, created));
    return c.json(present(created), 201, { Location: `/api/v1/disclosures/${created.id}` });
  })
  .get('/:id', requireToken('disclosures:read'), async (c) => {
    const found = await getDisclosure(c.env.DB, parseId(c.req.param('id')));
    if (!found) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    return c.json(present(found));
  })
  .put('/:id', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const checked = await checkDisclosure(c.env.DB, DisclosureUpdateSchema, await readJson(c));
    if (!checked.ok) return c.json(validationBody(checked.errors), 422);
    const saved = await updateDisclosure(c.env.DB, id, checked.value, c.get('actor'), new Date().toISOString()).catch(mapWriteError);
    c.executionCtx.waitUntil(publishDisclosureChange(c.env, `disclosure ${id} updated`, saved));
    return c.json(present(saved));
  })
  .post('/:id/publish', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const { version } = parseOrFail(PublishSchema, await readJson(c));
    const saved = await publishDisclosure(c.env.DB, id, version, c.get('actor'), new Date().toISOString()).catch(mapWriteError);
    c.executionCtx.waitUntil(publishDisclosureChange(c.env, `disclosure ${id} published`, saved));
    return c.json(present(saved));
  })
  .post('/:id/attachments', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const target = await getDisclosure(c.env.DB, id);
    if (!target) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      throw apiError(415, 'unsupported_media_type', 'Gửi tệp dạng multipart/form-data, trường "file".');
    }
    const body = await c.req.parseBody();
    const stored = await storeAttachment(c.env, id, body.file, c.get('actor'));
    if (!stored.ok) throw validationError([{ field: 'file', message: stored.message }]);
    c.executionCtx.waitUntil(publishDisclosureChange(c.env, `disclosure ${id} attachment`, target));
    return c.json({ ...stored.attachment, url: attachmentPath(stored.attachment) }, 201);
  })
  .post('/:id/withdraw', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const { version, reason } = parseOrFail(WithdrawSchema, await readJson(c));
    const saved = await withdrawDisclosure(c.env.DB, id, version, reason, c.get('actor'), new Date().toISOString()).catch(mapWriteError);
    c.executionCtx.waitUntil(publishDisclosureChange(c.env, `disclosure ${id} withdrawn`, saved));
    return c.json(present(saved));
  });
