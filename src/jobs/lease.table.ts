/** Who runs a timed job (the sweep, the overview refresh) until when: one server at a time. */
export interface JobLeaseTable {
  name: string;
  holder: string;
  expires_at: number;
}
