import type { Texts } from './texts.js';

/** Address changes and rescheduling: by the post's staff, the program's sponsor, or the recipient with a one-time code. */
export const ADDRESS_TEXTS = {
  'addressChange.delivered': { zh: '{trackingNo} 已妥投，不能再改址或改期', en: '{trackingNo} has been delivered: its address and day can no longer change' },
  'addressChange.returned': { zh: '{trackingNo} 已退回寄件方，不能再改址或改期', en: '{trackingNo} is on its way back to the sender: its address and day can no longer change' },
  'addressChange.noOffice': {
    zh: 'address：{county} 没有投递局，邮件无法投递到该地址，请联系邮政客服 11183',
    en: 'address: no delivery office serves {county}, so the item cannot go there; call the post on 11183',
  },
  'addressChange.sponsorOnly': {
    zh: '只有项目的委托方可以为其邮件改址：{trackingNo} 不属于您委托的项目',
    en: 'Only the program’s sponsor may change its items’ addresses: {trackingNo} is not of a program you sponsor',
  },
  'addressChange.codeWrong': {
    zh: 'code：验证码错误或已过期，请重新获取（多次输错将锁定 24 小时）',
    en: 'code: the code is wrong or has expired; ask for a new one (too many wrong codes lock the item for 24 hours)',
  },
  'addressChange.codeLocked': {
    zh: '该邮件的验证码因多次输错已锁定，请 24 小时后再试，或致电邮政客服 11183',
    en: 'Too many wrong codes for this item: it is locked for 24 hours; try again later or call the post on 11183',
  },
  'addressChange.done': { zh: '地址已变更，邮件将由{office}投递', en: 'The address was changed; {office} will deliver the item' },
  'reschedule.dateRange': {
    zh: 'date：请选择明天（{first}）至 {last} 之间的日期',
    en: 'date: choose a day from tomorrow ({first}) to {last}',
  },
  'reschedule.done': { zh: '已记录：您希望在 {date} 收到邮件，投递局将按此安排投递', en: 'Noted: you asked for the item on {date}; the delivery office will plan for it' },
} as const satisfies Record<string, Texts>;
