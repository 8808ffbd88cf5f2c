import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import { formatDate } from '../core/dates.ts';
import {
  defaultRecipients,
  RECIPIENT_TO_FILL,
  formatCount,
  formatRate,
  REPORT_SECTIONS,
  reportTitle,
  type Figure,
  type FigureSource,
  type ReportFigures,
  type ReportPeriod,
  type ReportText,
} from './democracy-report.ts';
import { PROCEDURE_COLUMNS, type ProcedureColumn } from '../statistics/procedure-stats.ts';
import { DEMO_BANNER, UNIT_KINDS, type Unit } from '../unit/unit.ts';

/**
 * The report as a Word document an official downloads, edits and signs, in the layout of
 * Decree 30/2020/NĐ-CP (Phụ lục I): A4, Times New Roman, margins top/bottom 20 mm, left 30 mm,
 * right 15 mm; the header block of the issuing body and the national motto side by side; the
 * number and the place-date line; the title; the body; "Nơi nhận" and the signature block.
 * Pages are numbered as Decree 30 asks: Arabic numerals centred in the top margin, from the
 * second page (the first page has its own, empty header). The figures are those the portal
 * computed; where each comes from is listed in an annex ("Phụ lục: nguồn số liệu") after the
 * signature, not inside the body an official signs.
 */

const MM = 56.6929; // twips per millimetre
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const pt = (points: number) => points * 2; // docx sizes are half-points

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } as const;

function line(text: string, run: Omit<IRunOptions, 'text'> = {}, paragraph: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, ...paragraph, children: [new TextRun({ text, ...run })] });
}

/** A short rule under a centred line: the bottom border of an indented empty paragraph. */
function rule(indentTwips: number): Paragraph {
  return new Paragraph({ border: { top: LINE }, indent: { left: indentTwips, right: indentTwips }, spacing: { before: 0, after: 120 }, children: [] });
}

/** Body text: justified, first line indented 1 cm, 6 pt after, as Decree 30 recommends. */
function body(text: string, run: Omit<IRunOptions, 'text'> = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: Math.round(10 * MM) }, spacing: { after: 120, line: 300 }, children: [new TextRun({ text, ...run })] });
}
const heading = (text: string) => body(text, { bold: true });

function paragraphsOf(text: string): Paragraph[] {
  const parts = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return parts.length ? parts.map((p) => body(p)) : [body('[Phần này cán bộ viết.]', { italics: true })];
}

/** An optional note: nothing when the official left it empty. */
const extra = (text: string) => (text.trim() ? paragraphsOf(text) : []);

const figureLine = (f: Figure) => `${f.label}: ${formatCount(f.value)}`;

function cell(text: string, options: { bold?: boolean; width?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): TableCell {
  return new TableCell({
    width: options.width ? { size: options.width, type: WidthType.DXA } : undefined,
    children: [new Paragraph({ alignment: options.align ?? AlignmentType.CENTER, children: [new TextRun({ text, bold: options.bold, size: pt(11) })] })],
  });
}

/** The eight columns of the report's table (Biểu 06): received, then resolved. */
const BIEU_06_COLUMNS: ProcedureColumn[] = ['receivedTotal', 'receivedOnline', 'receivedDirect', 'carriedOver', 'resolvedTotal', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate'];

/** Biểu 06's columns, as in the portal's statistics table; unknown cells are "—". */
function procedureTable(f: ReportFigures['procedures']): Table {
  const keys = BIEU_06_COLUMNS;
  const header = new TableRow({
    tableHeader: true,
    children: [cell('STT', { bold: true }), cell('Lĩnh vực', { bold: true }), ...keys.map((k) => cell(PROCEDURE_COLUMNS[k], { bold: true }))],
  });
  const value = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('vi-VN') : '—');
  const rows = (f.rows ?? []).map(
    (r, i) =>
      new TableRow({ children: [cell(String(i + 1)), cell(r.field, { align: AlignmentType.LEFT }), ...keys.map((k) => cell(value(r[k])))] }),
  );
  const total = f.total
    ? [new TableRow({ children: [cell(''), cell('Tổng số', { bold: true }), ...keys.map((k) => cell(value(f.total![k]), { bold: true }))] })]
    : [];
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, rows: [header, ...rows, ...total] });
}

