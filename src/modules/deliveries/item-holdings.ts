import type { Db } from '../../db/database.js';
import { type Holding, holdingOf } from '../../domain/holding.js';
import { findItem } from '../items/item.repository.js';
import { getProgram, holdPolicyOf } from '../programs/program.service.js';
import { listEventsOfItemsUpTo } from '../scans/scan-event-feed.repository.js';

export interface ItemHolding {
  trackingNo: string;
  programCode: string | null;
  holding: Holding;
}

/**
 * Where each item stands on holding and returns (domain/holding.ts), from its whole event set and
 * its program's attempts and days (the defaults for an item of no program, or of a program that
 * sets none), as of `asOfMs`.
 */
export async function itemHoldings(db: Db, trackingNos: readonly string[], asOfMs: number, zone: string): Promise<Map<string, ItemHolding>> {
  const events = await listEventsOfItemsUpTo(db, trackingNos, Number.MAX_SAFE_INTEGER);
  const byItem = new Map<string, typeof events>();
  for (const e of events) byItem.set(e.trackingNo, [...(byItem.get(e.trackingNo) ?? []), e]);
  const policies = new Map<string, ReturnType<typeof holdPolicyOf>>();
  const out = new Map<string, ItemHolding>();
  for (const trackingNo of trackingNos) {
    const item = await findItem(db, trackingNo);
    if (!item) continue;
    const code = item.program_code;
    if (code !== null && !policies.has(code)) policies.set(code, holdPolicyOf((await getProgram(db, code))?.requirements));
    const policy = code === null ? holdPolicyOf(undefined) : policies.get(code)!;
    out.set(trackingNo, { trackingNo, programCode: code, holding: holdingOf(byItem.get(trackingNo) ?? [], policy, asOfMs, zone) });
  }
  return out;
}
