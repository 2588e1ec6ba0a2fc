/** The overview's figures of one local day, for the day's total (grp '') or one city. */
export interface OverviewDayTable {
  time_zone: string;
  /** YYYY-MM-DD in `time_zone`. */
  day: string;
  grp: string;
  items: number;
  with_breakpoint: number;
  filled_late: number;
  accepted: number;
  delivered: number;
  accepted_delivered: number;
  computed_wm: number;
  units_stamp: string;
}

/** A quarter hour (epoch ms ÷ 900,000) touched by scans read up to `changed_wm`. */
export interface OverviewChangeTable {
  bucket: number;
  changed_wm: number;
}

export interface OverviewStateTable {
  name: string;
  value: number;
}

/**
 * The break-point rate of one local day, in total (grouping 'total', grp '') or for one unit, city or
 * province (a row of GET /reports/breakpoint-rate for that day alone).
 */
export interface OverviewDayGroupTable {
  time_zone: string;
  day: string;
  grouping: 'total' | 'unit' | 'city' | 'province';
  grp: string;
  items: number;
  with_breakpoint: number;
  filled_late: number;
  computed_wm: number;
  units_stamp: string;
}
