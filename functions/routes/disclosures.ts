import { Hono } from 'hono';
import { STATUSES, type Disclosure, type DisclosureStatus } from '../../schema/disclosure.ts';
import { countDisclosures, getDisclosure, listDisclosures } from '../../schema/db/disclosures.ts';
import { attachmentPath, disclosurePath } from '../../schema/paths.ts';
import { attachFile } from '../../schema/use-cases/attachments.ts';
import { createDisclosure, publishDisclosure, updateDisclosure, withdrawDisclosure } from '../../schema/use-cases/disclosures.ts';
import { act } from '../act.ts';
import { requireToken } from '../auth.ts';
import type { AppEnv } from '../env.ts';
import { idempotent } from '../idempotency.ts';
import { apiError, readJson } from './api-helpers.ts';

/**
 * JSON API for disclosures: /api/v1/disclosures. Every route needs a bearer token. The use
 * cases apply the rules; their refusals become 4xx answers in functions/index.ts.
 */

const PAGE_SIZE = 50;

const present = (d: Disclosure) => ({ ...d, url: disclosurePath(d) });

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
  return id;
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
    const body = await readJson(c);
    const created = await act(c, (ctx) => createDisclosure(ctx, body));
    return c.json(present(created), 201, { Location: `/api/v1/disclosures/${created.id}` });
  })
  .get('/:id', requireToken('disclosures:read'), async (c) => {
    const found = await getDisclosure(c.env.DB, parseId(c.req.param('id')));
    if (!found) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    return c.json(present(found));
  })
  .put('/:id', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await readJson(c);
    return c.json(present(await act(c, (ctx) => updateDisclosure(ctx, id, body))));
  })
  .post('/:id/publish', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await readJson(c);
    return c.json(present(await act(c, (ctx) => publishDisclosure(ctx, id, body))));
  })
  .post('/:id/attachments', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    if (!(await getDisclosure(c.env.DB, id))) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      throw apiError(415, 'unsupported_media_type', 'Gửi tệp dạng multipart/form-data, trường "file".');
    }
    const body = await c.req.parseBody();
    const stored = await act(c, (ctx) => attachFile(ctx, id, body.file));
    return c.json({ ...stored, url: attachmentPath(stored) }, 201);
  })
  .post('/:id/withdraw', requireToken('disclosures:write'), idempotent, async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await readJson(c);
    return c.json(present(await act(c, (ctx) => withdrawDisclosure(ctx, id, body))));
  });
