import { describe, expect, it } from 'vitest';
import { CHANNELS, DisclosureCreateSchema } from '../../schema/disclosure/disclosure.ts';
import { channelWarnings } from '../../schema/disclosure/channels.ts';
import { foldVietnamese, normalizeText, slugify } from '../../schema/core/text.ts';
import { fieldErrors } from '../../schema/core/validation.ts';

const valid = {
  title: 'Công khai dự toán ngân sách năm 2025',
  category: 'ngan-sach',
  documentNumber: '15/QĐ-UBND',
  issuedOn: '10/01/2025',
  issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
  summary: 'Dự toán thu, chi ngân sách.',
  channels: ['portal', 'office_board'],
  postingStart: '2025-01-10',
  postingEnd: '2025-02-28',
};

function errorsOf(input: unknown) {
  const parsed = DisclosureCreateSchema.safeParse(input);
  return parsed.success ? [] : fieldErrors(parsed.error);
}

describe('DisclosureCreateSchema', () => {
  it('accepts a valid disclosure and normalises it', () => {
    const parsed = DisclosureCreateSchema.parse({ ...valid, title: `  ${valid.title.normalize('NFD')}   ` });
    expect(parsed.title).toBe(valid.title.normalize('NFC'));
    expect(parsed.issuedOn).toBe('2025-01-10');
    expect(parsed.channels).toEqual(['office_board', 'portal']); // stored in the law's order
    expect(parsed.publish).toBe(false);
  });

  it('names each bad field in Vietnamese', () => {
    const errors = errorsOf({ ...valid, title: '', documentNumber: '28 KH UBND', issuedOn: '31/02/2025', channels: [] });
    expect(errors.map((e) => e.field)).toEqual(['title', 'documentNumber', 'issuedOn', 'channels']);
    expect(errors.find((e) => e.field === 'title')?.message).toBe('Chưa nhập tiêu đề.');
    expect(errors.find((e) => e.field === 'issuedOn')?.message).toContain('ngày có thật');
  });

  it('requires a legal ground chosen from the list and a real reason for a posting shorter than 30 days', () => {
    const short = { ...valid, postingEnd: '2025-01-20' };
    expect(errorsOf(short)).toEqual([
      { field: 'shortPostingGround', message: expect.stringContaining('11 ngày') },
      { field: 'shortPostingReason', message: expect.stringContaining('ít nhất 20 ký tự') },
    ]);
    // "x" is not a reason (issue 12).
    expect(errorsOf({ ...short, shortPostingGround: 'specific_law', shortPostingReason: 'x' }).map((e) => e.field)).toEqual(['shortPostingReason']);
    expect(errorsOf({ ...short, shortPostingReason: 'Theo khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP' }).map((e) => e.field)).toEqual(['shortPostingGround']);
    expect(errorsOf({ ...short, shortPostingGround: 'specific_law', shortPostingReason: 'Theo khoản 2 Điều 10 Nghị định 59/2023/NĐ-CP' })).toEqual([]);
  });

  it('counts 30 days including the first and last day', () => {
    const jan = { ...valid, issuedOn: '2025-01-01', postingStart: '2025-01-01' };
    expect(errorsOf({ ...jan, postingEnd: '2025-01-30' })).toEqual([]);
    expect(errorsOf({ ...jan, postingEnd: '2025-01-29' })[0]?.field).toBe('shortPostingGround');
  });

  it('records each channel\'s own days, refuses a range that runs backwards, and keeps only the channels used', () => {
    const withDays = { ...valid, channels: ['office_board', 'loudspeaker'], channelDetails: { loudspeaker: { start: '02/01/2025', end: '01/01/2025' } } };
    expect(errorsOf(withDays)).toEqual([{ field: 'channelDetails.loudspeaker.end', message: 'Ngày kết thúc của hình thức này phải từ ngày bắt đầu trở đi.' }]);
    const parsed = DisclosureCreateSchema.parse({ ...valid, channels: ['loudspeaker'], channelDetails: { loudspeaker: { start: '2025-01-02', end: '2025-01-04' }, portal: { start: '2025-01-02' } } });
    expect(parsed.channelDetails).toEqual({ loudspeaker: { start: '2025-01-02', end: '2025-01-04', places: '' } });
  });

  it('warns (does not refuse) when a channel falls short of the category\'s minimum: one loudspeaker day of three', () => {
    const item = { channels: ['loudspeaker', 'portal'], channelDetails: { loudspeaker: { start: '2025-01-02', end: '2025-01-02', places: '' } } };
    expect(channelWarnings(item, { loudspeaker: 3 }, CHANNELS)).toEqual([
      { channel: 'loudspeaker', message: 'Đọc trên hệ thống loa truyền thanh: 1 ngày (02/01/2025–02/01/2025), ít hơn 3 ngày liên tục mà nội dung này yêu cầu.' },
    ]);
    expect(channelWarnings({ ...item, channelDetails: { loudspeaker: { start: '2025-01-02', end: '2025-01-04', places: '' } } }, { loudspeaker: 3 }, CHANNELS)).toEqual([]);
    expect(channelWarnings({ channels: ['loudspeaker'], channelDetails: {} }, { loudspeaker: 3 }, CHANNELS)[0]?.message).toContain('chưa ghi ngày');
  });

  it('needs an end date unless the posting is permanent, and drops it when permanent', () => {
    expect(errorsOf({ ...valid, postingEnd: undefined })[0]?.field).toBe('postingEnd');
    expect(DisclosureCreateSchema.parse({ ...valid, permanent: true }).postingEnd).toBeUndefined();
  });

  it('reports every problem in one pass: missing category, bad number, end before start', () => {
    const fields = errorsOf({ ...valid, category: undefined, documentNumber: '12/tb-ubnd', postingEnd: '2025-01-01' }).map((e) => e.field);
    expect(fields).toEqual(['category', 'documentNumber', 'postingEnd']);
  });

  it('refuses a posting that starts before the issue date, even with other fields wrong', () => {
    const errors = errorsOf({ ...valid, title: '', issuedOn: '20/01/2025', postingStart: '10/01/2025' });
    expect(errors.map((e) => e.field)).toEqual(['title', 'postingStart']);
    expect(errors[1]!.message).toBe(
      'Ngày bắt đầu niêm yết (10/01/2025) trước ngày ban hành (20/01/2025): văn bản chỉ niêm yết được từ ngày ban hành.',
    );
  });

  it('refuses an end before the start', () => {
    expect(errorsOf({ ...valid, postingEnd: '2025-01-01' })[0]).toEqual({ field: 'postingEnd', message: 'Ngày kết thúc niêm yết phải sau ngày bắt đầu.' });
  });
});

