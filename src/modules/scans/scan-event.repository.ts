import type { RuleEvent } from '../../domain/breakpoint-rules.js';
import type { ScanInput } from '../../domain/scan-input.js';
import type { WriteTx } from '../../db/write-tx.js';
import { postgresScanEvents } from './scan-event.postgres.js';
import { sqliteScanEvents } from './scan-event.sqlite.js';

/** A line stored as a new event, with the id it got. */
export interface AddedEvent {
  scan: ScanInput;
  id: number;
}

/** The scan write path's statements on `scan_events`, inside its transaction. */
export interface ScanEventRepository {
  /** Stores the events; duplicates (same item, code, instant and site) are dropped. Answers the new ones. */
  insert(scans: readonly ScanInput[], now: number): Promise<AddedEvent[]>;
  /** The items' whole event sets, in the order the rules read them. */
  eventsOf(trackingNos: readonly string[]): Promise<Map<string, RuleEvent[]>>;
  /** Deletes the items' copies of a consignment's scans after `at`; answers the items that lost one. */
  deleteCopiesAfter(members: readonly string[], consignmentNo: string, at: number): Promise<string[]>;
}

export function scanEvents(tx: WriteTx): ScanEventRepository {
  return tx.engine === 'sqlite' ? sqliteScanEvents(tx.sqlite) : postgresScanEvents(tx.client);
}

/** Adds an event to its item's list, keeping their order. */
export function push(byItem: Map<string, RuleEvent[]>, trackingNo: string, event: RuleEvent): void {
  const list = byItem.get(trackingNo);
  if (list) list.push(event);
  else byItem.set(trackingNo, [event]);
}
