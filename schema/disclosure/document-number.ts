import { z } from '../core/zod.ts';
import { todayInVietnam } from '../core/dates.ts';
import { normalizeText } from '../core/text.ts';

/**
 * Type abbreviations of administrative documents (Decree 30/2020/NĐ-CP, appendix III), plus
 * the normative-document kinds that communes cite most. "CV" is not written in a number:
 * an ordinary letter (công văn) has none, e.g. "456/UBND-VP".
 */
const DOCUMENT_TYPES = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  HĐ: 'Hợp đồng',
  GM: 'Giấy mời',
  GUQ: 'Giấy ủy quyền',
  CĐ: 'Công điện',
  KL: 'Kết luận',
  NĐ: 'Nghị định',
  TT: 'Thông tư',
  TTLT: 'Thông tư liên tịch',
  L: 'Luật',
  QH: 'Luật',
  CV: 'Công văn',
} as const;

export function documentTypeLabel(type: string): string {
  return (DOCUMENT_TYPES as Record<string, string>)[type] ?? type;
}

interface DocumentNumber {
  /** As written, e.g. "28/KH-UBND". */
  text: string;
  number: number;
  year: number | null;
  /** Type abbreviation; "CV" for an ordinary letter that has none. */
  type: string;
  issuer: string;
}

const CODE = '[A-ZĐ][A-Za-zĐ]*';
const ISSUER = '[A-ZĐ0-9][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*';
// State documents: 28/KH-UBND, 59/2023/NĐ-CP, 10/2022/QH15; letters: 456/UBND-VP.
const STATE = new RegExp(`^(\\d{1,5})(?:/(\\d{4}))?/(${CODE})-(${ISSUER})$`, 'u');
// Laws carry the legislature in place of the type: 10/2022/QH15.
const LAW = /^(\d{1,5})\/(\d{4})\/(QH\d{2})$/u;
// Party documents use a hyphen before the type: 120-KL/TW, 456-CV/HU.
const PARTY = new RegExp(`^(\\d{1,5})-(${CODE})/(${ISSUER})$`, 'u');

/** Bodies that issue documents under their own name: "…/KH-UBND" names the plan's issuer, so "KH" must be a type. */
const ISSUING_BODIES = new Set(['UBND', 'HĐND', 'UBMTTQ', 'MTTQ', 'CP', 'TTg', 'QH', 'BCĐ']);

export const DOCUMENT_NUMBER_HINT = 'Số, ký hiệu có dạng 28/KH-UBND, 59/2023/NĐ-CP, 120-KL/TW hoặc 456/UBND-VP';

/**
 * The years a document number may carry. 1945: the state whose documents a commune cites
 * began on 2 September 1945 (its Sắc lệnh are the oldest in force); next year: a document
 * drafted in late December for the coming year. Years outside are typing slips (0000, 9999).
 */
const FIRST_DOCUMENT_YEAR = 1945;
const lastDocumentYear = (today: string = todayInVietnam()) => Number(today.slice(0, 4)) + 1;

export type DocumentNumberResult = { ok: true; value: DocumentNumber } | { ok: false; message: string };