export interface DocxOptions {
  unit: Pick<Unit, 'kind' | 'name' | 'placeName' | 'parent' | 'province' | 'demoData'> | null;
  /** The province's name in the deployment's registry (null or absent: not named), for "Nơi nhận". */
  registryProvince?: string | null;
  /** The public site's address, for the sources of the figures. */
  baseUrl: string;
  /**
   * The report's date: a published report's issue date fills the place-date line; a draft's
   * (today in Vietnam) gives only the year, leaving day and month for the signer to write.
   */
  date: { on: string; issued: boolean };
}

/**
 * "Bình Dương, ngày 05 tháng 3 năm 2026"; a draft's date is left blank but for the year it is
 * written in. Decree 30/2020 writes a day below 10 and the months 1 and 2 with a leading zero
 * (ngày 05, tháng 01, tháng 02), the other months without (tháng 3, tháng 11).
 */
function placeDateLine(place: string, date: { on: string; issued: boolean }): string {
  const [year, month, day] = date.on.split('-') as [string, string, string];
  const monthText = Number(month) <= 2 ? month : String(Number(month));
  return date.issued ? `${place}, ngày ${day} tháng ${monthText} năm ${year}` : `${place}, ngày      tháng      năm ${year}`;
}

/** What the Word file is made of: the draft's text (narrative, signer, recipients) and its period. */
export type DocxReport = ReportText & { period: ReportPeriod };

/** The annex's numbered list of sources: each source once, in the order the body first uses it. */
class Sources {
  readonly list: FigureSource[] = [];
  add(source: FigureSource): void {
    if (!this.list.some((s) => s.path === source.path && s.label === source.label)) this.list.push(source);
  }
}

