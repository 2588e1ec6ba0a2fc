import QRCode from 'qrcode';

// Level M (15 % recovery) keeps a ~200-character link at a size a phone reads from paper; a quiet
// zone of 2 modules is enough on a white sheet.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTIONS, type: 'svg' });
}

/** `scale` pixels per module. */
export function qrPng(text: string, scale = 6): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...QR_OPTIONS, type: 'png', scale });
}
