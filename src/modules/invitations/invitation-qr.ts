// Level M (15 % recovery) keeps a ~200-character link at a size a phone reads from paper; a quiet
// zone of 2 modules is enough on a white sheet.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

// The library is loaded on the first code asked for (src/load-on-first-call.ts).
const qrcode = async () => (await import('qrcode')).default;

export async function qrSvg(text: string): Promise<string> {
  return (await qrcode()).toString(text, { ...QR_OPTIONS, type: 'svg' });
}

/** `scale` pixels per module. */
export async function qrPng(text: string, scale = 6): Promise<Buffer> {
  return (await qrcode()).toBuffer(text, { ...QR_OPTIONS, type: 'png', scale });
}
