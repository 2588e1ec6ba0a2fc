import type { DbHandle } from '../../db/open-db.js';
import { tryAcquireLease } from '../../jobs/lease.js';
import { type SweepResult, sweepSilences } from './sweep.service.js';

export const SWEEP_LEASE = 'breakpoint-sweep';

export interface SweepRequest {
  asOf: number;
  now: number;
  /** When given, sweep only if this holder gets (or keeps) the lease; otherwise answer null. */
  lease?: { holder: string; ttlMs: number };
}

/** A sweep, under the database lease when asked (the timer of `songda serve` asks; a manual sweep does not). */
export async function runSweep(handle: DbHandle, request: SweepRequest): Promise<SweepResult | null> {
  if (request.lease && !(await tryAcquireLease(handle.db, SWEEP_LEASE, request.lease.holder, request.now, request.lease.ttlMs))) return null;
  return sweepSilences(handle, request.asOf, request.now);
}
