import { MISSING_SCAN_TYPES } from '../api/types';

/**
 * The lists the figures open. Every figure of the overview, the rate report and a program report
 * is the number of rows of `/items?…` with these filters (the server's docs of each figure name
 * the same query), so the links are made here, once.
 */
export type ListFilters = Record<string, string | undefined>;

/** The break-point rate's numerator: an open missing-scan break-point. */
export const OFFENDING: ListFilters = { breakpoint: 'open', breakpointType: MISSING_SCAN_TYPES.join(',') };
/** The rate report's third figure: missing-scan break-points all closed by late scans. */
export const FILLED_LATE: ListFilters = { breakpoint: 'filledLate' };

/** `/items?…` with the given filters (empty ones left out). */
export function itemsLink(...parts: ListFilters[]): string {
  const params = new URLSearchParams();
  for (const part of parts) for (const [k, v] of Object.entries(part)) if (v) params.set(k, v);
  return `/items?${params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':')}`;
}
