import { describe, expect, it } from 'vitest';
import { sniffType } from '../../schema/disclosure/attachment.ts';

/** A zip-shaped byte string: the local-file signature, then the given entry names. */
const zipWith = (...names: string[]) => new TextEncoder().encode(`PK\u0003\u0004${names.map((n) => `\u0000\u0000${n}`).join('')}`);

describe('sniffType for Office Open XML', () => {
  it.each([
    ['bao-cao.docx', ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'], 'docx'], // what Word writes
    ['so-lieu.xlsx', ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'], 'xlsx'], // what Excel writes
    ['bao-cao.docx', ['word/readme.txt'], null], // a plain zip with a "word" folder, renamed (issue 16)
    ['bao-cao.docx', ['[Content_Types].xml', 'word/readme.txt'], null], // content types but no document part
    ['anh.docx', ['anh.jpg'], null], // any other zip
  ])('%s holding %j is read as %s', (name, entries, expected) => {
    expect(sniffType(zipWith(...entries), name)).toBe(expected);
  });
});
