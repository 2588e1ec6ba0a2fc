import type { WriteTx } from '../../db/write-tx.js';
import type { BreakpointWriter } from './breakpoint-write.js';
import { postgresBreakpointWriter } from './breakpoint-write.postgres.js';
import { sqliteBreakpointWriter } from './breakpoint-write.sqlite.js';

export type { BreakpointChanges, BreakpointWriter, StoredBreakpoint } from './breakpoint-write.js';

/** The break-point writer in the open transaction, on its engine. */
export function breakpointWriter(tx: WriteTx): BreakpointWriter {
  return tx.engine === 'sqlite' ? sqliteBreakpointWriter(tx.sqlite) : postgresBreakpointWriter(tx.client);
}
