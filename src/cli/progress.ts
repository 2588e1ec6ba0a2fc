/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise). */
export function createProgressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  const started = Date.now();
  let lastDrawn = -1;
  const draw = (done: number, extra: string) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(fraction * 100);
    if (!stream.isTTY && (percent === lastDrawn || percent % 10 !== 0)) return;
    lastDrawn = percent;
    const filled = Math.round(fraction * width);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${extra} ${seconds}s`;
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
  };
  return {
    update: (done: number, extra = '') => draw(done, extra),
    finish(extra = '') {
      lastDrawn = -1;
      draw(total, extra);
      if (stream.isTTY) stream.write('\n');
    },
  };
}