/** Parses a document number/code; on failure the message says what shape is expected. */
export function parseDocumentNumber(input: string): DocumentNumberResult {
  const text = normalizeText(input);
  const fail = (why: string): DocumentNumberResult => ({ ok: false, message: `${why} ${DOCUMENT_NUMBER_HINT}.` });
  if (/\s/.test(text)) return fail('Số, ký hiệu văn bản không có dấu cách.');
  const yearOutOfRange = (year: number | null) =>
    year !== null && (year < FIRST_DOCUMENT_YEAR || year > lastDocumentYear())
      ? fail(`Năm ban hành trong số văn bản phải từ ${FIRST_DOCUMENT_YEAR} đến ${lastDocumentYear()} (không phải ${year}).`)
      : null;
  const law = LAW.exec(text);
  if (law) {
    const year = Number(law[2]);
    return yearOutOfRange(year) ?? { ok: true, value: { text, number: Number(law[1]), year, type: 'L', issuer: law[3]! } };
  }
  const state = STATE.exec(text);
  const party = PARTY.exec(text);
  let value: DocumentNumber;
  if (state) {
    const [, num, year, code, issuer] = state;
    const known = code! in DOCUMENT_TYPES;
    if (!known) {
      // "28/Kh-UBND": a known type abbreviation in the wrong case; offer it as Decree 30 writes it.
      const typed = Object.keys(DOCUMENT_TYPES).find((k) => k.toLocaleUpperCase('vi') === code!.toLocaleUpperCase('vi'));
      const fixed = typed && text.replace(`/${code}-`, `/${typed}-`);
      if (fixed) return { ok: false, message: `Số văn bản phải có dạng ${fixed}: ký hiệu loại văn bản viết là ${typed}.` };
      // "12/GGT-UBND": after the hyphen stands an issuing body, so before it must be a type
      // abbreviation (a letter reads the other way round: 456/UBND-VP, the body then its office).
      if (/[a-zđ]/u.test(code!) || ISSUING_BODIES.has(issuer!.split('-')[0]!)) {
        return { ok: false, message: `Số văn bản phải có dạng 28/KH-UBND: “${code}” không phải ký hiệu loại văn bản (KH, QĐ, BC, TB… theo Nghị định 30/2020/NĐ-CP). ${DOCUMENT_NUMBER_HINT}.` };
      }
    }
    // Without a known type abbreviation the part before the hyphen is the issuer of a letter.
    value = known
      ? { text, number: Number(num), year: year ? Number(year) : null, type: code!, issuer: issuer! }
      : { text, number: Number(num), year: year ? Number(year) : null, type: 'CV', issuer: `${code}-${issuer}` };
  } else if (party) {
    const [, num, code, issuer] = party;
    value = { text, number: Number(num), year: null, type: code!, issuer: issuer! };
  } else {
    // "12/tb-ubnd": offer the upper-case form when that is a valid number.
    const upper = text.toLocaleUpperCase('vi');
    if (upper !== text && parseDocumentNumber(upper).ok) return { ok: false, message: `Ký hiệu văn bản viết chữ in hoa. Có phải: ${upper}?` };
    if (/[a-zđ]/u.test(text) && !/[A-ZĐ]/u.test(text)) return fail('Ký hiệu văn bản viết chữ in hoa.');
    return fail('Số, ký hiệu văn bản không đúng dạng.');
  }
  if (value.number === 0) return fail('Số văn bản bắt đầu từ 01.');
  const badYear = yearOutOfRange(value.year);
  if (badYear) return badYear;
  // Decree 30: numbers under 10 are written with a leading zero (05, not 5).
  if (value.number < 10 && !/^0\d/.test(text)) {
    return fail(`Số dưới 10 viết có số 0 đứng trước (0${value.number}, không phải ${value.number}).`);
  }
  // …and only that one: "00005/QĐ-UBND" or "0078/BC-UBND" would list apart from 05 and 78.
  const digits = /^\d+/.exec(text)![0];
  const written = value.number < 10 ? `0${value.number}` : String(value.number);
  if (digits !== written) return { ok: false, message: `Số văn bản phải có dạng ${written}${text.slice(digits.length)}: không viết thêm số 0 ở đầu. ${DOCUMENT_NUMBER_HINT}.` };
  return { ok: true, value };
}

/** The zod field: accepts a number/code string and keeps it normalised as text. */
export const documentNumberField = z
  .string({ error: `Số, ký hiệu văn bản phải là chữ. ${DOCUMENT_NUMBER_HINT}.` })
  .overwrite(normalizeText)
  .max(60, { error: 'Số, ký hiệu văn bản dài quá 60 ký tự.' })
  .refine((value) => value === '' || parseDocumentNumber(value).ok, {
    error: (issue) => {
      const parsed = parseDocumentNumber(String(issue.input));
      return parsed.ok ? '' : parsed.message;
    },
  })
  .meta({ description: DOCUMENT_NUMBER_HINT, examples: ['28/KH-UBND'] });

/** The type abbreviation of a valid number: "28/KH-UBND" → "KH". */
export function documentTypeOf(number: string): string {
  const parsed = parseDocumentNumber(number);
  return parsed.ok ? parsed.value.type : 'CV';
}
