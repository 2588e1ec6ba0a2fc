import type { Generated } from 'kysely';

/**
 * The weekly reports a program's sponsor is pushed (report.weekly_ready): the weekly-report module
 * writes a row in the transaction that stores the report, the webhook fan-out tails the table by id.
 * A module of its own, so that the webhooks module reads it without depending on the reports.
 */
export interface ReportOutboxTable {
  id: Generated<number>;
  report_id: string;
  program_code: string;
  week: string;
  at: number;
}
