/**
 * A work order's types and the default deadlines of each (docs/work-orders-deadlines.md): constants
 * only, with no import, so that the console shows the same defaults without bundling the clock.
 */

export const WORK_ORDER_TYPES = ['enquiry', 'complaint', 'address_change', 'redelivery', 'loss_report', 'other'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

/** Business minutes allowed. */
export interface ClockPolicy {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/**
 * Normal priority. address_change's resolution stands in for "before the next delivery run": the
 * clock knows no delivery runs, and 12 hours on the centre's calendar reaches the next morning's run.
 */
export const DEFAULT_POLICIES: Readonly<Record<WorkOrderType, ClockPolicy>> = Object.freeze({
  enquiry: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  complaint: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
  address_change: { firstResponseMinutes: 120, resolutionMinutes: 720 },
  redelivery: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
  loss_report: { firstResponseMinutes: 240, resolutionMinutes: 4320 },
  other: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
});
