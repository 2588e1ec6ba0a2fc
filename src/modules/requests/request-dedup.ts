import { type Message, msg } from '../../i18n/message.js';
import type { Db } from '../../db/database.js';
import type { RequestDraft } from './request-draft.js';
import { findRequestsForPeopleOrDocuments } from './request.repository.js';
import { newRequestId } from './store-request.js';

/** Where a draft goes: a new request, the completion of a waiting one, or nowhere (a duplicate). */
export type RequestTarget =
  | { requestId: string; completing: boolean }
  | { duplicate: { field: 'idNumber' | 'documentNo'; message: Message; status: 'mailed' | 'batch' } };

interface Known {
  id: string;
  /** The hashes this person is known under: the stored one, or a draft's (one per key during a rotation). */
  idHashes: readonly string[];
  documentNo: string | null;
  status: 'mailed' | 'waiting' | 'batch';
  /** For requests of the same batch: the element that made it. */
  index?: number;
}

/**
 * One person (by ID hash) or one document gets one request per program: a second request for someone
 * already mailed is refused, so the document is not sent twice; one for someone whose request waits
 * completes that request. Requests within one call are checked against each other too.
 */
export class RequestIndex {
  readonly #known: Known[] = [];

  static async load(db: Db, programCode: string, drafts: readonly RequestDraft[]): Promise<RequestIndex> {
    const index = new RequestIndex();
    const hashes = [...new Set(drafts.flatMap((d) => d.idHashes))];
    const documents = [...new Set(drafts.flatMap((d) => (d.documentNo ? [d.documentNo] : [])))];
    for (const r of await findRequestsForPeopleOrDocuments(db, programCode, hashes, documents)) {
      index.#known.push({ id: r.id, idHashes: r.id_hash ? [r.id_hash] : [], documentNo: r.document_no, status: r.status });
    }
    return index;
  }

  /** Decides the draft's target and remembers it, so a later draft of the same batch sees it. */
  claim(draft: RequestDraft, batchIndex?: number): RequestTarget {
    const samePerson = (k: Known) => k.idHashes.some((h) => draft.idHashes.includes(h));
    const matches = this.#known.filter((k) => samePerson(k) || (draft.documentNo !== null && k.documentNo === draft.documentNo));
    const field = (k: Known) => (samePerson(k) ? 'idNumber' : 'documentNo');
    const what = (k: Known) => (field(k) === 'idNumber' ? msg('request.thisRecipient') : msg('request.theDocument', { documentNo: draft.documentNo ?? '' }));
    const inBatch = matches.find((k) => k.status === 'batch');
    if (inBatch) {
      return { duplicate: { field: field(inBatch), status: 'batch', message: msg('request.dupInBatch', { field: field(inBatch), what: what(inBatch), index: String(inBatch.index) }) } };
    }
    const mailed = matches.find((k) => k.status === 'mailed');
    if (mailed) {
      return { duplicate: { field: field(mailed), status: 'mailed', message: msg('request.dupMailed', { field: field(mailed), what: what(mailed), id: mailed.id }) } };
    }
    const waiting = matches.find((k) => k.status === 'waiting');
    const target = waiting ? { requestId: waiting.id, completing: true } : { requestId: newRequestId(), completing: false };
    if (waiting) Object.assign(waiting, { status: 'batch', index: batchIndex });
    // Remembered under the draft's own ID and document too: it may bring one the waiting request lacked.
    this.#known.push({ id: target.requestId, idHashes: draft.idHashes, documentNo: draft.documentNo, status: 'batch', index: batchIndex });
    return target;
  }
}
