import { describe, expect, it } from 'vitest';
import { PostingRecord, postingPlaces } from '../../functions/admin/posting-records.tsx';
import { DisclosureSchema } from '../../schema/disclosure/disclosure.ts';
import { UnitSchema } from '../../schema/unit/unit.ts';

/** Issue 21 item 8: the Biên bản names the places the official recorded for each posting board. */

const disclosure = (channelDetails: Record<string, unknown>, channels = ['office_board', 'community_house', 'portal']) =>
  DisclosureSchema.parse({
    id: 7, slug: 'danh-muc-du-an', documentType: 'TB', status: 'published', version: 1,
    createdAt: '2026-03-02T01:00:00.000Z', updatedAt: '2026-03-02T01:00:00.000Z', publishedAt: '2026-03-02T01:00:00.000Z',
    withdrawnAt: null, withdrawalReason: null, lastEditorId: 1,
    title: 'Thông báo danh mục dự án đầu tư công năm 2026', category: 'du-an-dau-tu', documentNumber: '12/TB-UBND', issuedOn: '2026-03-02',
    issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Danh mục dự án.', channels,
    postingStart: '2026-03-02', postingEnd: '2026-03-31', channelDetails,
  });

describe('postingPlaces', () => {
  it('names the recorded places after their board, and a board without places by its channel', () => {
    const d = disclosure({ community_house: { places: 'Nhà văn hóa khu phố 1, Nhà văn hóa khu phố 2' } });
    expect(postingPlaces(d)).toBe('Niêm yết tại trụ sở Ủy ban nhân dân; Niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng: Nhà văn hóa khu phố 1, Nhà văn hóa khu phố 2');
    expect(postingPlaces(d, true)).toBe('trụ sở Ủy ban nhân dân; nhà văn hóa, điểm sinh hoạt cộng đồng: Nhà văn hóa khu phố 1, Nhà văn hóa khu phố 2');
  });
  it('leaves dots to fill in when no board was used', () => {
    expect(postingPlaces(disclosure({}, ['portal']))).toBe('………………………');
  });
});

describe('Biên bản niêm yết công khai', () => {
  it('names the places in the opening sentence and the "Địa điểm niêm yết" line', async () => {
    const html = await PostingRecord({
      kind: 'bien-ban-niem-yet',
      disclosure: disclosure({ office_board: { places: 'Bảng tin trụ sở, tầng 1' } }),
      unit: UnitSchema.parse({ kind: 'thi_tran', name: 'Bình Dương', placeName: 'Bình Dương' }),
      pageUrl: 'https://binhduong.example/cong-khai/danh-muc-du-an/',
      qr: '<svg></svg>',
    }).toString();
    expect(html).toContain('tại trụ sở Ủy ban nhân dân: Bảng tin trụ sở, tầng 1; nhà văn hóa, điểm sinh hoạt cộng đồng, chúng tôi gồm');
    expect(html).toContain('Địa điểm niêm yết: Niêm yết tại trụ sở Ủy ban nhân dân: Bảng tin trụ sở, tầng 1; Niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng.');
  });
});
