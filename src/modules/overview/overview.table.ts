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
