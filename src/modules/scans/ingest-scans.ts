import type { RuleEvent, SilenceRules, UnitFacts } from '../../domain/breakpoint-rules.js';
import { type ScanInput, compareIdentity } from '../../domain/scan-input.js';
import type { WriteTx } from '../../db/write-tx.js';
import { breakpointWriter } from '../breakpoints/breakpoint-write.repository.js';
import { planMissingProofs } from '../breakpoints/missing-proof.js';
import { addWholeInputs, planItemUpdate, splitPlanInputs } from '../breakpoints/plan-item-update.js';
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
  /** Lines, then items, per chunk; INGEST_CHUNK unless a test cuts smaller. */
  chunk?: number;
}

/**
 * The scan write path, the same steps on both engines, in the caller's one transaction: a request
 * is stored whole or not at all. Each step asks the module that owns the table: consignments expand
 * their scans to the items inside, scans store the events, items give and take their derived state,
 * break-points are opened, reopened and closed with their outbox rows.
 *
 * Events first, then items: the events of a chunk of lines are stored, then the items they touched
 * are brought up to date, a chunk of items at a time, each item once per pass. On PostgreSQL the items
 * wait until every event of the request is stored: storing events takes no item lock, so a request
 * holds its items only while it updates them, and the other request in flight stores its events
 * meanwhile (docs/benchmarks.md). SQLite has one writer and no row locks; there the items follow each
 * chunk of lines, which holds less at once (the request-wide pass gained nothing there). Chunks keep
 * each statement's arrays bounded whatever the request's size.
 *
 * The batch comes sorted by item (see record-scans.ts), and the items are taken in that order: on
 * PostgreSQL, rows are locked in that one global order.
 */
export async function recordScanBatch(tx: WriteTx, batch: ScanBatch, now: number, ctx: IngestRules): Promise<{ accepted: number; duplicates: number }> {
  const events = scanEvents(tx);
  const size = ctx.chunk ?? INGEST_CHUNK;
  let accepted = 0;
  let addedByItem = new Map<string, RuleEvent[]>();
  let forced = new Set<string>();
  for (let from = 0; from < batch.size; from += size) {
    const to = Math.min(batch.size, from + size);
    const chunk = batch.slice(from, to);
    let scans = chunk;
    const expanded = await expandConsignmentScans(consignmentScans(tx), events, chunk, now);
    if (expanded) {
      accepted += expanded.accepted;
      for (const t of expanded.forced) forced.add(t);
      scans = expanded.itemScans;
      if (expanded.accepted > 0) expanded.itemScans.sort(compareIdentity);
    }
    const added = await events.insert(scans, now);
    for (const a of added) if (a.scan.viaConsignment === undefined) accepted++;
    addNewEvents(addedByItem, added);
    if (tx.engine === 'sqlite' || to === batch.size) {
      await updateItemsOnce(tx, addedByItem, forced, now, ctx);
      addedByItem = new Map();
      forced = new Set();
    }
  }
  return { accepted, duplicates: batch.size - accepted };
}

/** One pass over the items the events since the last pass touched, a chunk of items at a time, in tracking-number order. */
async function updateItemsOnce(tx: WriteTx, addedByItem: Map<string, RuleEvent[]>, forced: ReadonlySet<string>, now: number, ctx: IngestRules): Promise<void> {
  const size = ctx.chunk ?? INGEST_CHUNK;
  for (const list of addedByItem.values()) list.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  // Code-unit order, as compareIdentity sorts the batch.
  const touched = [...new Set([...addedByItem.keys(), ...forced])].sort();
  for (let from = 0; from < touched.length; from += size) {
    await updateItems(tx, touched.slice(from, from + size), addedByItem, forced, now, ctx);
  }
}

/** Brings the items up to date with their new events (`addedByItem`); `forced` ones from their whole event set. */
async function updateItems(
  tx: WriteTx,
  touched: readonly string[],
  addedByItem: ReadonlyMap<string, RuleEvent[]>,
  allForced: ReadonlySet<string>,
  now: number,
  ctx: IngestRules,
): Promise<void> {
  const events = scanEvents(tx);
  const items = itemStates(tx);
  const breakpoints = breakpointWriter(tx);
  // Items that lost copies are planned from their whole event set as stored now.
  const planFromAdded = new Map<string, RuleEvent[]>();
  const forced: string[] = [];
  for (const t of touched) {
    const added = addedByItem.get(t);
    if (allForced.has(t)) forced.push(t);
    else if (added) planFromAdded.set(t, added);
  }
  const stored = await items.lockStates(touched, now);
  const storedBreakpoints = await breakpoints.ofItems(touched);
  const { inputs, whole } = splitPlanInputs(planFromAdded, stored);
  whole.push(...forced);
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
}

/** Adds the events a chunk stored to their items' lists (sorted once all chunks are in, in the order the rules read them). */
function addNewEvents(byItem: Map<string, RuleEvent[]>, added: readonly AddedEvent[]): void {
  for (const { scan, id } of added) {
    // Item scans never carry OPENED: the scan service accepts it only on consignment numbers, and
    // those are split off before this (see expand-consignment-scans.ts).
    const event: RuleEvent = { id, code: scan.code as ScanCode, atMs: scan.atMs, site: scan.site, nextSite: scan.nextSite };
    const list = byItem.get(scan.trackingNo);
    if (list) list.push(event);
    else byItem.set(scan.trackingNo, [event]);
  }
}
