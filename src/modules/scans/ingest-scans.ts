import type { RuleEvent, SilenceRules, UnitFacts } from '../../domain/breakpoint-rules.js';
import { type ScanInput, compareIdentity } from '../../domain/scan-input.js';
import type { WriteTx } from '../../db/write-tx.js';
import { breakpointWriter } from '../breakpoints/breakpoint-write.repository.js';
import { planMissingProofs } from '../breakpoints/missing-proof.js';
import { addWholeInputs, forceWholeInputs, planItemUpdate, splitPlanInputs } from '../breakpoints/plan-item-update.js';
import { consignmentScans } from '../consignments/consignment-scan.repository.js';
import { expandConsignmentScans } from '../consignments/expand-consignment-scans.js';
import { itemStates } from '../items/item-state.repository.js';
import { type AddedEvent, scanEvents } from './scan-event.repository.js';
import type { ScanCode } from './scan-event.table.js';

/** A request's scans are stored in chunks of this many, inside its one transaction. */
export const INGEST_CHUNK = 25_000;

/** A request's scans, handed out a chunk at a time. */
export interface ScanBatch {
  size: number;
  slice(from: number, to: number): readonly ScanInput[];
}

export const batchOf = (scans: readonly ScanInput[]): ScanBatch => ({ size: scans.length, slice: (from, to) => scans.slice(from, to) });

export interface IngestRules {
  rules: SilenceRules;
  unitOf(code: string): UnitFacts | undefined;
  /** Items whose delivery proof is stored in the same transaction (AttachedRows.proves). */
  proven?: ReadonlySet<string>;
}

/**
 * The scan write path, the same steps on both engines, in the caller's one transaction: a request
 * is stored whole or not at all. Each step asks the module that owns the table: consignments expand
 * their scans to the items inside, scans store the events, items give and take their derived state,
 * break-points are opened, reopened and closed with their outbox rows. A request is worked through in
 * chunks: each chunk reads what the previous ones wrote, so the result is that of one pass, and
 * memory stays bounded whatever the request's size.
 *
 * The batch comes sorted by item (see record-scans.ts) and each chunk stays sorted: on PostgreSQL,
 * rows are locked in that one global order.
 */
export async function recordScanBatch(tx: WriteTx, batch: ScanBatch, now: number, ctx: IngestRules): Promise<{ accepted: number; duplicates: number }> {
  let accepted = 0;
  for (let from = 0; from < batch.size; from += INGEST_CHUNK) {
    accepted += await recordChunk(tx, batch.slice(from, Math.min(batch.size, from + INGEST_CHUNK)), now, ctx);
  }
  return { accepted, duplicates: batch.size - accepted };
}

/**
 * Stores one chunk's events and brings the items they touch up to date; answers how many of the
 * chunk's lines were new (an item's copies of a consignment scan are not lines of the request).
 */
async function recordChunk(tx: WriteTx, chunk: readonly ScanInput[], now: number, ctx: IngestRules): Promise<number> {
  const events = scanEvents(tx);
  const items = itemStates(tx);
  const breakpoints = breakpointWriter(tx);
  let accepted = 0;
  let scans = chunk;
  let forced: ReadonlySet<string> = new Set();
  const expanded = await expandConsignmentScans(consignmentScans(tx), events, chunk, now);
  if (expanded) {
    accepted += expanded.accepted;
    forced = expanded.forced;
    scans = expanded.itemScans;
    if (expanded.accepted > 0) expanded.itemScans.sort(compareIdentity);
  }
  const added = await events.insert(scans, now);
  for (const a of added) if (a.scan.viaConsignment === undefined) accepted++;
  const addedByItem = newEventsByItem(added);
  const touched = forced.size > 0 ? [...new Set([...addedByItem.keys(), ...forced])] : [...addedByItem.keys()];
  if (touched.length === 0) return accepted;

  const stored = await items.lockStates(touched, now);
  const storedBreakpoints = await breakpoints.ofItems(touched);
  const { inputs, whole } = splitPlanInputs(addedByItem, stored);
  if (forced.size > 0) forceWholeInputs(inputs, whole, forced);
  if (whole.length > 0) addWholeInputs(inputs, whole, await events.eventsOf(whole));
  // Every event an item had was a copy taken away: back to an item never scanned.
  const emptied = touched.filter((t) => {
    const input = inputs.get(t)!;
    return input.kind === 'whole' && input.events.length === 0;
  });
  if (emptied.length > 0) {
    await items.reset(emptied);
    await breakpoints.closeAllOf(emptied, now);
  }
  const planned = emptied.length > 0 ? touched.filter((t) => !emptied.includes(t)) : touched;
  const plans = planned.map((t) => planItemUpdate(t, inputs.get(t)!, stored.get(t), storedBreakpoints.get(t) ?? [], ctx.unitOf, ctx.rules));
  await planMissingProofs(tx, plans, stored, storedBreakpoints, addedByItem, ctx.proven);
  await items.write(
    plans.map((p) => p.item),
    stored,
    now,
  );
  await breakpoints.apply(plans, now);
  return accepted;
}

/** The events this chunk stored, per item, in the order the rules read them. */
function newEventsByItem(added: readonly AddedEvent[]): Map<string, RuleEvent[]> {
  const byItem = new Map<string, RuleEvent[]>();
  for (const { scan, id } of added) {
    // Item scans never carry OPENED: the scan service accepts it only on consignment numbers, and
    // those are split off before this (see expand-consignment-scans.ts).
    const event: RuleEvent = { id, code: scan.code as ScanCode, atMs: scan.atMs, site: scan.site, nextSite: scan.nextSite };
    const list = byItem.get(scan.trackingNo);
    if (list) list.push(event);
    else byItem.set(scan.trackingNo, [event]);
  }
  for (const list of byItem.values()) list.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  return byItem;
}
