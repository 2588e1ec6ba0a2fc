import type { Texts } from './texts.js';

/** What the work-order jobs write for people to read (stored in the order's description in the default language). */
export const WORK_ORDER_JOB_TEXTS = {
  'workOrderJobs.proactiveDescription': {
    zh: '主动服务：邮件 {trackingNo} 自 {openedAt} 起有未消除的断点（{type}），超过 {hours} 小时。请联系收件人说明情况。',
    en: 'Proactive service: item {trackingNo} has had an open break-point ({type}) since {openedAt}, for more than {hours} hours. Call the recipient to explain.',
  },
} as const satisfies Record<string, Texts>;
