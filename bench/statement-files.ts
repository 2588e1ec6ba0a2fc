/**
 * Statement files benchmark: a statement of N synthetic lines streamed as XLSX and as PDF into sinks
 * that count bytes and keep nothing. Each file is made in a fresh child process, so its peak RSS
 * (process.resourceUsage().maxRSS) is that file's alone; a child that writes a statement without
 * lines shows what the process costs before any line (Node, tsx, ExcelJS, pdfkit, the CJK fonts).
 * Prints wall time, bytes, PDF pages and peak RSS; the last line is JSON.
 *
 *   npx tsx bench/statement-files.ts [--lines 1000000] [--page 1000]
 */
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatS10 } from '../src/domain/s10.js';
import type { StatementHeader, StatementLine } from '../src/modules/statements/statement.model.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    page: { type: 'string', default: '1000' },
    child: { type: 'string' },
  },
});
const lineCount = Number(values.lines);
const pageSize = Number(values.page);
const KINDS = ['xlsx', 'pdf'] as const;
type Kind = (typeof KINDS)[number];

interface Figures {
  kind: Kind;
  lines: number;
  seconds: number;
  bytes: number;
  /** PDF page objects counted in the output; null for XLSX. */
  pages: number | null;
  maxRssMiB: number;
}

const PROGRAMS = ['VET2026', 'ID2026', 'SOCIAL-CARD', 'PASSPORT'];

/** Line `seq`: a month of mailings, every 50th billed late, weights and amounts varying. */
function syntheticLine(seq: number): StatementLine {
  const weightGrams = seq % 97 === 0 ? null : 20 + ((seq * 37) % 1_900);
  const grossFen = 1_000 + Math.ceil(Math.max(0, (weightGrams ?? 0) - 500) / 500) * 200 + (seq % 5 === 0 ? 500 : 0);
  const discountFen = seq % 3 === 0 ? Math.floor((grossFen * 15 + 50) / 100) : 0;
  const adjustment = seq % 50 === 0;
  return {
    seq,
    trackingNo: formatS10('EA', 30_000_000 + seq),
    programCode: PROGRAMS[seq % PROGRAMS.length]!,
    mailedOn: adjustment ? '2026-10-31' : `2026-11-${String(1 + Math.floor(((seq - 1) * 30) / Math.max(1, lineCount))).padStart(2, '0')}`,
    weightGrams,
    grossFen,
    discountFen,
    netFen: grossFen - discountFen,
    donationFen: seq % PROGRAMS.length === 0 ? 10 : 0,
    adjustment,
  };
}

/** The lines as a repository would page them: made as they are read, `pageSize` at a time. */
async function* linePages(count: number): AsyncGenerator<StatementLine[]> {
  for (let start = 1; start <= count; start += pageSize) {
    await new Promise((resolve) => setImmediate(resolve)); // a query's wait
    yield Array.from({ length: Math.min(pageSize, count - start + 1) }, (_, i) => syntheticLine(start + i));
  }
}

/** The header's totals without holding the lines: one pass over them as they are made. */
function syntheticHeader(count: number): StatementHeader {
  const totals = { items: count, grossFen: 0, discountFen: 0, netFen: 0, donationFen: 0 };
  let adjustments = 0;
  for (let seq = 1; seq <= count; seq++) {
    const line = syntheticLine(seq);
    totals.grossFen += line.grossFen;
    totals.discountFen += line.discountFen;
    totals.netFen += line.netFen;
    totals.donationFen += line.donationFen;
    if (line.adjustment) adjustments++;
  }
  const createdAt = Date.parse('2026-12-01T09:30:00+08:00');
  return {
    id: 'st_bench',
    payer: 'AG-BENCH',
    payerName: '湖北省退役军人事务厅',
    from: '2026-11-01',
    to: '2026-11-30',
    status: 'issued',
    totals,
    adjustments,
    createdAt,
    createdBy: 'bench',
    issuedAt: createdAt + 3_600_000,
    issuedBy: 'bench',
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
  };
}

/** A sink that keeps nothing: counts bytes, and the PDF's page objects as they pass. */
function countingSink(): { sink: Writable; bytes: () => number; pages: () => number } {
  const PAGE_OBJECT = /\/Type \/Page\n/g;
  let bytes = 0;
  let pages = 0;
  let carry = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      const text = carry + chunk.toString('latin1');
      for (const m of text.matchAll(PAGE_OBJECT)) if (m.index + m[0].length > carry.length) pages++;
      carry = text.slice(-16);
      done();
    },
  });
  return { sink, bytes: () => bytes, pages: () => pages };
}

async function runChild(kind: Kind): Promise<void> {
  const header = syntheticHeader(lineCount);
  const { sink, bytes, pages } = countingSink();
  const t0 = performance.now();
  // Only the renderer measured is loaded: a PDF's process does not carry ExcelJS, nor an XLSX's pdfkit.
  const file =
    kind === 'xlsx'
      ? (await import('../src/modules/statements/statement-files.js')).statementXlsx(header, linePages(lineCount), 'zh-CN')
      : (await import('../src/modules/statements/statement-pdf.js')).statementPdf(header, linePages(lineCount), 'zh-CN');
  await pipeline(file, sink);
  const figures: Figures = {
    kind,
    lines: lineCount,
    seconds: (performance.now() - t0) / 1000,
    bytes: bytes(),
    pages: kind === 'pdf' ? pages() : null,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(figures));
}

/** One file in a fresh process, for an RSS figure of its own. */
function inChild(kind: Kind, lines: number): Promise<Figures> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--child', kind, '--lines', String(lines), '--page', String(pageSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${kind} child exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Figures);
    });
  });
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

if (values.child !== undefined) {
  await runChild(values.child as Kind);
} else {
  const { statementPdfPages } = await import('../src/modules/statements/statement-pdf.js');
  console.log(`statement files: ${lineCount.toLocaleString('en')} lines, read ${pageSize.toLocaleString('en')} at a time (Node ${process.version})`);
  const results: { kind: Kind; empty: Figures; full: Figures }[] = [];
  for (const kind of KINDS) {
    const empty = await inChild(kind, 0);
    const full = await inChild(kind, lineCount);
    results.push({ kind, empty, full });
    const pages = full.pages === null ? '' : `, ${full.pages.toLocaleString('en')} pages (expected ${statementPdfPages(lineCount).toLocaleString('en')})`;
    console.log(
      `  ${kind.padEnd(4)} ${full.seconds.toFixed(1)} s, ${mib(full.bytes)} MiB${pages}; peak RSS ${full.maxRssMiB.toFixed(0)} MiB (a statement without lines: ${empty.maxRssMiB.toFixed(0)} MiB)`,
    );
  }
  console.log(JSON.stringify({ lines: lineCount, pageSize, results }));
}
