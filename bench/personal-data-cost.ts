/**
 * What a recipient-list row costs in personal-data protection alone, with the service's own cipher
 * (src/domain/personal-data.ts) and hashes (recipient.service.ts): an ID number and a phone number
 * each sealed (AES-256-GCM) and each hashed for look-ups (HMAC-SHA-256), in CPU time per value, over
 * 100,000 realistic values, three passes. The import (`npm run bench:import`) does this for every row
 * besides reading, checking and storing it: this is the part no reader or database change touches.
 *
 *   npx tsx bench/personal-data-cost.ts [--values 100000]
 *
 * The last line is a JSON object (the fastest pass).
 */
import { parseArgs } from 'node:util';
import { createPersonalDataCipher } from '../src/domain/personal-data.js';
import { recipientIdHash, recipientPhoneHash } from '../src/modules/recipients/recipient.service.js';

const { values } = parseArgs({ options: { values: { type: 'string', default: '100000' } } });
const count = Number(values.values);
const cipher = createPersonalDataCipher(Buffer.alloc(32, 7));
// 18-character ID numbers and 11-digit mobile numbers, all different.
const ids = Array.from({ length: count }, (_, i) => `420102${String(19500101 + (i % 500) * 100).slice(0, 8)}${String(i % 10_000).padStart(4, '0')}`);
const phones = Array.from({ length: count }, (_, i) => `139${String(10_000_000 + i).padStart(8, '0')}`);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** µs of CPU per call of `work` over every value. */
function perValue(work: (i: number) => unknown): number {
  const start = cpuMs();
  for (let i = 0; i < count; i++) work(i);
  return ((cpuMs() - start) / count) * 1000;
}

let best: { sealUs: number; idHashUs: number; phoneHashUs: number; rowUs: number } | undefined;
for (let pass = 1; pass <= 3; pass++) {
  const sealUs = perValue((i) => cipher.seal(ids[i]!));
  const idHashUs = perValue((i) => recipientIdHash(cipher, ids[i]!));
  const phoneHashUs = perValue((i) => recipientPhoneHash(cipher, phones[i]!));
  const rowUs = 2 * sealUs + idHashUs + phoneHashUs;
  console.log(`pass ${pass}: µs of CPU per value: seal ${sealUs.toFixed(2)}, ID hash ${idHashUs.toFixed(2)}, phone hash ${phoneHashUs.toFixed(2)}; per row (two seals, two hashes) ${rowUs.toFixed(1)}`);
  if (!best || rowUs < best.rowUs) best = { sealUs, idHashUs, phoneHashUs, rowUs };
}
const round = (n: number) => Math.round(n * 100) / 100;
console.log(JSON.stringify({ values: count, sealUs: round(best!.sealUs), idHashUs: round(best!.idHashUs), phoneHashUs: round(best!.phoneHashUs), rowUs: round(best!.rowUs) }));
