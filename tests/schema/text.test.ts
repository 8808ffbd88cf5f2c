import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NewAccountSchema, TokenSchema } from '../../schema/accounts/account.ts';
import { CategorySchema } from '../../schema/disclosure/category.ts';
import { OpinionSchema } from '../../schema/consultation/consultation.ts';
import { DisclosureFieldsSchema, DisclosureUpdateSchema, WithdrawSchema } from '../../schema/disclosure/disclosure.ts';
import { HolidaySchema, parseHolidayList } from '../../schema/calendar/holidays.ts';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { ExtraSessionSchema, ReceptionRuleSchema, SessionChangeSchema } from '../../schema/reception/reception.ts';
import { optionalText, paragraphs, requiredText, xmlSafe } from '../../schema/core/text.ts';
import { UnitSchema } from '../../schema/unit/unit.ts';

/** The message of the first issue, or null when the value is accepted. */
function refusal(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : parsed.error.issues[0]!.message;
}

describe('text fields: what no stored text may hold', () => {
  const title = requiredText('Tiêu đề', 300);
  const hostName = optionalText('Họ tên người tiếp', 120);
  const summary = paragraphs('Tóm tắt', 2000);

  describe.each([
    // JSON "\ud800": half a surrogate pair, the red-team title that was stored as invalid UTF-8.
    ['a lone high surrogate', title, 'Công khai \ud800', 'Tiêu đề có ký tự hỏng'],
    // A low half with no high half before it is just as ill-formed.
    ['a lone low surrogate', summary, 'Dòng một \udc00', 'Tóm tắt có ký tự hỏng'],
    // NUL: XML 1.0 has no way to write it, so one in a title broke /cong-khai.xml.
    ['NUL', title, 'Công khai\u0000 ngân sách', 'Tiêu đề có ký tự điều khiển (U+0000)'],
    // U+0001, the other character of the red-team feed report.
    ['U+0001', hostName, 'Nguyễn\u0001 Văn A', 'Họ tên người tiếp có ký tự điều khiển (U+0001)'],
    // Escape (ANSI terminal codes) in long text: only line breaks and tabs are allowed there.
    ['ESC in long text', summary, 'Dòng một\n\u001b[31mđỏ', 'Tóm tắt có ký tự điều khiển (U+001B)'],
    // DEL is a control too (Unicode Cc), and so is the C1 "next line" U+0085.
    ['DEL', title, 'Công khai\u007f', 'Tiêu đề có ký tự điều khiển (U+007F)'],
    ['C1 next line', title, 'Công khai\u0085ngân sách', 'Tiêu đề có ký tự điều khiển (U+0085)'],
    // RIGHT-TO-LEFT OVERRIDE shows "fdp.exe" as "exe.pdf" (Trojan Source, CVE-2021-42574).
    ['the right-to-left override', title, 'Tệp \u202Efdp.exe', 'Tiêu đề có ký tự đảo chiều chữ (U+202E)'],
    // The isolates (U+2066–U+2069) reorder text just as well.
    ['a right-to-left isolate', summary, 'Số \u2067123\u2069', 'Tóm tắt có ký tự đảo chiều chữ (U+2067)'],
    // Zero-width spaces pass `.min(1)` but show as an empty link on every list page.
    ['only zero-width spaces', title, '\u200B\u200B\u200B', 'Tiêu đề chỉ có ký tự ẩn'],
    // A zero-width joiner and a left-to-right mark: invisible, not whitespace to \s.
    ['only a joiner and a bidi mark', hostName, '\u200D\u200E', 'Họ tên người tiếp chỉ có ký tự ẩn'],
    // U+3164 HANGUL FILLER, the usual "blank name" trick on social sites.
    ['only a Hangul filler', title, '\u3164', 'Tiêu đề chỉ có ký tự ẩn'],
  ])('refuses %s', (_, schema, value, message) => {
    it('with a message naming the field', () => {
      expect(refusal(schema, value)).toContain(message);
    });
  });

  describe.each([
    // A valid surrogate pair is one code point: emoji stay allowed.
    ['an emoji (a surrogate pair)', title, 'Ngày hội 🎉', 'Ngày hội 🎉'],
    // A tab in a one-line field is whitespace: it is collapsed, as before, not refused.
    ['a tab in one-line text', title, 'Công khai\tngân sách', 'Công khai ngân sách'],
    // Long text keeps its line breaks; CRLF from Windows becomes LF.
    ['line breaks in long text', summary, 'Dòng một\r\nDòng hai', 'Dòng một\nDòng hai'],
    // Issue 22.13: zero-width characters inside words (a paste from Word) are stripped, so
    // "Hộ\u200b tịch" is stored, searched and counted as "Hộ tịch".
    ['a zero-width space inside a phrase', title, 'Hộ\u200B tịch', 'Hộ tịch'],
    ['a zero-width space inside a word', title, 'Kế\u200Bhoạch', 'Kếhoạch'],
    ['a non-joiner, a joiner, a word joiner and a BOM', summary, '\uFEFFThủ\u200C tục\u200D\nhộ\u2060 tịch', 'Thủ tục\nhộ tịch'],
    // Optional text left empty stays empty: "only invisible" applies to text that was typed.
    ['empty optional text', hostName, '', ''],
  ])('accepts %s', (_, schema, value, stored) => {
    it('and stores it normalised', () => {
      expect(schema.parse(value)).toBe(stored);
    });
  });
});

