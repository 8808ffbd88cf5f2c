import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, call, makeOfficial, ORIGIN, sessionOf } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * A category's minimum consecutive days per channel (the loudspeaker: three days, law-brief.md)
 * is edited by approvers in /admin/danh-muc and through /api/v1/categories (issue 12).
 */

const minimumsOf = async (slug: string) => JSON.parse((await env.DB.prepare('SELECT channel_minimums FROM categories WHERE slug = ?').bind(slug).first<{ channel_minimums: string }>())!.channel_minimums);
const categoryRow = (slug: string) => env.DB.prepare('SELECT * FROM categories WHERE slug = ?').bind(slug).first<Json>();
const lastAudit = (slug: string) =>
  env.DB.prepare("SELECT action, before_json, after_json FROM audit_log WHERE entity = 'category' AND entity_id = ? ORDER BY id DESC LIMIT 1").bind(slug).first<Json>();

async function newCategory(official: Awaited<ReturnType<typeof makeOfficial>>): Promise<string> {
  const res = await api(official, 'POST', '/api/v1/categories', { label: `Nội dung thử ${crypto.randomUUID().slice(0, 8)}` });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).slug;
}

describe('PUT /api/v1/categories/{slug}: channel minimums', () => {
  it('stores the minimum days per channel, audits the change, and keeps them when a later edit does not send them', async () => {
    const official = await makeOfficial();
    const slug = await newCategory(official);
    const res = await api(official, 'PUT', `/api/v1/categories/${slug}`, { label: 'Đọc trên loa ít nhất 5 ngày', channelMinimums: { loudspeaker: 5, office_board: '30' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).channelMinimums).toEqual({ loudspeaker: 5, office_board: 30 });
    expect(await minimumsOf(slug)).toEqual({ loudspeaker: 5, office_board: 30 });
    const audit = (await lastAudit(slug))!;
    expect(audit.action).toBe('update');
    expect(JSON.parse(audit.before_json).channelMinimums).toEqual({});
    expect(JSON.parse(audit.after_json).channelMinimums).toEqual({ loudspeaker: 5, office_board: 30 });
    expect((await api(official, 'PUT', `/api/v1/categories/${slug}`, { label: 'Chỉ đổi tên' })).status).toBe(200);
    expect(await minimumsOf(slug)).toEqual({ loudspeaker: 5, office_board: 30 });
    const list = (await (await api(official, 'GET', '/api/v1/categories')).json()) as { items: Json[] };
    expect(list.items.find((c) => c.slug === slug)!.channelMinimums).toEqual({ loudspeaker: 5, office_board: 30 });
  });

  it.each([
    [{ loudspeaker: 0 }, 'channelMinimums.loudspeaker'],
    [{ loudspeaker: 91 }, 'channelMinimums.loudspeaker'],
    [{ loudspeaker: 2.5 }, 'channelMinimums.loudspeaker'],
    [{ loudspeaker: 'ba' }, 'channelMinimums.loudspeaker'],
  ])('refuses %j naming the channel in Vietnamese, and changes nothing', async (channelMinimums, field) => {
    const official = await makeOfficial();
    const slug = await newCategory(official);
    const before = await categoryRow(slug);
    const res = await api(official, 'PUT', `/api/v1/categories/${slug}`, { label: 'Sai', channelMinimums });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([
      { field, message: 'Đọc trên hệ thống loa truyền thanh: số ngày liên tục tối thiểu phải là số nguyên từ 1 đến 90, hoặc để trống nếu không yêu cầu.' },
    ]);
    expect(await categoryRow(slug)).toEqual(before);
  });

  it('refuses a channel that does not exist', async () => {
    const official = await makeOfficial();
    const slug = await newCategory(official);
    const res = await api(official, 'PUT', `/api/v1/categories/${slug}`, { label: 'Sai', channelMinimums: { fax: 3 } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([{ field: 'channelMinimums', message: 'Hình thức công khai không có trong danh sách: fax.' }]);
  });

  it('documents channelMinimums in the OpenAPI document of the edit', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Json;
    const body = doc.paths['/api/v1/categories/{slug}'].put.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').at(-1)] : body;
    expect(JSON.stringify(schema.properties.channelMinimums)).toContain('loudspeaker');
  });
});

describe('POST /admin/danh-muc/{slug}: channel minimums in the form', () => {
  const post = (cookie: string, path: string, fields: Record<string, string>) =>
    call(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields), redirect: 'manual' });

  it('shows the minimums, refuses a wrong one with the form filled in, then saves a right one', async () => {
    const official = await makeOfficial();
    const slug = await newCategory(official);
    const { cookie } = await sessionOf('approver');
    const form = await (await call(`/admin/danh-muc/${slug}`, { headers: { cookie } })).text();
    expect(form).toContain('name="channelMinimums.loudspeaker"');
    const bad = await post(cookie, `/admin/danh-muc/${slug}`, { label: 'Nội dung có loa', 'channelMinimums.loudspeaker': '100', 'channelMinimums.portal': '' });
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('Đọc trên hệ thống loa truyền thanh: số ngày liên tục tối thiểu phải là số nguyên từ 1 đến 90');
    expect(page).toMatch(/name="channelMinimums\.loudspeaker"[^>]*value="100"|value="100"[^>]*name="channelMinimums\.loudspeaker"/);
    expect(page).toContain('value="Nội dung có loa"');
    expect(await minimumsOf(slug)).toEqual({});
    const good = await post(cookie, `/admin/danh-muc/${slug}`, { label: 'Nội dung có loa', 'channelMinimums.loudspeaker': '3', 'channelMinimums.portal': '' });
    expect(good.status).toBe(303);
    expect(await minimumsOf(slug)).toEqual({ loudspeaker: 3 });
    // Emptying the box removes the requirement.
    expect((await post(cookie, `/admin/danh-muc/${slug}`, { label: 'Nội dung có loa', 'channelMinimums.loudspeaker': '' })).status).toBe(303);
    expect(await minimumsOf(slug)).toEqual({});
  });
});