/** The report draft as a DOCX file. */
export async function reportDocx(report: DocxReport, figures: ReportFigures, options: DocxOptions): Promise<Uint8Array<ArrayBuffer>> {
  const unitLine = options.unit ? `${UNIT_KINDS[options.unit.kind]} ${options.unit.name}`.toUpperCase() : '';
  const place = options.unit?.placeName || options.unit?.name || '';
  const url = (path: string) => `${options.baseUrl.replace(/\/$/, '')}${path}`;
  const col = { left: Math.round(TEXT_WIDTH * 0.4), right: TEXT_WIDTH - Math.round(TEXT_WIDTH * 0.4) };
  const size13 = { size: pt(13) };
  const demo = options.unit?.demoData === true;
  const sources = new Sources();

  const header = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    borders: NO_BORDERS,
    columnWidths: [col.left, col.right],
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: col.left, type: WidthType.DXA },
            borders: NO_BORDERS,
            children: [
              line('ỦY BAN NHÂN DÂN', { bold: true, ...size13 }),
              line(unitLine, { bold: true, ...size13 }),
              rule(Math.round(col.left * 0.3)),
              line(`Số: ${report.documentNumber || '      /BC-UBND'}`, size13),
            ],
          }),
          new TableCell({
            width: { size: col.right, type: WidthType.DXA },
            borders: NO_BORDERS,
            children: [
              line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: pt(12) }),
              line('Độc lập - Tự do - Hạnh phúc', { bold: true, ...size13 }),
              rule(Math.round(col.right * 0.22)),
              line(placeDateLine(place, options.date), { italics: true, ...size13 }),
            ],
          }),
        ],
      }),
    ],
  });

  const p = figures.procedures;
  const agency = figures.agency.figures;
  const [agencyDone, agencyTotal] = [agency.find((f) => f.key === 'agency.contentsDone')?.value ?? null, agency.find((f) => f.key === 'agency.contentsTotal')?.value ?? null];
  const d = figures.disclosures;
  [d.total.source, p.source, figures.reception.source, figures.petitions.source, figures.decisions.source, figures.consultations.source, figures.supervision.source, figures.agency.source].forEach((s) => sources.add(s));
  const dateRange = `từ ngày ${formatDate(figures.period.from)} đến ngày ${formatDate(figures.period.to)}`;
  const channelName = (code: string) => d.byChannel.find((c) => c.code === code)?.label.toLowerCase() ?? code;
  const content: (Paragraph | Table)[] = [
    ...(demo ? [line(DEMO_BANNER.toUpperCase(), { bold: true, size: pt(12) }, { border: { top: LINE, bottom: LINE, left: LINE, right: LINE }, spacing: { after: 240 } })] : []),
    header,
    line('BÁO CÁO', { bold: true, size: pt(14) }, { spacing: { before: 360 } }),
    line(reportTitle(figures.period), { bold: true, size: pt(14) }),
    rule(Math.round(TEXT_WIDTH * 0.4)),
    body(`Số liệu ${dateRange}, tổng hợp từ cổng công khai thông tin của đơn vị (nguồn từng số liệu: xem Phụ lục).`, { italics: true }),
    heading(REPORT_SECTIONS.leadership),
    ...paragraphsOf(report.leadership),
    ...(figures.plans.length
      ? [body('Các kế hoạch còn hiệu lực trong kỳ:'), ...figures.plans.map((x) => body(`- Kế hoạch số ${x.documentNumber} ngày ${formatDate(x.issuedOn)}: ${x.title}.`))]
      : []),
    heading('II. Kết quả thực hiện'),
    heading('1. Thực hiện các nội dung dân chủ ở cơ sở'),
    heading('a) Công khai thông tin'),
    body(`${figureLine(d.total)}.`),
    ...d.byCategory.map((c) => body(`- ${c.label}: ${formatCount(c.count)}.`)),
    // A channel used, its count unknown: named without a number rather than with a guessed one.
    ...(d.byChannel.length ? [body(`Hình thức công khai: ${d.byChannel.map((c) => `${c.label.toLowerCase()}${c.count === null ? '' : ` (${c.count})`}`).join('; ')}.`)] : []),
    ...(d.items.length
      ? [
          body('Danh mục nội dung đã công khai trong kỳ:'),
          ...d.items.map((x, i) => body(`${i + 1}. ${x.documentNumber ? `${x.documentNumber}: ` : ''}${x.title} (${x.when}${x.channels.length ? `; ${x.channels.map(channelName).join(', ')}` : ''}).`)),
        ]
      : []),
    ...(d.undated.length
      ? [body('Văn bản ban hành trong kỳ, chưa ghi ngày công khai thực tế (chưa xác định thời gian, không tính vào số liệu trên):'), ...d.undated.map((x) => body(`- ${x.documentNumber ? `${x.documentNumber}, ` : ''}ngày ${formatDate(x.issuedOn)}: ${x.title}.`))]
      : []),
    ...extra(report.disclosureNote),
    heading('b) Nhân dân bàn và quyết định'),
    ...pillarLines(figures.decisions),
    ...paragraphsOf(report.decideNote),
    heading('c) Nhân dân tham gia ý kiến'),
    ...pillarLines(figures.consultations),
    ...paragraphsOf(report.consultNote),
    heading('d) Nhân dân kiểm tra, giám sát'),
    ...pillarLines(figures.supervision),
    ...paragraphsOf(report.superviseNote),
    heading('2. Cải cách hành chính'),
    ...(p.rows
      ? [
          body(
            `Tiếp nhận ${formatCount(p.total!.receivedTotal)} hồ sơ; đã giải quyết ${formatCount(p.total!.resolvedTotal)} hồ sơ, trong đó trước hạn ${formatCount(p.total!.resolvedEarly)}, đúng hạn ${formatCount(p.total!.resolvedOnTime)}, quá hạn ${formatCount(p.total!.resolvedLate)}; tỷ lệ giải quyết trước và đúng hạn ${formatRate(p.onTimeRate)}.`,
          ),
          procedureTable(p),
        ]
      : [body(`Kết quả giải quyết thủ tục hành chính: ${formatCount(null)} (cổng chưa có bảng số liệu của kỳ này).`)]),
    ...extra(report.reformNote),
    heading('3. Tiếp công dân, giải quyết đơn thư'),
    ...figures.reception.rules.map((r) => body(`Lịch tiếp công dân định kỳ: ${r}.`)),
    ...figures.reception.figures.map((f) => body(`- ${figureLine(f)}.`)),
    ...figures.petitions.figures.map((f) => body(`- ${figureLine(f)}.`)),
    ...extra(report.receptionNote),
    heading('4. Thực hiện dân chủ trong hoạt động của cơ quan (Nghị định số 04/2015/NĐ-CP)'),
    body(
      agencyDone !== null && agencyTotal !== null
        ? `Đã thực hiện ${agencyDone}/${agencyTotal} nội dung.`
        : `Số nội dung đã thực hiện: ${formatCount(null)}.`,
    ),
    ...paragraphsOf(report.agencyNote),
    heading(REPORT_SECTIONS.assessment),
    ...paragraphsOf(report.assessment),
    heading(REPORT_SECTIONS.tasks),
    ...paragraphsOf(report.tasks),
    signatureBlock(report.recipients.trim() || defaultRecipients(figures.period, options.unit, options.registryProvince ?? null), report, col),
    ...annex(sources.list, url),
  ];

  const pageNumber = new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(13) })] });
  const demoHeader = (children: Paragraph[]) => (demo ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'Dữ liệu minh họa', italics: true, size: pt(11) })] }), ...children] : children);
  const doc = new Document({
    creator: 'Cổng công khai thông tin',
    title: `Báo cáo ${reportTitle(figures.period)}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: pt(14) } } } },
    sections: [
      {
        // titlePage: the first page takes the `first` header (no number), the others the `default` one.
        properties: { page: { size: A4, margin: MARGIN }, titlePage: true },
        headers: {
          first: new Header({ children: demoHeader([new Paragraph({ children: [] })]) }),
          default: new Header({ children: demoHeader([pageNumber]) }),
        },
        children: content,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

/** A pillar's figures, and its records: those of the period with when they happened, then those whose time is unknown. */
function pillarLines(p: ReportFigures['decisions']): Paragraph[] {
  return [
    ...p.figures.map((f) => body(`- ${figureLine(f)}.`)),
    ...p.items.map((i) => body(`+ ${i.title} (${i.when}).`)),
    ...p.undated.map((i) => body(`+ ${i.title} (${i.when}; không tính vào số liệu của kỳ).`)),
  ];
}

/** "Phụ lục: nguồn số liệu" on its own page: where each figure of the body can be checked. */
function annex(list: FigureSource[], url: (path: string) => string): Paragraph[] {
  return [
    line('Phụ lục', { bold: true, size: pt(14) }, { pageBreakBefore: true }),
    line('NGUỒN SỐ LIỆU', { bold: true, size: pt(14) }),
    line('(kèm theo báo cáo; số liệu tổng hợp từ các trang công khai dưới đây)', { italics: true, size: pt(13) }, { spacing: { after: 240 } }),
    ...list.map((s, i) => body(`${i + 1}. ${s.label}: ${url(s.path)}`)),
  ];
}

/**
 * "Nơi nhận" on the left (12 pt bold italic, the list in 11 pt); the signer's block on the right,
 * as Decree 30 writes it: "TM. ỦY BAN NHÂN DÂN" then the Chairman's title — or, when a deputy
 * signs, "KT. CHỦ TỊCH" and the deputy's title — room for the signature and seal, and the name.
 */
function signatureBlock(recipients: string, signer: Pick<ReportText, 'signPrefix' | 'signerTitle' | 'signerName'>, col: { left: number; right: number }): Table {
  const lines = recipients.split('\n').map((l) => l.trim()).filter(Boolean);
  const title = (signer.signerTitle.trim() || (signer.signPrefix === 'KT' ? 'PHÓ CHỦ TỊCH' : 'CHỦ TỊCH')).toUpperCase();
  const titles = signer.signPrefix === 'KT' ? ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', title] : ['TM. ỦY BAN NHÂN DÂN', title];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    borders: NO_BORDERS,
    columnWidths: [col.left, col.right],
    rows: [
      new TableRow({
        children: [
          new TableCell({
            borders: NO_BORDERS,
            width: { size: col.left, type: WidthType.DXA },
            children: [
              new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: 'Nơi nhận:', bold: true, italics: true, size: pt(12) })] }),
              // A line the official must fill is highlighted: visibly not a value.
              ...lines.map((l) => new Paragraph({ children: [new TextRun({ text: `- ${l.replace(/^-\s*/, '')}`, size: pt(11), ...(l.includes(RECIPIENT_TO_FILL) ? { highlight: 'yellow' } : {}) })] })),
            ],
          }),
          new TableCell({
            borders: NO_BORDERS,
            width: { size: col.right, type: WidthType.DXA },
            children: [
              ...titles.map((t, i) => line(t, { bold: true }, i === 0 ? { spacing: { before: 240 } } : {})),
              // Room for the signature and the seal.
              ...[1, 2, 3, 4].map(() => new Paragraph({ children: [] })),
              // The name as typed, or a line for it when the portal was not told (never invented).
              line(signer.signerName.trim() || '……………………………', { bold: true }),
            ],
          }),
        ],
      }),
    ],
  });
}
