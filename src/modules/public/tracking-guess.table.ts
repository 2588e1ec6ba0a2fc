export interface TrackingGuessTable {
  /** Any well-formed S10 number a citizen's page was asked about, whether or not it exists. */
  tracking_no: string;
  /** Wrong phone digits (and checks still in flight) since first_failed_at. */
  failures: number;
  first_failed_at: number;
}
