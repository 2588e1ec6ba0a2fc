import type { WriteTx } from '../../db/write-tx.js';
import type { RuleEvent } from '../../domain/breakpoint-rules.js';
import { itemProgramCodes } from '../items/item-programs.js';
import type { StoredItemState } from '../items/item-state.repository.js';
import { programsRequiringProof } from '../programs/proof-requirements.js';
import type { ProofType } from './breakpoint.table.js';
import { type BreakpointChanges, type StoredBreakpoint, breakpointWriter } from './breakpoint-write.repository.js';
import type { ItemPlan } from './plan-item-update.js';

const MISSING_PROOF: ProofType = 'MISSING_PROOF';
const DETAIL = 'delivered by a plain scan; the program requires proof of delivery';

/**
 * Adds a MISSING_PROOF opening to the plan of each item this chunk delivers for the first time
 * without proof, when its program requires proof (decision 0038); blamed on the office that
 * scanned the delivery, opened at the delivery. `proven` are the items whose proof rides in the same
 * transaction (a delivery recorded through POST /deliveries): they never open one. Most chunks
 * deliver nothing for the first time and read nothing here; the others read the program of the
 * items they deliver.
 */
export async function planMissingProofs(
  tx: WriteTx,
  plans: readonly ItemPlan[],
  stored: ReadonlyMap<string, StoredItemState>,
  breakpoints: ReadonlyMap<string, readonly StoredBreakpoint[]>,
  added: ReadonlyMap<string, readonly RuleEvent[]>,
  proven: ReadonlySet<string> | undefined,
): Promise<void> {
  moveToEarlierDeliveries(plans, stored, breakpoints, added, proven);
  const delivered = plans.filter(
    (p) =>
      p.item.deliveredAt !== null &&
      (stored.get(p.trackingNo)?.deliveredAt ?? null) === null &&
      !proven?.has(p.trackingNo) &&
      // One per item: proof attached once closes it for good.
      !(breakpoints.get(p.trackingNo) ?? []).some((b) => b.type === MISSING_PROOF),
  );
  if (delivered.length === 0) return;
  const programs = await itemProgramCodes(tx, delivered.map((p) => p.trackingNo));
  if (programs.size === 0) return;
  const requiring = await programsRequiringProof(tx, [...new Set(programs.values())]);
  for (const p of delivered) {
    const program = programs.get(p.trackingNo);
    if (program === undefined || !requiring.has(program)) continue;
    // Nothing was delivered before this chunk, so the delivery is one of its new events.
    const delivery = added.get(p.trackingNo)?.find((e) => e.code === 'DELIVERED' && e.atMs === p.item.deliveredAt);
    p.open.push({ type: MISSING_PROOF, visit: p.item.lastVisit, responsibleUnit: delivery?.site ?? p.item.lastEventSite, openedAt: p.item.deliveredAt!, detail: DETAIL });
  }
}

/**
 * An open MISSING_PROOF stands at the item's first delivery: a plain DELIVERED scan dated before it
 * that arrives late moves it there (instant and office), so the break-point is the same whatever order
 * the scans came in. The visit stays the one it was opened on.
 */
function moveToEarlierDeliveries(
  plans: readonly ItemPlan[],
  stored: ReadonlyMap<string, StoredItemState>,
  breakpoints: ReadonlyMap<string, readonly StoredBreakpoint[]>,
  added: ReadonlyMap<string, readonly RuleEvent[]>,
  proven: ReadonlySet<string> | undefined,
): void {
  for (const p of plans) {
    // Proof stored with this chunk closes it instead.
    if (proven?.has(p.trackingNo)) continue;
    const before = stored.get(p.trackingNo)?.deliveredAt ?? null;
    const now = p.item.deliveredAt;
    if (before === null || now === null || now >= before) continue;
    const open = (breakpoints.get(p.trackingNo) ?? []).find((b) => b.type === MISSING_PROOF && b.closedAt === null);
    if (!open) continue;
    const delivery = added.get(p.trackingNo)?.find((e) => e.code === 'DELIVERED' && e.atMs === now);
    p.change.push({ id: open.id, found: { type: MISSING_PROOF, visit: open.visit, responsibleUnit: delivery?.site ?? open.responsibleUnit, openedAt: now, detail: DETAIL } });
  }
}

/**
 * Closes the open MISSING_PROOF of these items, whose proof is being stored in the same
 * transaction; answers how many closed. The closing is told to the outbox as any other.
 */
export async function closeMissingProofs(tx: WriteTx, trackingNos: readonly string[], now: number): Promise<number> {
  if (trackingNos.length === 0) return 0;
  const writer = breakpointWriter(tx);
  const changes: BreakpointChanges[] = [];
  for (const [trackingNo, list] of await writer.ofItems(trackingNos)) {
    const open = list.filter((b) => b.type === MISSING_PROOF && b.closedAt === null).map((b) => b.id);
    if (open.length > 0) changes.push({ trackingNo, open: [], reopen: [], change: [], close: open, renumber: [] });
  }
  if (changes.length === 0) return 0;
  return (await writer.apply(changes, now)).closed;
}
