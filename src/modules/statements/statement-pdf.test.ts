import { PassThrough, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { rasterisePage, readPdf } from '../../../test/factories-labels.js';
import { STATEMENT_CREATED_AT, generatedLinePages, linePages, statementHeader, statementLine, statementLines } from '../../../test/factories-statements.js';
import { STATEMENT_PDF_ROWS, statementPdf, statementPdfPages } from './statement-pdf.js';
import type { StatementLine } from './statement.model.js';

/** A page's text with runs of white space as one space, as a reader sees the row. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Line `seq` as its row reads: number, tracking number, program, day, weight, yuan, and the adjustment mark. */
function rowText(line: StatementLine, yes = '是'): string {
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const cells = [line.seq, line.trackingNo, line.programCode, line.mailedOn, line.weightGrams ?? '', yuan(line.grossFen), yuan(line.discountFen), yuan(line.netFen), yuan(line.donationFen)];
  return flat(`${cells.join(' ')}${line.adjustment ? ` ${yes}` : ''}`);
}

const TABLE_HEADER = '序号 邮件号 项目代码 收寄日期 重量(g) 标准邮资 优惠 应付 捐赠 调整';

describe('statementPdf', () => {
  it('prints an issued statement: payer, period, totals, then every line, its table header and page number on each page', async () => {
    const lines = statementLines(200);
    const header = statementHeader(lines, { totals: { items: 200, grossFen: 123_456_789, discountFen: 18_518_518, netFen: 104_938_271, donationFen: 500 } });
    const bytes = await buffer(statementPdf(header, linePages(lines, 64), 'zh-CN'));
    const pdf = await readPdf(bytes);

    expect(statementPdfPages(200)).toBeGreaterThanOrEqual(3);
    expect(pdf.pages).toBe(statementPdfPages(200));
    const pages = pdf.pageTexts.map(flat);
    const first = pages[0]!;
    expect(first).toContain('对账单');
    expect(first).toContain('付费方：宜昌市退役军人事务局（AG1001）');
    expect(first).toContain('对账期间：2026-11-01 至 2026-11-30');
    expect(first).toContain('对账单编号：st_01JD8Z5Q3M7XK2');
    expect(first).toContain('状态：已开具');
    expect(first).toContain('开具时间：2026-12-01 11:30，finance02');
    expect(first).toContain('邮件数 200');
    expect(first).toContain('标准邮资（元） 1,234,567.89');
    expect(first).toContain('优惠金额（元） 185,185.18');
    expect(first).toContain('应付邮资（元） 1,049,382.71');
    expect(first).toContain('关爱基金捐赠（元） 5.00');
    expect(first).toContain('调整笔数 20');
    expect(pdf.text).not.toMatch(/草稿|作废/);

    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(TABLE_HEADER);
      expect(text, `page ${i + 1}`).toContain(`第 ${i + 1} 页`);
    });
    for (const text of pages.slice(1)) expect(text).toContain('对账单 宜昌市退役军人事务局（AG1001） 2026-11-01 至 2026-11-30');

    // Each line once, on the page its place gives it, with its yuan and its adjustment mark.
    const { firstPage, otherPages } = STATEMENT_PDF_ROWS;
    const pageOf = (seq: number) => (seq <= firstPage ? 0 : 1 + Math.floor((seq - firstPage - 1) / otherPages));
    for (const line of lines) expect(pages[pageOf(line.seq)], `line ${line.seq}`).toContain(rowText(line));
    expect(first).toContain('4 EA100000048CN VET2026 2026-11-05 24 18.01 2.70 15.31 0.10');
    expect(first).toContain('10 EA100000105CN ID2026 2026-10-11 30 16.01 2.40 13.61 0.00 是');
    expect(first).toContain('13 EA100000136CN ID2026 2026-11-14 22.01 3.30 18.71 0.00');
    expect(pdf.text.match(/EA\d{9}CN/g)).toHaveLength(200);

    // Drawn, not only written: ink in the top, middle and bottom thirds of the first two pages.
    for (const n of [1, 2]) {
      const page = await rasterisePage(bytes, n, 6);
      const third = Math.floor(page.height / 3);
      const inkShares = [0, 1, 2].map((band) => {
        let dark = 0;
        for (let y = band * third; y < (band + 1) * third; y++) for (let x = 0; x < page.width; x++) if (page.dark(x, y)) dark++;
        return dark / (third * page.width);
      });
      for (const share of inkShares) expect(share, `page ${n}: ${inkShares.join(', ')}`).toBeGreaterThan(0.01);
    }
  });

  it('marks every page of a draft as not for payment', async () => {
    const lines = statementLines(120);
    const header = statementHeader(lines, { status: 'draft', issuedAt: null, issuedBy: null });
    const pdf = await readPdf(await buffer(statementPdf(header, linePages(lines), 'zh-CN')));

    expect(pdf.pages).toBe(3);
    expect(flat(pdf.pageTexts[0]!)).toContain('草稿，尚未开具，不作为付款依据');
    expect(flat(pdf.pageTexts[0]!)).toContain('状态：草稿');
    expect(pdf.text).not.toContain('开具时间');
    for (const text of pdf.pageTexts) expect(text.match(/草稿/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('prints a void statement of postage the recipients paid, in English: who voided it and why, marked on every page', async () => {
    const lines = statementLines(60);
    const reason = `Billed twice; ${'重新开具 '.repeat(40)}`;
    const header = statementHeader(lines, {
      payer: 'recipient',
      payerName: null,
      status: 'void',
      voidedAt: STATEMENT_CREATED_AT + 26 * 3_600_000,
      voidedBy: 'finance03',
      voidReason: reason,
    });
    const pdf = await readPdf(await buffer(statementPdf(header, linePages(lines), 'en', { timeZone: 'UTC' })));

    expect(pdf.pages).toBe(statementPdfPages(60));
    const first = flat(pdf.pageTexts[0]!);
    expect(first).toContain('Statement');
    expect(first).toContain('Payer: Paid by the recipient (recipient)');
    expect(first).toContain('Period: 2026-11-01 to 2026-11-30');
    expect(first).toContain('Void: not a request for payment');
    expect(first).toContain('Voided at: 2026-12-02 03:30, finance03');
    // A long reason is cut to its line, not run over the totals.
    expect(first).toMatch(/Reason for voiding: Billed twice; 重新开具[^…]*…/);
    expect(first).toContain('Net postage (yuan)');
    expect(first).toContain('Page 1');
    expect(first).toContain(rowText(statementLine(10), 'Yes'));
    for (const text of pdf.pageTexts) expect(text).toContain('Void');
  });

  it('prints a statement without lines on one page, saying so', async () => {
    const header = statementHeader([], { payerName: null });
    const pdf = await readPdf(await buffer(statementPdf(header, linePages([]), 'zh-CN')));
    expect(pdf.pages).toBe(1);
    const text = flat(pdf.text);
    expect(text).toContain('付费方：AG1001');
    expect(text).toContain('本对账单没有明细');
    expect(text).toContain('邮件数 0');
  });

  it('streams 200,000 lines page after page into a reader that keeps nothing', async () => {
    const count = 200_000;
    const sink = pageCountingSink();
    await new Promise<void>((resolve, reject) => {
      statementPdf(statementHeader([]), generatedLinePages(count), 'zh-CN').pipe(sink.writable).on('finish', resolve).on('error', reject);
    });
    expect(statementPdfPages(count)).toBeGreaterThan(3_000);
    expect(sink.pageObjects()).toBe(statementPdfPages(count));
    expect(sink.declaredPages()).toBe(statementPdfPages(count));
  }, 60_000);

  it('reads no further than the reader has read, and lets the source go when the reader leaves', async () => {
    let pulled = 0;
    let closed = false;
    async function* lines(): AsyncGenerator<StatementLine[]> {
      try {
        for await (const page of generatedLinePages(100_000, 500)) {
          pulled += 1;
          yield page;
        }
      } finally {
        closed = true;
      }
    }
    const file = statementPdf(statementHeader([]), lines(), 'zh-CN') as PassThrough;
    for (let turns = 0; !file.writableNeedDrain && turns < 10_000; turns++) await nextTurn();
    // Drawing on regardless would take a page of the PDF a turn, and a page of the source every 8.
    for (let turns = 0; turns < 300; turns++) await nextTurn();
    expect(file.writableNeedDrain).toBe(true);
    expect(pulled).toBeLessThan(20);

    file.destroy();
    for (let turns = 0; !closed && turns < 1_000; turns++) await nextTurn();
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(20);
  });
});

/**
 * A sink that keeps only a few bytes: it counts the page objects as they pass (`/Type /Page` and a
 * line end, which `/Type /Pages` is not) and reads the page tree's `/Count` near the end.
 */
function pageCountingSink(): { writable: Writable; pageObjects: () => number; declaredPages: () => number } {
  const PAGE_OBJECT = /\/Type \/Page\n/g;
  let pages = 0;
  let carry = '';
  let declared = -1;
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = carry + chunk.toString('latin1');
      for (const m of text.matchAll(PAGE_OBJECT)) if (m.index + m[0].length > carry.length) pages++;
      const count = /\/Type \/Pages\n\/Count (\d+)/.exec(text);
      if (count) declared = Number(count[1]);
      carry = text.slice(-32);
      done();
    },
  });
  return { writable, pageObjects: () => pages, declaredPages: () => declared };
}
