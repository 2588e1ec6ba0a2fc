/**
 * Recipient-list import benchmark: generates a list of N valid, realistic rows (real counties of
 * GB/T 2260, real ID check characters) as CSV and as XLSX, then for each file times the import
 * through the same service POST /api/v1/programs/:code/recipients/import uses (checking, address
 * placement, sealing, chunked upserts into a fresh database) against the baseline of the same file
 * read alone by the same reader (no checks, no storage). Prints figures, never pass/fail. Last line:
 * a JSON object.
 *
 *   npm run bench:import [-- --rows N] [--seed S]     (run with node --expose-gc to start each run collected)
 *   SONGDA_DB=postgres://… npm run bench:import      (a fresh database is made inside that server)
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDbTarget } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDb } from '../src/db/open-db.js';
import { isCountyLevel, placeAddress } from '../src/domain/address-placement.js';
import { type Division, listDivisions } from '../src/domain/divisions.js';
import { createPersonalDataCipher } from '../src/domain/personal-data.js';
import { residentIdCheckChar } from '../src/domain/resident-id.js';
import { upsertPartners } from '../src/modules/programs/upsert-partners.js';
import { upsertPrograms } from '../src/modules/programs/upsert-programs.js';
import { type RecipientImportResult, importRecipients } from '../src/modules/recipients/import-recipients.js';
import { readTable } from '../src/spreadsheets/read-table.js';
import { freshTarget } from './lib/targets.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } } });
const rowCount = Number(values.rows);
const random = mulberry32(Number(values.seed));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// ---- A realistic list ----------------------------------------------------------------------------

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强红梅玉兰海燕德胜春生国庆永强文'.split('');
const STREETS = ['人民路', '解放路', '建设路', '中山路', '胜利路', '东湖大道', '发展大道', '沿江大道', '和平街', '幸福路', '新华路', '文化路'];
const CATEGORIES = ['普通', '普通', '普通', '普通', '普通', '普通', '普通', '普通', '烈士遗属', '参战退役军人', '伤残军人', '二等功以上'];
const HEADER = ['姓名', '身份证号', '手机号', '类别', '地址', '区划代码'];

/** An address as agencies write it: mostly from the province down, sometimes from the city. */
const withoutProvince = (c: Division) => c.fullName.replace(/^.+?(省|自治区)/, '');

/** Counties whose addresses place on their own, in both written forms the list uses. */
const counties: Division[] = listDivisions()
  .filter(isCountyLevel)
  .filter((c) => placeAddress(`${c.fullName}人民路1号`).ok && placeAddress(`${withoutProvince(c)}人民路1号`).ok);

