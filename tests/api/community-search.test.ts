import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../site/src/lib/community-data.ts';
import { communitySearchRecords } from '../../site/src/lib/community-search.ts';
import { api, makeOfficial } from '../helpers.ts';

/**
 * The search records of the people's pillars, built from what the site build reads on real D1
 * (loadCommunity): a withdrawn decision, board or finding stays findable and its record says it
 * is withdrawn (the search results then read "… (đã thu hồi)", as for disclosures).
 */

type Json = Record<string, any>;

describe('communitySearchRecords', () => {
  it('flags a withdrawn decision, board and finding as withdrawn, and leaves live ones unflagged', async () => {
    const official = await makeOfficial();
    await env.DB.prepare("INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', 0) ON CONFLICT (id) DO UPDATE SET four_eyes = 0").run();
    const tag = crypto.randomUUID().slice(0, 8);
    const create = async (path: string, body: Json) => {
      const res = await api(official, 'POST', path, { ...body, publish: true });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as Json;
    };
    const withdraw = async (path: string, id: number) => expect((await api(official, 'POST', `${path}/${id}/withdraw`, { version: 1, reason: 'Nhập trùng' })).status).toBe(200);

    const decision = await create('/api/v1/decisions', { title: `Họp dân bàn đóng góp (${tag})`, matter: 'cong_trinh_dong_gop', summary: 'Nội dung.' });
    const board = await create('/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân (${tag})` });
    const liveBoard = await create('/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân mới (${tag})` });
    const finding = await create('/api/v1/supervision/activities', { boardId: liveBoard.id, kind: 'phat_hien', title: `Giám sát thu chi (${tag})`, body: 'Nội dung.' });
    const liveFinding = await create('/api/v1/supervision/activities', { boardId: liveBoard.id, kind: 'phat_hien', title: `Giám sát chợ (${tag})`, body: 'Nội dung.' });
    await withdraw('/api/v1/decisions', decision.id);
    await withdraw('/api/v1/supervision/boards', board.id);
    await withdraw('/api/v1/supervision/activities', finding.id);

    const records = communitySearchRecords(await loadCommunity(env.DB)).filter((r) => r.title.includes(tag));
    expect(Object.fromEntries(records.map((r) => [r.title, r.withdrawn]))).toEqual({
      [decision.title]: true,
      [board.name]: true,
      [liveBoard.name]: false,
      [finding.title]: true,
      [liveFinding.title]: false,
    });
  });
});
