/**
 * Attachments are checked by what the bytes are, not by what the name says: a file named
 * "bao-cao.pdf" that is really HTML or a program is refused.
 */

import { z } from '../core/zod.ts';
import { codesOf, type CodeOf } from '../core/codes.ts';
import { optionalText, requiredText } from '../core/text.ts';

/**
 * An attachment's life: "attached" is listed on its item's page (public once the item is);
 * "pending" waits for a second approver (four eyes); "withdrawn" is no longer served, its name
 * and reason stay in the public history; "rejected" was a pending file an approver refused.
 */
export const ATTACHMENT_STATES = { pending: 'Chờ duyệt', attached: 'Đính kèm', withdrawn: 'Đã rút', rejected: 'Bị từ chối' } as const;
export type AttachmentState = CodeOf<typeof ATTACHMENT_STATES>;
export const ATTACHMENT_STATE_CODES = codesOf(ATTACHMENT_STATES);

/** What comes with a file added to an item: the public reason, needed once the item is published. */
export const AttachSchema = z.object({ changeNote: optionalText('Lý do thêm tệp', 500) });

/** Withdrawing a file always needs a reason: citizens read it where the file was. */
export const AttachmentWithdrawSchema = z.object({ reason: requiredText('Lý do rút tệp', 500) });

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The limit as officials read it: "10 MB" (hints, errors). */
export const MAX_ATTACHMENT_SIZE = formatSize(MAX_ATTACHMENT_BYTES);

/** The message for a file over the limit. */
export function attachmentTooLarge(fileName: string): string {
  return `Tệp "${fileName}" lớn quá ${MAX_ATTACHMENT_SIZE}. Hãy nén hoặc chia nhỏ tệp.`;
}

export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', label: 'PDF', inline: true },
  png: { mime: 'image/png', label: 'Ảnh PNG', inline: true },
  jpg: { mime: 'image/jpeg', label: 'Ảnh JPEG', inline: true },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word', inline: false },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel', inline: false },
  doc: { mime: 'application/msword', label: 'Word (cũ)', inline: false },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel (cũ)', inline: false },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** What the file really is, or null when it is not one of the accepted kinds. */
export function sniffType(bytes: Uint8Array, fileName: string): AttachmentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML is a zip whose entry names say what it holds: a content-types part and
    // the main part of a document or a workbook. Any zip with a folder named "word/" is not
    // Word (issue 16). Names sit in each entry's header and again in the central directory at
    // the end, so the first and last stretches of the file are enough.
    const latin1 = new TextDecoder('latin1');
    const names = latin1.decode(bytes.subarray(0, 256 * 1024)) + latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024 * 1024)));
    if (!names.includes('[Content_Types].xml')) return null;
    if (names.includes('word/document.xml')) return 'docx';
    if (names.includes('xl/workbook.xml')) return 'xlsx';
    return null;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // The old binary formats share one container; only the name tells Word from Excel.
    const ext = fileName.toLowerCase().split('.').pop();
    return ext === 'xls' ? 'xls' : ext === 'doc' ? 'doc' : null;
  }
  return null;
}

/** A safe file name: no path, NFC, letters, digits, spaces, dots, dashes; the true extension. */
export function safeFileName(name: string, type: AttachmentType): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop()!.replace(/\.[^.]*$/, '');
  const clean = base.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || 'tep-dinh-kem';
  return `${clean}.${type}`;
}

/** "1,2 MB", "340 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`;
}
