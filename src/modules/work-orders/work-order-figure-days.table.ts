/** A time zone whose days of work-order figures are stored (computed in full when first asked for). */
export interface WorkOrderFigureZoneTable {
  time_zone: string;
}

/**
 * The figures' counts of the orders created on one local day, for one group of one grouping
 * (`type`, `unit`, `program`, `channel`, or `all` with the group ''): the sums of each order's
 * contribution as it stands now (work-order-figure-days.ts).
 */
export interface WorkOrderFigureDayTable {
  time_zone: string;
  grouping: string;
  /** YYYY-MM-DD in `time_zone`. */
  day: string;
  grp: string;
  created: number;
  resolved: number;
  responded: number;
  responded_on_time: number;
  resolved_on_time: number;
  ever_resolved: number;
  reopened: number;
  rated: number;
  satisfaction_sum: number;
  complaints: number;
  /** Ten-minute bucket of the time to resolve and orders, pairs of little-endian int32, by bucket. */
  resolve_buckets: Uint8Array;
}

/** A resolved order's exact time to resolve, under its ten-minute bucket and day of creation, with its groups. */
export interface WorkOrderResolveTimeTable {
  time_zone: string;
  bucket: number;
  day: string;
  order_id: number;
  ms: number;
  type: string;
  unit: string;
  /** '' for an order of no program. */
  program: string;
  channel: string;
}
