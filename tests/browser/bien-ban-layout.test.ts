import { describe, expect, it } from 'vitest';
import { PostingRecord, type RecordKind } from '../../functions/admin/posting-records.tsx';
import { DisclosureSchema } from '../../schema/disclosure/disclosure.ts';
import { UnitSchema } from '../../schema/unit/unit.ts';
import { chromiumForThisFile } from './browser.ts';

/**
 * Issue 21 item 8: the Biên bản's header block and number / place-date line are centred (the
 * body's `p{text-align:justify}` used to win over the centred grid), each signer's title sits on
 * one line (the places named: tests/site/posting-places.test.ts). The sheet is rendered from
 * the same component the admin serves and measured by Chromium in print media; it needs no
 * portal data, so it uses page.setContent.
 */

const browser = chromiumForThisFile();

const disclosure = DisclosureSchema.parse({
  id: 7, slug: 'danh-muc-du-an', documentType: 'TB', status: 'published', version: 1,
  createdAt: '2026-03-02T01:00:00.000Z', updatedAt: '2026-03-02T01:00:00.000Z', publishedAt: '2026-03-02T01:00:00.000Z',
  withdrawnAt: null, withdrawalReason: null, lastEditorId: 1,
  title: 'Thông báo danh mục dự án đầu tư công năm 2026', category: 'du-an-dau-tu', documentNumber: '12/TB-UBND', issuedOn: '2026-03-02',
  issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Danh mục dự án.', channels: ['office_board', 'community_house', 'portal'],
  postingStart: '2026-03-02', postingEnd: '2026-03-31',
  channelDetails: { community_house: { places: 'Nhà văn hóa khu phố 1, Nhà văn hóa khu phố 2' } },
});
const unit = UnitSchema.parse({ kind: 'thi_tran', name: 'Bình Dương', placeName: 'Bình Dương' });

describe.each<[RecordKind]>([['bien-ban-niem-yet'], ['bien-ban-ket-thuc']])('%s printed', (kind) => {
  it('centres the header and the number / place-date line and keeps each signature title on one line', async () => {
    const html = await PostingRecord({ kind, disclosure, unit, pageUrl: 'https://binhduong.example/cong-khai/danh-muc-du-an/', qr: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }).toString();
    const page = await browser().newPage({ viewport: { width: 900, height: 1200 } });
    await page.setContent(`<!doctype html>${html}`);
    await page.emulateMedia({ media: 'print' });

    const aligns = await page.locator('.header p, .meta p').evaluateAll((els) => els.map((el) => getComputedStyle(el).textAlign));
    expect(aligns.length).toBe(6);
    expect(aligns.every((a) => a === 'center')).toBe(true);
    // The body keeps its justified paragraphs.
    expect(await page.locator('body > p:not(.actions):not(.subtitle)').first().evaluate((el) => getComputedStyle(el).textAlign)).toBe('justify');

    const roles = await page.locator('.signatures .role').evaluateAll((els) => els.map((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) })));
    expect(roles).toHaveLength(3);
    for (const r of roles) expect(r.height).toBeLessThan(r.line * 1.5);
    const boxes = await page.locator('.signatures .role').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
    // Side by side, not overlapping.
    expect(boxes[0]!.right).toBeLessThanOrEqual(boxes[1]!.left);
    expect(boxes[1]!.right).toBeLessThanOrEqual(boxes[2]!.left);
    await page.close();
  });
});