describe('OpinionSchema: one-line fields', () => {
  const opinion = (extra: Record<string, string>) => ({ body: 'Ý kiến', consent: true, ...extra });
  // Issue 22.13: a CR or LF in a citizen's name can only come from a script (forged lines in a CSV or a mail).
  it.each([
    ['authorName', 'Nguyễn Văn A\r\nBcc: x@example.vn', 'Họ và tên chỉ viết trên một dòng'],
    ['authorPlace', 'Thôn 1\nThôn 2', 'Thôn, tổ dân phố chỉ viết trên một dòng'],
    ['contact', '0912 345 678\r', 'Số điện thoại hoặc thư điện tử chỉ viết trên một dòng'],
  ])('refuses a line break in %s', (field, value, message) => {
    expect(refusal(OpinionSchema, opinion({ [field]: value }))).toContain(message);
  });
});

describe('every free-text field of every input schema', () => {
  // Object schemas whose fields officials or API clients fill in. A field is free text when it
  // takes an ordinary Vietnamese phrase and gives back a string: enums, dates, slugs, document
  // numbers and e-mail addresses refuse the phrase and have stricter rules of their own.
  const schemas: Record<string, z.ZodObject> = {
    DisclosureFieldsSchema,
    DisclosureUpdateSchema: DisclosureUpdateSchema.in as z.ZodObject,
    WithdrawSchema,
    CategorySchema,
    UnitSchema,
    NewAccountSchema,
    TokenSchema,
    HolidaySchema,
    ProcedureRowSchema,
    ReceptionRuleSchema,
    SessionChangeSchema,
    ExtraSessionSchema,
  };
  const phrase = 'Chữ thường có dấu tiếng Việt';
  const fields = Object.entries(schemas).flatMap(([name, schema]) =>
    Object.entries(schema.shape as Record<string, z.ZodType>)
      .filter(([, field]) => typeof field.safeParse(phrase).data === 'string')
      .map(([key, field]) => [`${name}.${key}`, field] as const),
  );

  it('are found (so the checks below are not vacuous)', () => {
    const names = fields.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['DisclosureFieldsSchema.title', 'DisclosureFieldsSchema.summary', 'DisclosureFieldsSchema.body', 'DisclosureUpdateSchema.changeNote', 'UnitSchema.name', 'NewAccountSchema.password', 'ExtraSessionSchema.withBodies']));
    expect(names.length).toBeGreaterThanOrEqual(30);
  });

  it.each([
    ['a lone surrogate', `${phrase}\ud800`, 'ký tự hỏng'],
    ['NUL', `${phrase}\u0000`, 'ký tự điều khiển (U+0000)'],
    ['U+0001', `\u0001${phrase}`, 'ký tự điều khiển (U+0001)'],
    ['the right-to-left override', `\u202E${phrase}`, 'ký tự đảo chiều chữ (U+202E)'],
  ])('refuse %s', (_, value, message) => {
    const accepted = fields.filter(([, field]) => !refusal(field, value)?.includes(message)).map(([name]) => name);
    expect(accepted).toEqual([]);
  });

  it('refuse a control character in the portal address, which the URL parser would let through', () => {
    expect(refusal(UnitSchema.shape.publicBaseUrl, 'https://xa.gov.vn/\u0001')).toContain('Địa chỉ cổng có ký tự điều khiển');
  });
});

describe('parseHolidayList', () => {
  it('refuses a holiday name with a control character, naming the line', () => {
    expect(parseHolidayList('01/01/2025 Tết Dương lịch\u0000', 2025)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Dòng 1 .*Tên ngày nghỉ có ký tự điều khiển \(U\+0000\)/),
    });
  });
});

describe('xmlSafe', () => {
  it.each([
    // XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    ['NUL and U+0001 (outside Char)', 'a\u0000b\u0001c', 'a\uFFFDb\uFFFDc'],
    // Tab, LF and CR are the three controls Char allows.
    ['tab, LF and CR', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    // A lone surrogate is not a character at all.
    ['a lone surrogate', 'a\ud800b', 'a\uFFFDb'],
    // U+FFFE and U+FFFF are excluded from Char by name.
    ['U+FFFE and U+FFFF', '\uFFFE\uFFFF', '\uFFFD\uFFFD'],
    // Astral characters are in Char (a valid surrogate pair).
    ['an emoji', 'Tết 🧧', 'Tết 🧧'],
    // Markup is the writer's job: xmlSafe leaves it for the writer to escape.
    ['markup', '<a & b>', '<a & b>'],
  ])('%s', (_, input, output) => {
    expect(xmlSafe(input)).toBe(output);
  });
});
