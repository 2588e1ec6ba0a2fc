import type { Texts } from './texts.js';

/**
 * Recipients told by SMS: one text per template, as a Chinese postal SMS reads (the signature in
 * 【】 first, one short sentence or two), English on request; and the one-time code's answers.
 */
export const SMS_TEXTS = {
  'sms.request_confirmed': {
    zh: '【{sign}】您的寄递申请已受理，邮件号{trackingNo}，可凭邮件号和手机后四位查询进度。',
    en: '[{sign}] Your request is confirmed: tracking number {trackingNo}. Track it with the number and the last four digits of your phone.',
  },
  'sms.out_for_delivery': {
    zh: '【{sign}】您的邮件{trackingNo}今日由投递员派送，请保持电话畅通并备好身份证件。',
    en: '[{sign}] Your item {trackingNo} is out for delivery today; keep your phone on and your ID at hand.',
  },
  'sms.attempt_failed': {
    zh: '【{sign}】您的邮件{trackingNo}今日投递未成功（{reason}）。如需改期，请在邮件查询页验证手机号后另约投递日期。',
    en: '[{sign}] We could not deliver your item {trackingNo} today ({reason}). To choose another day, verify your phone on the tracking page.',
  },
  'sms.held': {
    zh: '【{sign}】您的邮件{trackingNo}已存放在{office}（{address}），取件码{code}，请于{lastDay}前凭取件码和身份证件领取。',
    en: '[{sign}] Your item {trackingNo} is held at {office} ({address}); pickup code {code}. Collect it by {lastDay} with the code and your ID.',
  },
  'sms.delivered': {
    zh: '【{sign}】您的邮件{trackingNo}已妥投，感谢您使用邮政寄递服务。',
    en: '[{sign}] Your item {trackingNo} has been delivered. Thank you for using the post.',
  },
  'sms.address_changed': {
    zh: '【{sign}】您的邮件{trackingNo}收件地址已变更，将由{office}投递。如非本人操作，请致电11183。',
    en: '[{sign}] The delivery address of your item {trackingNo} was changed; {office} will deliver it. If you did not ask for this, call 11183.',
  },
  'sms.one_time_code': {
    zh: '【{sign}】验证码{code}，10分钟内有效，用于邮件{trackingNo}的改址或改期，请勿告知他人。',
    en: '[{sign}] Code {code}, valid for 10 minutes, to change the address or day of item {trackingNo}. Do not share it.',
  },

  'sms.reason.unknown': { zh: '原因未说明', en: 'no reason given' },
  'sms.verify.sent': {
    zh: '如果手机号后四位与申请时留下的一致，验证码已发送到该手机，10分钟内有效。',
    en: 'If the last four digits match the phone given with the request, a code was sent to it; it is valid for 10 minutes.',
  },
  'sms.code.wrong': { zh: 'code：验证码不正确或已过期，请重新获取', en: 'code: the code is wrong or has expired; ask for a new one' },
  'sms.code.locked': {
    zh: 'code：该邮件的验证错误次数过多，请24小时后再试或致电11183',
    en: 'code: too many wrong tries for this item; try again in 24 hours or call 11183',
  },
} as const satisfies Record<string, Texts>;
