import { type Message, msg } from '../../i18n/message.js';
import type { Db } from '../../db/database.js';
import type { RequestDraft } from './request-draft.js';
import { findRequest, findRequestsByExternalRefs } from './request.repository.js';

/**
 * The agency's own ids of requests, one request per id in a program. A draft may carry an id already
 * stored only when it completes that very request (the agency sends again, with the address it
 * lacked); a waiting request that has an id keeps it. The unique index holds the rule when two
 * calls race.
 */
export class ExternalRefs {
  readonly #owners: Map<string, { requestId: string; index?: number }>;
  readonly #db: Db;

  private constructor(db: Db, owners: Map<string, string>) {
    this.#db = db;
    this.#owners = new Map([...owners].map(([ref, requestId]) => [ref, { requestId }]));
  }

  static async load(db: Db, programCode: string, drafts: readonly RequestDraft[]): Promise<ExternalRefs> {
    const refs = [...new Set(drafts.flatMap((d) => (d.externalRef ? [d.externalRef] : [])))];
    return new ExternalRefs(db, await findRequestsByExternalRefs(db, programCode, refs));
  }

  /** Null when the draft may carry its id into `target` (and then remembers it), else why not. */
  async claim(ref: string | null, target: { requestId: string; completing: boolean }, batchIndex: number): Promise<Message | null> {
    if (ref === null) return null;
    const owner = this.#owners.get(ref);
    if (owner && owner.requestId !== target.requestId) {
      return owner.index !== undefined
        ? msg('request.refInBatch', { ref, index: owner.index })
        : msg('request.refTaken', { ref, requestId: owner.requestId });
    }
    if (!owner && target.completing) {
      const completed = await findRequest(this.#db, target.requestId);
      if (completed?.external_ref) return msg('request.refOnWaiting', { requestId: target.requestId, ref: completed.external_ref });
    }
    this.#owners.set(ref, { requestId: target.requestId, index: batchIndex });
    return null;
  }
}
