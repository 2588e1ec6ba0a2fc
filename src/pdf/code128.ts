import bwipjs from 'bwip-js';

/** A linear barcode as bars, in modules (the narrowest bar's width), quiet zones not included. */
export interface LinearBarcode {
  /** Width of the symbol from the start of its first bar to the end of its last. */
  modules: number;
  /** Each bar as [start, width]. */
  bars: Array<readonly [start: number, width: number]>;
}

/**
 * Code 128 bars of `text`, drawn by the caller as vector rectangles. The encoding (code sets, check
 * character) is BWIPP's, through bwip-js; only the widths are taken, so no image is rasterised.
 */
export function code128Bars(text: string): LinearBarcode {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text });
  if (!symbol || !('sbs' in symbol)) throw new Error(`Code 128 encoder gave no bars for "${text}"`);
  // sbs: bar and space widths alternately, starting with a bar.
  const bars: Array<readonly [number, number]> = [];
  let x = 0;
  symbol.sbs.forEach((width, i) => {
    if (i % 2 === 0) bars.push([x, width]);
    x += width;
  });
  return { modules: x, bars };
}
