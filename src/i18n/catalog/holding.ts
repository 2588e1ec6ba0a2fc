import type { Texts } from './texts.js';

/** Attempts, holding at the office, pickup codes and returns due. */
export const HOLDING_TEXTS = {
  'holding.pickupCodeWrong': {
    zh: 'pickupCode：取件码与 {trackingNo} 的不符（错误次数已记录，多次错误后取件码失效）',
    en: 'pickupCode: not the pickup code of {trackingNo} (counted: after too many wrong codes the code stops working)',
  },
  'holding.pickupCodeLocked': {
    zh: 'pickupCode：{trackingNo} 的取件码因多次输错已失效，请由投递局重新生成，或核验收件人身份证号码',
    en: 'pickupCode: the pickup code of {trackingNo} stopped working after too many wrong codes; the office issues a new one, or check the recipient’s ID number',
  },
  'holding.notHeld': {
    zh: '{trackingNo} 未留存在投递局待取，不能生成取件码',
    en: '{trackingNo} is not held at an office for pickup; no pickup code can be made',
  },
  'holding.notDeliveryOffice': { zh: 'code：{code} 不是投递局', en: 'code: {code} is not a delivery office' },
  'holding.noReason': { zh: '未填原因', en: 'No reason given' },
  'holding.whyRefused': { zh: '拒收', en: 'Refused' },
  'holding.whyHoldExpired': { zh: '留存期满', en: 'Holding period over' },
} as const satisfies Record<string, Texts>;
