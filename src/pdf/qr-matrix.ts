import QRCode from 'qrcode';

/** A QR code as runs of dark modules per row, so one rectangle is drawn per run, not per module. */
export interface QrRuns {
  /** Modules per side, quiet zone not included. */
  size: number;
  /** Each run as [row, firstColumn, length]. */
  runs: Array<readonly [row: number, column: number, length: number]>;
}

/**
 * Level M (15 % of the symbol may be lost): labels are scuffed in the post, and the payload is short,
 * so a higher level costs little size.
 */
export function qrRuns(text: string): QrRuns {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  const runs: Array<readonly [number, number, number]> = [];
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let col = 0; col <= size; col++) {
      const dark = col < size && data[row * size + col] !== 0;
      if (dark && start < 0) start = col;
      else if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { size, runs };
}
