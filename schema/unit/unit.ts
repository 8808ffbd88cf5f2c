import { z } from '../core/zod.ts';
import { codeEnum } from '../core/codes.ts';
import { optionalText, requiredText, wellFormed } from '../core/text.ts';

/**
 * The commune (đơn vị hành chính cấp xã) that publishes this portal. Since 1 July 2025 the
 * level is xã, phường or đặc khu; older data (the 2024 demo report) may say thị trấn.
 */
export const UNIT_KINDS = { xa: 'xã', phuong: 'phường', dac_khu: 'đặc khu', thi_tran: 'thị trấn' } as const;

/** How a report is signed (Decree 30/2020/NĐ-CP, Phụ lục I). */
export const SIGN_PREFIXES = { TM: 'TM. — Chủ tịch ký thay mặt Ủy ban nhân dân', KT: 'KT. — Phó Chủ tịch ký thay Chủ tịch' } as const;

export const UnitSchema = z.object({
  kind: codeEnum(UNIT_KINDS, 'Chưa chọn loại đơn vị: xã, phường, đặc khu hoặc thị trấn.'),
  name: requiredText('Tên đơn vị', 100),
  parent: optionalText('Cấp trên', 200),
  province: optionalText('Tỉnh, thành phố', 100),
  address: optionalText('Địa chỉ trụ sở', 300),
  phone: optionalText('Điện thoại', 50),
  email: optionalText('Thư điện tử', 100),
  /** Short place name used in the date line: "Bình Dương, ngày 24 tháng 6 năm 2024". */
  placeName: requiredText('Địa danh', 100),
  /** Where the public site lives, for absolute links (feeds, share cards, QR codes). */
  publicBaseUrl: z
    .string({ error: 'Địa chỉ cổng phải là chữ.' })
    .trim()
    // The URL parser percent-encodes a control character in the path, but the text is stored as typed.
    .check(wellFormed('Địa chỉ cổng'))
    .refine((v) => v === '' || isWebAddress(v), {
      error: 'Địa chỉ cổng phải bắt đầu bằng https://, ví dụ https://binhduong.gov.vn (http:// chỉ dùng cho localhost khi thử).',
    })
    .default(''),
  /**
   * Origins allowed to frame the embeds (the commune's main website): https, or http on
   * localhost for trying. "*" is not an origin: any site could then dress the embeds up as its own.
   */
  embedOrigins: z
    .array(
      z
        .string()
        // "https://binhduong.gov.vn/" as copied from the address bar is the same origin.
        .overwrite((v) => v.trim().replace(/\/+$/, '').toLowerCase())
        .refine((v) => /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(v) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/i.test(v), {
        error: 'Nguồn nhúng phải là địa chỉ gốc dạng https://ten-mien.gov.vn (không có đường dẫn, không dùng *).',
      }),
    )
    .default([]),
  /** "Four eyes": whoever last wrote an item may not publish it. */
  fourEyes: z.boolean().default(false),
  /**
   * The data are an illustration (the demo built from report 78/BC-UBND): every citizen page,
   * embed and printout says so. Off unless set; `npm start` seeds it on.
   */
  demoData: z.boolean().default(false),
  /**
   * Who signs the unit's reports by default (Decree 30/2020, Phụ lục I): "TM." when the head
   * signs for the committee, "KT." when a deputy signs for the head (78/BC-UBND: "KT. CHỦ TỊCH /
   * PHÓ CHỦ TỊCH"); the signer's title and name. Each report may change them.
   */
  signPrefix: codeEnum(SIGN_PREFIXES, 'Hình thức ký phải là TM. hoặc KT.').default('TM'),
  signerTitle: optionalText('Chức vụ người ký', 100),
  signerName: optionalText('Họ tên người ký', 100),
});
export type Unit = z.output<typeof UnitSchema>;

/**
 * An address a citizen's browser may follow: https, or http on this machine only (local
 * trials). `z.url()` alone accepts any scheme, `javascript:` included.
 */
function isWebAddress(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

/** The banner every citizen page, embed and printout carries while `demoData` is on. */
export const DEMO_BANNER = 'Dữ liệu minh họa từ báo cáo 78/BC-UBND năm 2024 — không phải thông tin chính thức';

/** The short mark each item of a data format (ICS event, CSV row, JSON record) carries while `demoData` is on. */
export const DEMO_MARK = 'Dữ liệu minh họa';

/** "Ủy ban nhân dân thị trấn Bình Dương". */
export function committeeName(unit: Pick<Unit, 'kind' | 'name'>): string {
  return `Ủy ban nhân dân ${UNIT_KINDS[unit.kind]} ${unit.name}`;
}
