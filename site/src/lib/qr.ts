import QRCode from 'qrcode';

/** A QR code as inline SVG, made at build time: the printed notice links to its page. */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
}
