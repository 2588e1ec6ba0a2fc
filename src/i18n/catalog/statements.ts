import type { Texts } from './texts.js';

/** Refusals of the statements' and the donation account's routes (decision 0046). */
export const STATEMENT_TEXTS = {
  'statements.badDay': { zh: '{field} 应为 YYYY-MM-DD 格式的日期，收到 “{value}”', en: '{field} must be a date as YYYY-MM-DD, got "{value}"' },
  'statements.periodBackwards': { zh: '结束日 {to} 早于开始日 {from}', en: 'the period ends ({to}) before it starts ({from})' },
  'statements.periodTooLong': { zh: '对账期最长 {days} 天', en: 'a period may cover at most {days} days' },
  'statements.periodInFuture': { zh: '对账期不能晚于今天（结束日 {to}）：未来的费用尚不可知', en: 'the period may not end after today (it ends {to}): its charges are not known yet' },
  'statements.unknownPayer': { zh: '付费方 {payer} 不是已登记的合作方（收件人自付请用 recipient）', en: 'payer {payer} is not a registered partner (use recipient for postage the addressee pays)' },
  'statements.notFound': { zh: '未找到该对账单', en: 'no such statement' },
  'statements.alreadyIssued': { zh: '对账单 {id} 已开具', en: 'statement {id} is already issued' },
  'statements.alreadyVoid': { zh: '对账单 {id} 已作废', en: 'statement {id} is already void' },
  'statements.reasonRequired': { zh: '作废须写明原因', en: 'a void needs a reason' },
  'statements.linesTaken': {
    zh: '对账单 {id} 不能开具：邮件 {trackingNos} 的费用已在已开具的对账单 {heldBy} 中。请作废此草稿并重新生成。',
    en: 'statement {id} cannot be issued: the charges of {trackingNos} are already in issued statement {heldBy}. Void this draft and make a new one.',
  },
  'statements.badCursor': { zh: '无效的翻页游标 “{cursor}”', en: 'invalid cursor "{cursor}"' },
} as const satisfies Record<string, Texts>;
