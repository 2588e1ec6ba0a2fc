/** Weekly reports as made (decision 0047): the JSON answer of the week and scope, kept as text. */
export interface WeeklyReportTable {
  id: string;
  /** ISO week, `2026-W48`. */
  week: string;
  scope_kind: string;
  /** The program's code, or the province's or city's GB/T 2260 code. */
  scope_code: string;
  time_zone: string;
  program_code: string | null;
  generated_at: number;
  /** The user who asked for it, or `schedule` for the Monday job. */
  generated_by: string;
  report: string;
}

export const WEEKLY_SCOPE_KINDS = ['program', 'division'] as const;
export type WeeklyScopeKind = (typeof WEEKLY_SCOPE_KINDS)[number];
