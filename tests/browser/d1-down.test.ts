import { DatabaseSync } from 'node:sqlite';
import { describe, expect, inject, it } from 'vitest';
import { localD1File } from '../../scripts/local-db.ts';
import { portalForThisFile, publishSettled } from './browser.ts';

/**
 * Issue 23: citizens are served stored pages (R2), never D1. With the database held locked by
 * another process, so that every read of it fails (the API and search answer 503), every public
 * page, embed, feed, the calendar, open data and a public file are still served, and a write answers a clear 503
 * that stores nothing.
 */

// A portal of its own: its database is locked for a while.
const portal = portalForThisFile();

const PUBLIC = ['/', '/cong-khai/', '/lich-tiep-cong-dan/', '/lich-tiep-cong-dan.ics', '/nhung/lich-tiep-cong-dan/', '/nhung/cong-khai-moi/', '/cong-khai.xml', '/du-lieu/', '/thong-ke/thu-tuc-hanh-chinh/'];

describe('with D1 locked', () => {
  it('answers API reads and search with 503, serves a page of each kind (home, lists, calendar, its feed, embeds, a feed, open data, statistics) from R2, and refuses a write with 503 in Vietnamese', { timeout: 120_000 }, async () => {
    // The seed commune's database, where the demo official and token live.
    const lock = new DatabaseSync(await localD1File(portal.stateDir));
    const auth = { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' };
    // A public file: its answer is stored in R2 when it is attached (functions/public-files.ts).
    const created = await fetch(`${portal.url}/api/v1/disclosures`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Quyết định có tệp đính kèm', category: 'ngan-sach', issuedOn: '2026-12-01', issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Tệp tải được khi cơ sở dữ liệu bị khóa.', channels: ['portal'], postingStart: '2026-12-01', permanent: true, publish: true }),
    });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: number };
    const form = new FormData();
    form.set('file', new File([`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`], 'Quyết định.pdf'));
    form.set('changeNote', 'Đính kèm quyết định');
    const attached = await fetch(`${portal.url}/api/v1/disclosures/${item.id}/attachments`, { method: 'POST', headers: { authorization: auth.authorization }, body: form });
    expect(attached.status).toBe(201);
    const file = (await attached.json()) as { url: string; sha256: string };
    const before = (await (await fetch(`${portal.url}/api/v1/disclosures`, { headers: auth })).json()) as { total: number };
    // The home page seen once, after its publish: the edge cache holds it.
    await publishSettled(portal.url);
    await (await fetch(`${portal.url}/`)).arrayBuffer();
    // D1's local file is in WAL mode, where a plain BEGIN EXCLUSIVE stops writers but not readers:
    // exclusive locking mode and a write hold the whole file, as an outage would. The lock waits
    // for renders still reading the file (the province's pages follow the seed's first publish;
    // the search index is rebuilt after the pages of the writes above).
    lock.exec('PRAGMA busy_timeout = 60000; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE unit SET id = id;');
    try {
      // D1 is really down: what reads it fails, clearly.
      const read = await fetch(`${portal.url}/api/v1/disclosures`, { headers: auth });
      expect(read.status).toBe(503);
      expect(((await read.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      const search = await fetch(`${portal.url}/tim-kiem/?q=quy+hoach`);
      expect(search.status).toBe(503);
      expect(await search.text()).toContain('Tìm kiếm tạm thời chưa dùng được');
      for (const path of PUBLIC) {
        const res = await fetch(`${portal.url}${path}`);
        expect(res.status, path).toBe(200);
        expect((await res.text()).length, path).toBeGreaterThan(100);
      }
      // The public file downloads from R2 alone; the home page comes from the edge cache.
      const download = await fetch(`${portal.url}${file.url}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('etag')).toBe(`"${file.sha256}"`);
      expect(new TextDecoder().decode(await download.arrayBuffer())).toMatch(/^%PDF-1\.4/);
      const home = await fetch(`${portal.url}/`);
      expect(home.headers.get('x-cache')).toBe('HIT');
      const write = await fetch(`${portal.url}/api/v1/disclosures`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ title: 'Lưu khi cơ sở dữ liệu bị khóa', category: 'ngan-sach', issuedOn: '2026-12-01', issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'x', channels: ['portal'], postingStart: '2026-12-01', permanent: true, publish: true }),
      });
      expect(write.status).toBe(503);
      expect(((await write.json()) as { error: { message: string } }).error.message).toContain('Hệ thống tạm thời chưa lưu được');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    // Nothing was stored.
    const after = (await (await fetch(`${portal.url}/api/v1/disclosures`, { headers: auth })).json()) as { total: number };
    expect(after.total).toBe(before.total);
  });
});