describe('Vietnamese text helpers', () => {
  it.each([
    ['Đăng ký hộ tịch', 'Dang ky ho tich'], // đ has no Unicode decomposition
    ['tiếp công dân', 'tiep cong dan'],
    ['Ủy ban nhân dân'.normalize('NFD'), 'Uy ban nhan dan'],
  ])('foldVietnamese(%s) = %s', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it('slugify never cuts a long title inside a word or a number', () => {
    const title = 'Kế hoạch tuyên truyền về cải cách hành chính và chuyển đổi số của thị trấn Bình Dương năm 2024';
    const slug = slugify(title);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toBe('ke-hoach-tuyen-truyen-ve-cai-cach-hanh-chinh-va-chuyen-doi-so-cua-thi-tran-binh');
    expect(slugify('Công khai năm 2024', 16)).toBe('cong-khai-nam');
    expect(slugify('abcdefghijklmnop', 10)).toBe('abcdefghij');
  });

  it('slugify makes stable ASCII URLs', () => {
    expect(slugify('Kế hoạch 28/KH-UBND: Quy chế dân chủ')).toBe('ke-hoach-28-kh-ubnd-quy-che-dan-chu');
  });

  it('normalizeText gives NFC and single spaces', () => {
    expect(normalizeText(' Thị\u00a0trấn   Bình Dương '.normalize('NFD'))).toBe('Thị trấn Bình Dương');
  });
});
