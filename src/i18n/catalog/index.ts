import { ADDRESS_TEXTS } from './address.js';
import { BREAKPOINT_TEXTS, EXPORT_TEXTS } from './breakpoints.js';
import { COURIER_TEXTS } from './courier.js';
import { DELIVERY_TEXTS } from './deliveries.js';
import { HOLDING_TEXTS } from './holding.js';
import { ACCESS_ERROR_TEXTS, HTTP_ERROR_TEXTS } from './http-errors.js';
import { OBJECT_ERROR_TEXTS } from './object-errors.js';
import { PRINT_TEXTS } from './prints.js';
import { PROOF_TEXTS } from './proof.js';
import { REJECTION_TEXTS } from './rejections.js';
import { SCHEMA_TEXTS } from './schemas.js';
import { SMS_TEXTS } from './sms.js';
import { STATEMENT_TEXTS } from './statements.js';
import { STATEMENT_FILE_TEXTS } from './statement-files.js';
import { TABLE_TEXTS } from './tables.js';
import { VALIDATION_TEXTS } from './validation.js';
import { WEEKLY_REPORT_FILE_TEXTS } from './weekly-report-files.js';
import { WORK_ORDER_CLOCK_TEXTS } from './work-order-clock.js';
import { WORK_ORDER_TEXTS } from './work-orders.js';
import { WORK_ORDER_JOB_TEXTS } from './work-order-jobs.js';
import { WEEKLY_REPORT_TEXTS } from './weekly-reports.js';

/** Every server text, by area. Keys are unique across areas (the key-walk test checks it). */
export const CATALOG_AREAS = {
  http: HTTP_ERROR_TEXTS,
  access: ACCESS_ERROR_TEXTS,
  objects: OBJECT_ERROR_TEXTS,
  validation: VALIDATION_TEXTS,
  schemas: SCHEMA_TEXTS,
  rejections: REJECTION_TEXTS,
  tables: TABLE_TEXTS,
  breakpoints: BREAKPOINT_TEXTS,
  exports: EXPORT_TEXTS,
  prints: PRINT_TEXTS,
  deliveries: DELIVERY_TEXTS,
  sms: SMS_TEXTS,
  proof: PROOF_TEXTS,
  holding: HOLDING_TEXTS,
  courier: COURIER_TEXTS,
  address: ADDRESS_TEXTS,
  workOrderClock: WORK_ORDER_CLOCK_TEXTS,
  workOrders: WORK_ORDER_TEXTS,
  workOrderJobs: WORK_ORDER_JOB_TEXTS,
  statements: STATEMENT_TEXTS,
  statementFiles: STATEMENT_FILE_TEXTS,
  weeklyReports: WEEKLY_REPORT_TEXTS,
  weeklyReportFiles: WEEKLY_REPORT_FILE_TEXTS,
} as const;

export const CATALOG = {
  ...HTTP_ERROR_TEXTS,
  ...ACCESS_ERROR_TEXTS,
  ...OBJECT_ERROR_TEXTS,
  ...VALIDATION_TEXTS,
  ...SCHEMA_TEXTS,
  ...REJECTION_TEXTS,
  ...TABLE_TEXTS,
  ...BREAKPOINT_TEXTS,
  ...EXPORT_TEXTS,
  ...PRINT_TEXTS,
  ...DELIVERY_TEXTS,
  ...SMS_TEXTS,
  ...PROOF_TEXTS,
  ...HOLDING_TEXTS,
  ...COURIER_TEXTS,
  ...ADDRESS_TEXTS,
  ...WORK_ORDER_CLOCK_TEXTS,
  ...WORK_ORDER_TEXTS,
  ...WORK_ORDER_JOB_TEXTS,
  ...STATEMENT_TEXTS,
  ...STATEMENT_FILE_TEXTS,
  ...WEEKLY_REPORT_TEXTS,
  ...WEEKLY_REPORT_FILE_TEXTS,
} as const;
