import type { Texts } from './texts.js';

/** Customer-service work orders: creation, actions, the citizen's own orders and ratings. */
export const WORK_ORDER_TEXTS = {
  'workOrder.notFound': { zh: '工单不存在', en: 'No such work order' },
  'workOrder.unknownPartner': { zh: '未找到合作方 {code}', en: 'partner {code} not found' },
  'workOrder.illegalAction': {
    zh: '工单 {number} 当前状态为「{status}」，不能执行「{action}」',
    en: 'Work order {number} is {status}: it cannot take the action {action}',
  },
  'workOrder.reopenTooLate': {
    zh: '工单 {number} 办结于 {resolvedAt}，已超过 {days} 天，不能重开；请新建工单',
    en: 'Work order {number} was resolved at {resolvedAt}, more than {days} days ago: it cannot be reopened; open a new order',
  },
  'workOrder.changedMeanwhile': {
    zh: '工单 {number} 刚被他人更新，请刷新后重试',
    en: 'Work order {number} was changed by someone else just now; reload it and try again',
  },
  'workOrder.topLevel': { zh: '工单 {number} 已升级至最高级别（{level} 级）', en: 'Work order {number} is at the top escalation level already ({level})' },
  'workOrder.unitUnknown': { zh: 'unit：单位 {unit} 不存在', en: 'unit: no unit {unit}' },
  'workOrder.userUnknown': { zh: 'user：用户 {user} 不存在或已停用', en: 'user: no active user {user}' },
  'workOrder.noUnit': {
    zh: 'unit：无法确定责任单位（邮件无未闭合的信息断点、无投递局，项目委托方所在市也没有单位），请指定 unit',
    en: 'unit: no responsible unit found (the item has no open break-point and no delivery office, and the sponsor’s city has no unit); name the unit',
  },
  'workOrder.itemNeeded': {
    zh: 'trackingNo：「{type}」工单须填写邮件号',
    en: 'trackingNo: a work order of type {type} is about an item; give its tracking number',
  },
  'workOrder.itemUnknown': { zh: 'trackingNo：邮件 {trackingNo} 不存在', en: 'trackingNo: no item {trackingNo}' },
  'workOrder.programUnknown': { zh: 'programCode：项目 {programCode} 不存在', en: 'programCode: no program {programCode}' },
  'workOrder.programOfItem': {
    zh: 'programCode：邮件 {trackingNo} 属于项目 {itemProgram}，不是 {programCode}',
    en: 'programCode: item {trackingNo} is of program {itemProgram}, not {programCode}',
  },
  'workOrder.partnerNeedsProgram': {
    zh: 'trackingNo：合作方只能为其项目的邮件建工单，请填写 trackingNo 或 programCode',
    en: 'trackingNo: a partner opens work orders about its programs’ items; give trackingNo or programCode',
  },
  'workOrder.addressNeeded': {
    zh: 'address：改址工单须填写新地址',
    en: 'address: an address_change work order carries the new address',
  },
  'workOrder.addressOnlyForChange': {
    zh: 'address：只有改址工单可以填写新地址',
    en: 'address: only an address_change work order carries an address',
  },
  'workOrder.messageNeeded': { zh: 'message：「{action}」须填写内容', en: 'message: the action {action} needs a message' },
  'workOrder.outcomeNeeded': { zh: 'outcome：办结须填写结果', en: 'outcome: resolving needs an outcome' },
  'workOrder.onNeeded': {
    zh: 'on：挂起须说明等待对象：customer（客户）或 unit（单位）',
    en: 'on: waiting needs whom it waits on: customer or unit',
  },
  'workOrder.assignNeedsWho': { zh: 'unit：派单须指定单位（unit）或处理人（user）', en: 'unit: assigning needs a unit or a user' },
  'workOrder.dateNeeded': {
    zh: 'date：再投工单以“已办”办结时须填写再投日期',
    en: 'date: resolving a redelivery order as done needs the day of the redelivery',
  },
  'workOrder.itemGone': {
    zh: 'outcome：工单没有关联邮件，不能以“已办”办结「{type}」',
    en: 'outcome: the order is about no item, so a {type} cannot be resolved as done',
  },
  'workOrder.notResolved': {
    zh: '工单 {number} 尚未办结，办结后才能评价',
    en: 'Work order {number} is not resolved yet: it can be rated once resolved',
  },
  'workOrder.ratedAlready': { zh: '工单 {number} 已评价过', en: 'Work order {number} has been rated already' },
  'workOrder.rated': { zh: '感谢您的评价', en: 'Thank you for your rating' },
  'workOrder.citizenNoItemOrder': {
    zh: '工单 {number} 不属于邮件 {trackingNo}',
    en: 'Work order {number} is not about item {trackingNo}',
  },
  'workOrder.schema.number': { zh: '工单号格式为 WO + 8 位日期 + 6 位序号', en: 'a work-order number is WO, an 8-digit date and a 6-digit sequence' },
} as const satisfies Record<string, Texts>;
