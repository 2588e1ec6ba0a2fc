/**
 * Label benchmark: seconds per 1,000 labels.
 *  1. the renderer alone: N labels of varied names and addresses drawn into a sink that counts bytes;
 *  2. a whole request: POST /api/v1/labels with N numbers against a server on a fresh database
 *     (items made from requests, so every label reads item, request, program and sponsor), timed to
 *     the first byte and to the last.
 * Prints figures; the last line is JSON.
 *
 *   npm run bench:labels [-- --labels 1000] [--rounds 3]
 *   SONGDA_DB=postgres://… npm run bench:labels      (a fresh database is made inside that server)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDb } from '../src/db/open-db.js';
import { findDivision } from '../src/domain/divisions.js';
import { maskName } from '../src/domain/mask-name.js';
import { maskPhone } from '../src/domain/phone.js';
import { formatS10 } from '../src/domain/s10.js';
import { createApiToken } from '../src/modules/auth/api-token.service.js';
import { addressWithDivision } from '../src/modules/labels/label-data.service.js';
import { type LabelData, renderLabels } from '../src/pdf/label-pdf.js';
import { freshTarget } from './lib/targets.js';

const { values } = parseArgs({ options: { labels: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' } } });
const count = Number(values.labels);
const rounds = Number(values.rounds);
const NOW = Date.parse('2026-11-21T12:00:00+08:00');

// Yichang's districts and counties: addresses of different lengths and characters on every label.
const DIVISIONS = ['420502', '420503', '420504', '420505', '420506', '420525', '420526', '420527', '420528', '420529', '420581', '420582', '420583'].filter(
  (code) => findDivision(code),
);
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红春梅海燕玉兰德胜'];
const STREETS = ['夷陵大道', '发展大道', '东山大道', '沿江大道', '西陵一路', '夷陵路', '城东大道', '港窑路', '胜利四路', '珍珠路'];

function person(i: number) {
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 === 0 ? '' : GIVEN[(i * 13) % GIVEN.length]}`;
  const phone = `13${String(100_000_000 + ((i * 7_919) % 900_000_000)).padStart(9, '0')}`;
  const divisionCode = DIVISIONS[i % DIVISIONS.length]!;
  const address = `${STREETS[i % STREETS.length]} ${1 + (i % 400)} 号${i % 2 ? ` ${1 + (i % 30)} 栋 ${1 + (i % 6)} 单元 ${100 + (i % 2800)} 室` : ''}`;
  return { name, phone, divisionCode, address };
}

const trackingNoOf = (i: number) => formatS10('EA', 20_000_000 + i);

function labelData(i: number): LabelData {
  const p = person(i);
  const trackingNo = trackingNoOf(i);
  return {
    trackingNo,
    serviceName: 'EMS 政务',
    programName: '宜昌市退役军人优待证寄递',
    documentType: '优待证',
    sender: { name: '宜昌市退役军人事务局', address: '湖北省宜昌市西陵区', phone: null },
    recipient: { maskedName: maskName(p.name), maskedPhone: maskPhone(p.phone), address: addressWithDivision(p.divisionCode, p.address)! },
    deliveryOffice: '夷陵区小溪塔揽投部',
    weightGrams: 80 + (i % 200),
    createdDate: '2026-11-21',
    qrPayload: `https://songda.example.cn/t/${trackingNo}`,
  };
}

/** A sink that keeps nothing: the renderer's own cost, not the copying. */
function countingSink(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

async function benchRenderer(): Promise<number[]> {
  const labels = Array.from({ length: count }, (_, i) => labelData(i));
  // A server that has printed before: the font files (about 20 MB) are read by the first document
  // and the code is compiled by then. The cold run is shown, not counted.
  const cold = countingSink();
  const t0 = performance.now();
  await renderLabels(labels, cold.sink);
  console.log(`  cold (first document in this process): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  const seconds: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const { sink, bytes } = countingSink();
    const t0 = performance.now();
    await renderLabels(labels, sink);
    const s = (performance.now() - t0) / 1000;
    seconds.push(s);
    console.log(`  round ${r}: ${count.toLocaleString('en')} labels in ${s.toFixed(2)} s — ${perThousand(s).toFixed(2)} s per 1,000, ${(bytes() / 1024 / 1024).toFixed(1)} MiB`);
  }
  return seconds;
}

/** A program, its sponsor, and `count` items each made from a request, written as the request flow leaves them. */
async function seed(db: Db): Promise<void> {
  await db.insertInto('partners').values({ code: 'AG-BENCH', name: '宜昌市退役军人事务局', kind: 'agency', division_code: '420502', created_at: NOW, updated_at: NOW }).execute();
  await db
    .insertInto('programs')
    .values({
      code: 'P-BENCH',
      name: '宜昌市退役军人优待证寄递',
      document_type: '优待证',
      sponsor: 'AG-BENCH',
      payer_mode: 'government',
      payer_shares: null,
      requirements: JSON.stringify({ recipientOnly: true, idCheck: false }),
      sla_days: 5,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < count; from += 200) {
      const batch = Array.from({ length: Math.min(200, count - from) }, (_, k) => ({ i: from + k, ...person(from + k) }));
      await trx
        .insertInto('items')
        .values(
          batch.map((b) => ({
            tracking_no: trackingNoOf(b.i),
            service_indicator: 'EA',
            origin_unit: null,
            dest_division_code: b.divisionCode,
            dest_address: b.address,
            weight_grams: 80 + (b.i % 200),
            program_code: 'P-BENCH',
            source: 'api' as const,
            status: 'CREATED',
            created_at: NOW,
          })),
        )
        .execute();
      await trx
        .insertInto('requests')
        .values(
          batch.map((b) => ({
            id: randomUUID(),
            program_code: 'P-BENCH',
            source: 'api' as const,
            name: b.name,
            // Not the real sealing: the benchmark never opens it, and labels never read it.
            phone_sealed: `bench.${b.i}`,
            phone_hash: `bench.${b.i}`,
            phone_masked: maskPhone(b.phone),
            category: 'ordinary',
            address: b.address,
            division_code: b.divisionCode,
            status: 'mailed' as const,
            tracking_no: trackingNoOf(b.i),
            created_at: NOW,
            updated_at: NOW,
          })),
        )
        .execute();
    }
  });
}

async function benchRequest(): Promise<{ kind: string; firstByte: number[]; total: number[] }> {
  const target = await freshTarget(process.env.SONGDA_DB);
  const config = loadConfig({ SONGDA_DB: target.url, SONGDA_LOG_LEVEL: 'warn', SONGDA_DATA_KEY: randomBytes(32).toString('hex'), SONGDA_PUBLIC_URL: 'https://songda.example.cn' });
  const store = openDb(config.db);
  await migrateToLatest(store.db);
  const app = await buildApp({ config, store, logger: false });
  try {
    await seed(store.db);
    const { token } = await createApiToken(store.db, 'viewer', 'bench', NOW);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const body = JSON.stringify({ trackingNos: Array.from({ length: count }, (_, i) => trackingNoOf(i)) });
    const post = async () => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/labels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`POST /labels answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const reader = res.body!.getReader();
      let firstByte = 0;
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (bytes === 0) firstByte = performance.now() - t0;
        bytes += value.length;
      }
      return { firstByte: firstByte / 1000, total: (performance.now() - t0) / 1000, bytes, pages: res.headers.get('x-label-count') };
    };
    await post();
    const firstByte: number[] = [];
    const total: number[] = [];
    for (let r = 1; r <= rounds; r++) {
      const run = await post();
      firstByte.push(run.firstByte);
      total.push(run.total);
      console.log(
        `  round ${r}: ${run.pages} labels, first byte after ${run.firstByte.toFixed(2)} s, whole PDF after ${run.total.toFixed(2)} s — ` +
          `${perThousand(run.total).toFixed(2)} s per 1,000, ${(run.bytes / 1024 / 1024).toFixed(1)} MiB`,
      );
    }
    return { kind: target.kind, firstByte, total };
  } finally {
    await app.close();
    await store.close();
    await target.drop();
  }
}

const perThousand = (seconds: number) => (seconds / count) * 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`renderer alone, ${count.toLocaleString('en')} labels per document:`);
const renderer = await benchRenderer();
console.log(`POST /api/v1/labels with ${count.toLocaleString('en')} numbers (${process.env.SONGDA_DB?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}):`);
const request = await benchRequest();
const rendererPerThousand = perThousand(median(renderer));
const requestPerThousand = perThousand(median(request.total));
console.log(`median: renderer ${rendererPerThousand.toFixed(2)} s per 1,000 labels; whole request ${requestPerThousand.toFixed(2)} s per 1,000 labels`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
console.log(
  JSON.stringify({
    labels: count,
    rounds,
    db: request.kind,
    rendererSecondsPer1000: Number(rendererPerThousand.toFixed(3)),
    requestSecondsPer1000: Number(requestPerThousand.toFixed(3)),
    requestFirstByteSeconds: Number(median(request.firstByte).toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
