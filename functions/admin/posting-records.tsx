import { raw } from 'hono/html';
import { formatDate, formatDateLong } from '../../schema/core/dates.ts';
import { CHANNELS, postingDays, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { documentTypeLabel } from '../../schema/disclosure/document-number.ts';
import { committeeName, DEMO_BANNER, UNIT_KINDS, type Unit } from '../../schema/unit/unit.ts';

/**
 * The two records communes sign around a posting (niêm yết), printed from the admin on A4 in the
 * layout of Decree 30/2020/NĐ-CP (Phụ lục I): the issuing body's two lines (bold) beside the
 * national motto on one line and the slogan, the number line, the place-and-date line, the
 * title, the content, and signature blocks for the official and the witnesses (village or
 * residential-group head, Fatherland Front representative). Blanks are dotted lines the
 * officials fill in by hand; nothing the portal does not know is printed as if it were known.
 */

export const RECORD_KINDS = {
  'bien-ban-niem-yet': 'BIÊN BẢN NIÊM YẾT CÔNG KHAI',
  'bien-ban-ket-thuc': 'BIÊN BẢN KẾT THÚC NIÊM YẾT CÔNG KHAI',
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** Channels that are a physical posting place. */
const POSTING_PLACES = ['office_board', 'community_house'] as const;

const DOTS = '………………………';

const CSS = `
@page{size:A4;margin:20mm 15mm 20mm 30mm}
*{box-sizing:border-box}
body{margin:0 auto;max-width:165mm;padding:8mm 0;font:13pt/1.35 "Times New Roman",Times,"Liberation Serif",serif;color:#000;background:#fff}
@media print{body{padding:0;max-width:none}.no-print{display:none!important}}
.demo{border:2px solid #000;padding:1mm 3mm;font-weight:700;text-align:center;margin:0 0 3mm;font-size:11pt}
.header{display:grid;grid-template-columns:38% 62%;text-align:center;align-items:start}
.body-name{font-size:12.5pt}
.motto{font-size:12pt;font-weight:700;white-space:nowrap}
.slogan{font-size:13pt;font-weight:700}
.rule{display:block;border-top:1px solid #000;margin:1mm auto 0}
.rule.short{width:32%}.rule.long{width:56%}
.meta{display:grid;grid-template-columns:38% 62%;text-align:center;margin-top:3mm}
.place-date{font-style:italic}
h1{font-size:14pt;text-align:center;margin:6mm 0 1mm}
.subtitle{text-align:center;font-weight:700;margin:0 0 4mm}
p{margin:1.5mm 0;text-align:justify}
/* After the body's justified p: the header block and the number / place-date line stay centred. */
.header p,.meta p{margin:0;text-align:center}
ol{margin:1mm 0 2mm;padding-left:7mm}
.fill{letter-spacing:0}
.signatures{display:grid;grid-template-columns:repeat(3,auto);justify-content:space-between;gap:4mm;margin-top:5mm;text-align:center;
  break-inside:avoid}
.signatures p{margin:0;text-align:center}
/* Each signer's title on one line ("ĐẠI DIỆN ỦY BAN NHÂN DÂN" at 12 pt would wrap in a third of the page). */
.signatures .role{font-weight:700;text-transform:uppercase;font-size:11pt;white-space:nowrap}
.signatures .hint{font-style:italic;font-size:11pt}
.signatures .space{height:20mm}
.qr{display:flex;gap:4mm;align-items:center;margin-top:3mm;font-size:10.5pt;break-inside:avoid}
.qr svg{width:22mm;height:22mm;flex:none}
.actions{margin:0 0 6mm;font:1rem/1.4 system-ui,sans-serif}
/* On a phone's screen the sheet reflows so the official can read it before printing; the A4 print is unchanged. */
@media screen and (max-width:40rem){body{padding:3mm;font-size:12pt}.header,.meta{display:block}.header>div+div,.meta>p+p{margin-top:3mm}
.motto{white-space:normal}.signatures{grid-template-columns:1fr;justify-content:stretch}.signatures .space{height:10mm}}
`;

export interface PostingRecordProps {
  kind: RecordKind;
  disclosure: Disclosure;
  unit: Unit;
  /** The public page the QR code opens. */
  pageUrl: string;
  /** The QR code as inline SVG. */
  qr: string;
}

/** "XÃ BÌNH DƯƠNG": the second line of the issuing body. */
const unitLine = (unit: Unit) => `${UNIT_KINDS[unit.kind]} ${unit.name}`.toLocaleUpperCase('vi');

/** The document posted, as data: type, number, date, issuer. */
function documentLine(d: Disclosure): string {
  const document = d.documentNumber ? `${documentTypeLabel(d.documentType)} số ${d.documentNumber}` : 'Văn bản';
  return `${document} ngày ${formatDate(d.issuedOn)} của ${d.issuer}: “${d.title}”`;
}

/**
 * The places of the posting as the record names them: each board channel with the places the
 * official recorded for it ("Niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng: Khu phố 1, Khu
 * phố 2"), or the channel alone when no place was recorded; dots to fill in when none was used.
 */
export function postingPlaces(d: Pick<Disclosure, 'channels' | 'channelDetails'>, short = false): string {
  const places = d.channels.filter((c): c is (typeof POSTING_PLACES)[number] => (POSTING_PLACES as readonly string[]).includes(c));
  if (!places.length) return DOTS;
  return places
    .map((c) => {
      const label = short ? CHANNELS[c].replace(/^Niêm yết tại /, '') : CHANNELS[c];
      const named = d.channelDetails[c]?.places?.trim();
      return named ? `${label}: ${named}` : label;
    })
    .join('; ');
}

export function PostingRecord(props: PostingRecordProps) {
  const { kind, disclosure: d, unit } = props;
  const recordDate = kind === 'bien-ban-niem-yet' ? d.postingStart : d.postingEnd;
  const period = d.permanent || !d.postingEnd
    ? `từ ngày ${formatDate(d.postingStart)}, công khai thường xuyên`
    : `từ ngày ${formatDate(d.postingStart)} đến hết ngày ${formatDate(d.postingEnd)} (${postingDays(d.postingStart, d.postingEnd)} ngày)`;
  const title = RECORD_KINDS[kind];
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} – ${d.title}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <p class="actions no-print">
          <a href={`/admin/cong-khai/${d.id}`}>← Quay lại nội dung</a> · In trang này (khổ A4) bằng lệnh In của trình duyệt, rồi ký và lưu
          hồ sơ.
        </p>
        {unit.demoData && <p class="demo" role="note">{DEMO_BANNER}</p>}
        <div class="header">
          <div>
            <p class="body-name"><b>ỦY BAN NHÂN DÂN</b></p>
            <p class="body-name"><b>{unitLine(unit)}</b></p>
            <span class="rule short" />
          </div>
          <div>
            <p class="motto">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
            <p class="slogan">Độc lập - Tự do - Hạnh phúc</p>
            <span class="rule long" />
          </div>
        </div>
        <div class="meta">
          <p>Số: ……/BB-UBND</p>
          <p class="place-date">
            {unit.placeName}, {recordDate ? formatDateLong(recordDate) : 'ngày …… tháng …… năm ……'}
          </p>
        </div>
        <h1>{title}</h1>
        <p class="subtitle">{d.title}</p>
        <p>
          Hôm nay, vào hồi …… giờ …… phút, {recordDate ? formatDateLong(recordDate) : 'ngày …… tháng …… năm ……'}, tại{' '}
          {postingPlaces(d, true)}, chúng tôi gồm:
        </p>
        <ol>
          <li>Ông/bà {DOTS}, chức vụ {DOTS}, đại diện {committeeName(unit)};</li>
          <li>Ông/bà {DOTS}, trưởng thôn/tổ trưởng tổ dân phố {DOTS};</li>
          <li>Ông/bà {DOTS}, đại diện Ban công tác Mặt trận {DOTS}.</li>
        </ol>
        {kind === 'bien-ban-niem-yet' ? (
          <>
            <p>Cùng tiến hành niêm yết công khai: {documentLine(d)}.</p>
            <p>Địa điểm niêm yết: {postingPlaces(d)}.</p>
            <p>Thời gian niêm yết: {period}.</p>
            <p>
              Trong thời gian niêm yết, mọi ý kiến phản ánh, kiến nghị gửi về {committeeName(unit)} để được xem xét, giải quyết theo quy
              định.
            </p>
          </>
        ) : (
          <>
            <p>Cùng xác nhận kết thúc niêm yết công khai: {documentLine(d)}.</p>
            <p>Địa điểm đã niêm yết: {postingPlaces(d)}.</p>
            <p>Thời gian đã niêm yết: {period}.</p>
            <p>Trong thời gian niêm yết, {committeeName(unit)} nhận được …… ý kiến phản ánh, kiến nghị; nội dung: {DOTS}{DOTS}</p>
          </>
        )}
        <p>
          Biên bản kết thúc vào hồi …… giờ …… phút cùng ngày, đã đọc lại cho những người có mặt cùng nghe, thống nhất và ký tên dưới đây.
        </p>
        <div class="signatures">
          <div>
            <p class="role">Đại diện Mặt trận</p>
            <p class="hint">(Ký, ghi rõ họ tên)</p>
            <div class="space" />
          </div>
          <div>
            <p class="role">Trưởng thôn/Tổ trưởng</p>
            <p class="hint">(Ký, ghi rõ họ tên)</p>
            <div class="space" />
          </div>
          <div>
            <p class="role">Đại diện Ủy ban nhân dân</p>
            <p class="hint">(Ký, ghi rõ họ tên)</p>
            <div class="space" />
          </div>
        </div>
        <div class="qr">
          {raw(props.qr)}
          <p>Quét mã để xem bản điện tử của nội dung niêm yết và các thay đổi (nếu có):<br />{props.pageUrl}</p>
        </div>
      </body>
    </html>
  );
}