function generateRow(i: number): string[] {
  const county = pick(counties);
  const born = new Date(Date.UTC(1930, 0, 1) + Math.floor(random() * 70 * 365.25) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${county.code}${born}${String(i % 1000).padStart(3, '0')}`;
  const idNumber = first17 + residentIdCheckChar(first17);
  const phone = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
  const name = pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : '');
  const street = `${pick(STREETS)}${1 + Math.floor(random() * 300)}号${1 + Math.floor(random() * 20)}栋${101 + Math.floor(random() * 1500)}室`;
  // Most agencies write the province, some leave it out; a third give the division code as well.
  const address = random() < 0.85 ? `${county.fullName}${street}` : `${withoutProvince(county)}${street}`;
  return [name, idNumber, phone, pick(CATEGORIES), address, random() < 0.33 ? county.code : ''];
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

const dir = mkdtempSync(join(tmpdir(), 'songda-bench-import-'));
const csvFile = join(dir, 'list.csv');
const xlsxFile = join(dir, 'list.xlsx');
console.log(`generating ${rowCount.toLocaleString('en')} rows over ${counties.length} counties …`);
{
  const rows = Array.from({ length: rowCount }, (_, i) => generateRow(i));
  writeFileSync(csvFile, `${[HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings: true });
  const sheet = writer.addWorksheet('名单');
  sheet.addRow(HEADER).commit();
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await writer.commit();
}
console.log(`CSV ${(statSync(csvFile).size / 1e6).toFixed(1)} MB, XLSX ${(statSync(xlsxFile).size / 1e6).toFixed(1)} MB`);

// ---- Runs ----------------------------------------------------------------------------------------

const dataKey = Buffer.alloc(32, 0x5e);
const cipher = createPersonalDataCipher(dataKey);
const results: Record<string, unknown> = { rows: rowCount };
let kind = 'sqlite';

for (const [format, file] of [
  ['csv', csvFile],
  ['xlsx', xlsxFile],
] as const) {
  const bytes = readFileSync(file);
  // Warm up the reader (and the JIT) once, then time it alone.
  await readOnly(bytes);
  const parse = await readOnly(bytes);
  const parsePerSec = parse.rows / (parse.ms / 1000);
  console.log(`${format} read alone: ${parse.rows.toLocaleString('en')} rows in ${(parse.ms / 1000).toFixed(2)} s = ${Math.round(parsePerSec).toLocaleString('en')} rows/s, CPU ${(parse.cpuMs / 1000).toFixed(2)} s`);

  const target = await freshTarget(process.env.SONGDA_DB);
  kind = target.kind;
  const store = openDb(parseDbTarget(target.url));
  try {
    await migrateToLatest(store.db);
    await upsertPartners(store.db, [{ code: 'BENCH-VA', name: '退役军人事务局', kind: 'agency', divisionCode: '420500' }], Date.now());
    await upsertPrograms(store.db, [{ code: 'BENCH', name: '优待证寄递', documentType: '优待证', sponsor: 'BENCH-VA', payerMode: 'government', requirements: { recipientOnly: true, idCheck: true }, slaDays: 7 }], Date.now());
    const run = async () => {
      global.gc?.();
      const startRss = process.memoryUsage.rss();
      let peakRss = startRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      try {
        const result = await importRecipients({ store, cipher }, 'BENCH', { bytes, filename: file }, 'all', { dryRun: false, now: Date.now(), onProgress: () => (peakRss = Math.max(peakRss, process.memoryUsage.rss())) });
        return { result, ms: performance.now() - started, cpuMs: cpuMsSince(cpuBefore), peakRssMb: peakRss / 1024 / 1024, startRssMb: startRss / 1024 / 1024 };
      } finally {
        clearInterval(sampler);
      }
    };
    const first = await run();
    report(`${format} import`, first, parsePerSec);
    const again = await run();
    report(`${format} re-import`, again, parsePerSec);
    results[format] = {
      parsePerSec: Math.round(parsePerSec),
      importPerSec: Math.round(rowCount / (first.ms / 1000)),
      ratio: Number((rowCount / (first.ms / 1000) / parsePerSec).toFixed(3)),
      // CPU time of every thread of the process: what the figures above cost when the machine is shared.
      readCpuS: Number((parse.cpuMs / 1000).toFixed(2)),
      importCpuS: Number((first.cpuMs / 1000).toFixed(2)),
      reimportPerSec: Math.round(rowCount / (again.ms / 1000)),
      startRssMb: Math.round(first.startRssMb),
      peakRssMb: Math.round(Math.max(first.peakRssMb, again.peakRssMb)),
      imported: first.result.imported,
      updated: again.result.updated,
      rejected: first.result.rejectedRows,
    };
  } finally {
    await store.close();
    await target.drop();
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ engine: kind, ...results }));

async function readOnly(bytes: Buffer): Promise<{ rows: number; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const table = await readTable({ bytes });
  let n = 0;
  for await (const _ of table.rows) n++;
  return { rows: n, ms: performance.now() - started, cpuMs: cpuMsSince(cpuBefore) };
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function report(label: string, run: { result: RecipientImportResult; ms: number; cpuMs: number; peakRssMb: number; startRssMb: number }, parsePerSec: number): void {
  const perSec = rowCount / (run.ms / 1000);
  const { imported, updated, rejectedRows } = run.result;
  console.log(
    `${label}: ${imported.toLocaleString('en')} imported, ${updated.toLocaleString('en')} updated, ${rejectedRows} rejected in ${(run.ms / 1000).toFixed(2)} s = ${Math.round(perSec).toLocaleString('en')} rows/s, ratio to reading alone ${(perSec / parsePerSec).toFixed(2)}, CPU ${(run.cpuMs / 1000).toFixed(2)} s, RSS ${run.startRssMb.toFixed(0)} MB before, peak ${run.peakRssMb.toFixed(0)} MB`,
  );
  if (rejectedRows > 0) console.log(`  first problems: ${JSON.stringify(run.result.rejected.slice(0, 3))}`);
}

/** A small seeded generator, so runs with the same seed make the same list. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
