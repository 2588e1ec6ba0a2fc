import type { WriteTx } from '../../db/write-tx.js';
import type { ScanInput } from '../../domain/scan-input.js';
import { postgresConsignmentScans } from './consignment-scan.postgres.js';
import { sqliteConsignmentScans } from './consignment-scan.sqlite.js';
import type { ConsignmentState } from './expand-consignment-scans.js';

/** The writes of the scan path to the consignment tables, inside its transaction. */
export interface ConsignmentScanRepository {
  /**
   * The consignments among these numbers, with the items inside, locked until the transaction ends
   * where the engine locks rows: batches scanning the same consignment decide its opening and its
   * items' copies one at a time. Most chunks carry no consignment scan: an empty table answers at once.
   */
  lockAmong(numbers: readonly string[]): Promise<Map<string, ConsignmentState>>;
  /** Stores the consignments' own scans; answers the ones that were new. */
  insertEvents(scans: readonly ScanInput[], now: number): Promise<ScanInput[]>;
  /** An earlier OPENED arrived: the consignment was opened then, there. */
  markOpened(consignmentNo: string, at: number, site: string): Promise<void>;
}

export function consignmentScans(tx: WriteTx): ConsignmentScanRepository {
  return tx.engine === 'sqlite' ? sqliteConsignmentScans(tx.sqlite) : postgresConsignmentScans(tx.client);
}

export interface ConsignmentRow {
  tracking_no: string;
  opened_at: number | string | null;
}
export interface MemberRow {
  consignment_no: string;
  tracking_no: string;
}

/** The consignments found, with the items inside each. */
export function withMembers(rows: readonly ConsignmentRow[], members: readonly MemberRow[]): Map<string, ConsignmentState> {
  const found = new Map<string, { openedAt: number | null; members: string[] }>();
  for (const r of rows) found.set(r.tracking_no, { openedAt: r.opened_at === null ? null : Number(r.opened_at), members: [] });
  for (const m of members) found.get(m.consignment_no)!.members.push(m.tracking_no);
  return found;
}
