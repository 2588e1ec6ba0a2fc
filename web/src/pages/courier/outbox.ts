// Outcomes recorded on the phone wait here until the server has them: an IndexedDB store (photos and
// signatures are too big for localStorage), one row per outcome keyed by its clientId, made once when
// the courier submits. A resend carries the same clientId, so the server stores it once however often
// it goes (docs/decisions/0032-delivery-outcomes.md, the clientId rule).
import { ApiError, api } from '../../api/client';
import type { DeliveryResult, OutcomeElement } from './courier-types';

export interface WaitingOutcome {
  clientId: string;
  /** The signed-in courier who recorded it: a shared phone sends each courier's own. */
  owner: string;
  trackingNo: string;
  element: OutcomeElement;
  recordedAt: number;
  /** Set when the server refused it: it waits for the courier to fix or discard it, and is not resent. */
  refused?: { field?: string; message: string }[];
}

const DB_NAME = 'songda-courier';
const STORE = 'outbox';
/** Outcomes per request: each may carry two images of up to 512 KB. */
const BATCH = 5;

function openOutbox(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'clientId' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB unavailable'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openOutbox();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  } finally {
    db.close();
  }
}

export async function listWaiting(owner: string): Promise<WaitingOutcome[]> {
  const all = await inStore<WaitingOutcome[]>('readonly', (s) => s.getAll() as IDBRequest<WaitingOutcome[]>);
  return all.filter((w) => w.owner === owner).sort((a, b) => a.recordedAt - b.recordedAt);
}

export const keepWaiting = (outcome: WaitingOutcome) => inStore('readwrite', (s) => s.put(outcome)).then(() => undefined);
export const forgetWaiting = (clientId: string) => inStore('readwrite', (s) => s.delete(clientId)).then(() => undefined);

/** What one send told of each outcome: gone to the server (stored now or before), or refused with why. */
export type SendAnswer = { sent: string[]; refused: Map<string, { field?: string; message: string }[]> };

/** Sends outcomes; an outcome the server answers as a duplicate counts as sent. Throws ApiError when the request itself fails. */
export async function sendOutcomes(elements: readonly OutcomeElement[]): Promise<SendAnswer> {
  const result = await api.post<DeliveryResult>('/deliveries', { body: elements });
  const refused = new Map<string, { field?: string; message: string }[]>();
  for (const r of result.rejected) {
    const clientId = elements[r.index]!.clientId;
    refused.set(clientId, [...(refused.get(clientId) ?? []), { field: r.field, message: r.message }]);
  }
  return { sent: elements.map((e) => e.clientId).filter((id) => !refused.has(id)), refused };
}

let flushing: Promise<number> | undefined;

/**
 * Sends what waits, a few at a time, and forgets each one the server has. One flush at a time: an
 * online event and the retry timer may fire together. Stops at the first request that fails (no
 * signal yet); what is left goes next time. Answers how many went.
 */
export function flushWaiting(owner: string): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      const waiting = (await listWaiting(owner)).filter((w) => w.refused === undefined);
      for (let i = 0; i < waiting.length; i += BATCH) {
        const batch = waiting.slice(i, i + BATCH);
        let answer: SendAnswer;
        try {
          answer = await sendOutcomes(batch.map((w) => w.element));
        } catch (err) {
          if (err instanceof ApiError) break;
          throw err;
        }
        for (const clientId of answer.sent) await forgetWaiting(clientId);
        for (const w of batch) {
          const refused = answer.refused.get(w.clientId);
          if (refused) await keepWaiting({ ...w, refused });
        }
        sent += answer.sent.length;
      }
    } finally {
      flushing = undefined;
    }
    return sent;
  })();
  return flushing;
}

/** A fresh id for an outcome. `crypto.randomUUID` exists only on secure pages; a phone on a plain-http intranet address has getRandomValues alone. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
