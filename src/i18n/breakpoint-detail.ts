import { type Lang } from './lang.js';
import { Message, type MessageKey, render, term } from './message.js';

// A break-point's detail is stored as the rules write it (English, as in every row stored so far) and
// read back in the reader's language: each of the rules' sentences is recognised with its parts (scan
// codes, sites, visit). A detail no rule writes any more is shown as it is stored.

const CODE = '([A-Z_]+)';
const SITE = '(\\S+)';
const PATTERNS: readonly { re: RegExp; key: MessageKey; params(m: RegExpMatchArray): Record<string, string | ReturnType<typeof term>> }[] = [
  { re: new RegExp(`^no ACCEPTED scan; first scan ${CODE} at ${SITE}$`), key: 'bpDetail.noAcceptance', params: (m) => ({ code: term('scan', m[1]!), site: m[2]! }) },
  {
    re: new RegExp(`^visit (\\d+) at ${SITE} ends with ${CODE}, not DISPATCHED, before ${SITE}$`),
    key: 'bpDetail.noOutbound',
    params: (m) => ({ visit: m[1]!, site: m[2]!, code: term('scan', m[3]!), next: m[4]! }),
  },
  {
    re: new RegExp(`^visit (\\d+) at ${SITE} opens with ${CODE}, not ARRIVED or AT_DELIVERY_OFFICE$`),
    key: 'bpDetail.noInbound',
    params: (m) => ({ visit: m[1]!, site: m[2]!, code: term('scan', m[3]!) }),
  },
  { re: new RegExp(`^${CODE} at ${SITE} without OUT_FOR_DELIVERY just before$`), key: 'bpDetail.noOutForDelivery', params: (m) => ({ code: term('scan', m[1]!), site: m[2]! }) },
  { re: /^no scan since it left or was accepted \(in transit too long\)$/, key: 'bpDetail.silentInTransit', params: () => ({}) },
  { re: /^arrived at the delivery office and not taken out for delivery$/, key: 'bpDetail.silentAtOffice', params: () => ({}) },
  { re: /^out for delivery and no result by end of shift$/, key: 'bpDetail.noDeliveryResult', params: () => ({}) },
  { re: /^held or failed and not taken out again$/, key: 'bpDetail.silentHeld', params: () => ({}) },
  { re: /^delivered by a plain scan; the program requires proof of delivery$/, key: 'bpDetail.missingProof', params: () => ({}) },
];

/** A stored detail as a message (its English is the stored text itself), or the text when no rule wrote it. */
export function breakpointDetail(stored: string): Message | string {
  for (const p of PATTERNS) {
    const m = stored.match(p.re);
    if (m) return new Message(p.key, p.params(m), stored);
  }
  return stored;
}

/** `rows` with each detail in the reader's language. */
export function withDetailsIn<T extends { detail: string }>(lang: Lang, rows: readonly T[]): T[] {
  return rows.map((r) => ({ ...r, detail: render(lang, breakpointDetail(r.detail)) }));
}
