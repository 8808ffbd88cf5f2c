import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { channelWarnings, minimumsFor } from '../../schema/disclosure/channels.ts';
import { listCategories } from '../../schema/disclosure/categories.db.ts';
import { listDisclosures, PUBLIC_STATUSES } from '../../schema/disclosure/disclosures.db.ts';
import { CHANNELS } from '../../schema/disclosure/disclosure.ts';
import { api, call, makeOfficial, sampleDisclosure, sessionOf, type Official } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * The channel minimums a posting is judged by are those in force when it was published (issue 12,
 * "the past never changes"): an approver editing a category's minimums later does not change a
 * published page. "The public page" is what the site build reads (site/src/lib/portal-data.ts:
 * listDisclosures and listCategories) and what cong-khai/[slug]/index.astro computes from it.
 */

async function publicView(id: number) {
  const item = (await listDisclosures(env.DB, { statuses: PUBLIC_STATUSES })).find((d) => d.id === id)!;
  const category = (await listCategories(env.DB)).find((c) => c.slug === item.category);
  return { item, marks: channelWarnings(item, minimumsFor(item, category?.channelMinimums), CHANNELS).map((w) => w.message) };
}

async function newCategory(official: Official, channelMinimums: Json): Promise<string> {
  const res = await api(official, 'POST', '/api/v1/categories', { label: `Nội dung đọc trên loa ${crypto.randomUUID().slice(0, 8)}`, channelMinimums });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).slug;
}

const setMinimums = async (official: Official, slug: string, channelMinimums: Json) =>
  expect((await api(official, 'PUT', `/api/v1/categories/${slug}`, { label: 'Nội dung đọc trên loa', channelMinimums })).status).toBe(200);

/** A posting read on the loudspeaker for two days, 02/06/2025–03/06/2025. */
async function loudspeakerTwoDays(official: Official, category: string, publish: boolean): Promise<number> {
  const res = await api(
    official,
    'POST',
    '/api/v1/disclosures',
    sampleDisclosure({ category, publish, channels: ['portal', 'loudspeaker'], channelDetails: { loudspeaker: { start: '2025-06-02', end: '2025-06-03' } } }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}

const SHORT_OF_3 = 'Đọc trên hệ thống loa truyền thanh: 2 ngày (02/06/2025–03/06/2025), ít hơn 3 ngày liên tục mà nội dung này yêu cầu.';
const SHORT_OF_5 = 'Đọc trên hệ thống loa truyền thanh: 2 ngày (02/06/2025–03/06/2025), ít hơn 5 ngày liên tục mà nội dung này yêu cầu.';

describe('PUT /api/v1/categories/{slug}: a published posting keeps the minimums it was published under', () => {
  it('keeps the published item and its "shorter than required" mark when the minimum is raised or lowered; a new posting uses the new minimum', async () => {
    const official = await makeOfficial();
    const slug = await newCategory(official, { loudspeaker: 3 });
    const id = await loudspeakerTwoDays(official, slug, true);
    const published = await publicView(id);
    expect(published.item.channelMinimums).toEqual({ loudspeaker: 3 });
    expect(published.marks).toEqual([SHORT_OF_3]);

    await setMinimums(official, slug, { loudspeaker: 5 });
    expect(await publicView(id)).toEqual(published);
    await setMinimums(official, slug, {});
    expect(await publicView(id)).toEqual(published);

    await setMinimums(official, slug, { loudspeaker: 5 });
    const later = await publicView(await loudspeakerTwoDays(official, slug, true));
    expect(later.item.channelMinimums).toEqual({ loudspeaker: 5 });
    expect(later.marks).toEqual([SHORT_OF_5]);
  });

  it('judges a draft by the current minimums and freezes them when it is published', async () => {
    const official = await makeOfficial();
    const slug = await newCategory(official, { loudspeaker: 3 });
    const id = await loudspeakerTwoDays(official, slug, false);
    const { cookie } = await sessionOf('approver');
    const adminPage = async () => (await call(`/admin/cong-khai/${id}`, { headers: { cookie } })).text();
    expect(await adminPage()).toContain(SHORT_OF_3);
    await setMinimums(official, slug, { loudspeaker: 5 });
    expect(await adminPage()).toContain(SHORT_OF_5);

    const draft = (await (await api(official, 'GET', `/api/v1/disclosures/${id}`)).json()) as Json;
    expect(draft.channelMinimums).toBeNull();
    const res = await api(official, 'POST', `/api/v1/disclosures/${id}/publish`, { version: draft.version });
    expect(res.status).toBe(200);
    await setMinimums(official, slug, { loudspeaker: 3 });
    expect((await publicView(id)).marks).toEqual([SHORT_OF_5]);
    expect(await adminPage()).toContain(SHORT_OF_5);
  });

  it('takes the new category\'s current minimums when an edit moves a published item to it, and keeps its own otherwise', async () => {
    const official = await makeOfficial();
    const first = await newCategory(official, { loudspeaker: 3 });
    const second = await newCategory(official, { loudspeaker: 5 });
    const id = await loudspeakerTwoDays(official, first, true);
    const edit = async (category: string, changeNote: string) => {
      const current = (await (await api(official, 'GET', `/api/v1/disclosures/${id}`)).json()) as Json;
      const res = await api(official, 'PUT', `/api/v1/disclosures/${id}`, { ...current, category, changeNote });
      expect(res.status).toBe(200);
    };
    await setMinimums(official, first, { loudspeaker: 4 });
    await edit(first, 'Sửa tóm tắt cho rõ nội dung đã đọc trên loa.');
    expect((await publicView(id)).marks).toEqual([SHORT_OF_3]);
    await edit(second, 'Chuyển sang nội dung công khai đúng với văn bản.');
    expect((await publicView(id)).marks).toEqual([SHORT_OF_5]);
  });
});
