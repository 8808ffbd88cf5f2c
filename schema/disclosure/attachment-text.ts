import { getDocumentProxy } from 'unpdf';

/**
 * The words inside a text-based PDF, for citizen search (schema/publishing/search.db.ts indexes them with
 * the item the file is attached to). Read once, inside the Worker, when the file is attached,
 * with unpdf: a build of pdf.js for serverless runtimes that needs no canvas and no worker thread.
 */

/** At most this many characters per file (as the static build kept): one huge file cannot swell the index. */
const MAX_ATTACHMENT_TEXT = 20_000;

/**
 * The text of a PDF: NFC, white space collapsed, cut at MAX_ATTACHMENT_TEXT characters; null
 * when it has none (a scanned PDF is images only) or cannot be read (damaged, encrypted, or not
 * a PDF after all). Never throws: a file the type check accepted is attached either way, it is
 * only not searchable by its words.
 *
 * Pages are read one at a time and reading stops at the cap, so a 300-page PDF costs the CPU of
 * its first pages, not of all of them.
 *
 * @example
 * await pdfText(bytes) // 'Biên bản nghiệm thu hạng mục mặt đường …' or null
 */
export async function pdfText(bytes: Uint8Array): Promise<string | null> {
  let text = '';
  try {
    // A copy: pdf.js may take over (transfer) the buffer it is given, and the caller still stores these bytes.
    // verbosity 0: a damaged file's warnings are not errors of the portal's, and would fill the log.
    const pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
    try {
      for (let n = 1; n <= pdf.numPages && text.length < MAX_ATTACHMENT_TEXT; n++) {
        const page = await pdf.getPage(n);
        const { items } = await page.getTextContent();
        // As unpdf's extractText: each run of text, a line break where the PDF ends a line.
        const words = items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
        text = `${text} ${words}`.normalize('NFC').replace(/\s+/g, ' ').trim();
        page.cleanup();
      }
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (error) {
    console.warn(`no text from a PDF attachment: ${(error as Error).message}`);
    return null;
  }
  // Cut between UTF-16 code units only where no surrogate pair is split.
  let cut = text.slice(0, MAX_ATTACHMENT_TEXT);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trim() || null;
}
