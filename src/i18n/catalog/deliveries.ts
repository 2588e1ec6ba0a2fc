import type { Texts } from './texts.js';

/** Couriers, delivery outcomes and their proof, the program's requirements at the door, failure reasons. */
export const DELIVERY_TEXTS = {
  'courier.needsUnit': { zh: 'unit：投递员必须属于一个投递局', en: 'unit: a courier belongs to a delivery office' },
  'courier.unitNotOffice': { zh: 'unit：{unit} 不是投递局，投递员只能属于投递局', en: 'unit: {unit} is not a delivery office; a courier belongs to one' },
  'courier.noTokens': { zh: 'role：投递员是登录的人员，不发放 API 令牌', en: 'role: a courier is a person who signs in; no API token is made for one' },
  'courier.otherOffice': {
    zh: 'trackingNo：{trackingNo} 不在您的投递局 {unit}（最后一次扫描不在本局）',
    en: 'trackingNo: {trackingNo} is not at your office {unit} (its last scan was elsewhere)',
  },
  'courier.siteNotOwn': { zh: 'site：投递员只能记录本投递局 {unit} 的投递结果', en: 'site: a courier records outcomes at their own office {unit} only' },

  'reason.RECIPIENT_ABSENT': { zh: '收件人不在', en: 'Recipient absent' },
  'reason.ADDRESS_INCORRECT': { zh: '地址错误或不详', en: 'Address incorrect or incomplete' },
  'reason.REFUSED': { zh: '拒收', en: 'Refused' },
  'reason.PHONE_UNREACHABLE': { zh: '电话无法联系', en: 'Phone unreachable' },
  'reason.RESCHEDULE_REQUESTED': { zh: '收件人要求改期', en: 'Recipient asked for another day' },
  'reason.ID_MISMATCH': { zh: '证件不符', en: 'ID does not match' },
  'reason.BUSINESS_CLOSED': { zh: '单位休息', en: 'Business closed' },
  'reason.OTHER': { zh: '其他', en: 'Other' },
  'reason.unknown': {
    zh: 'reason：未妥投原因必须是以下代码之一：{codes}；OTHER 须附说明，写作 OTHER:说明',
    en: 'reason: a failed delivery’s reason is one of {codes}; OTHER takes a note, written OTHER:note',
  },
  'reason.otherNeedsNote': { zh: 'reason：原因为 OTHER（其他）时须写明说明', en: 'reason: OTHER needs a note saying what happened' },
  'reason.noteOnlyForOther': { zh: 'reasonNote：只有原因为 OTHER 时才写说明', en: 'reasonNote: a note goes with reason OTHER only' },

  'delivery.notObject': { zh: '每个元素必须是一个 JSON 对象', en: 'each element must be a JSON object' },
  'delivery.unknownItem': { zh: 'trackingNo：未知的邮件 {trackingNo}', en: 'trackingNo: unknown item {trackingNo}' },
  'delivery.clientIdTaken': {
    zh: 'clientId：{clientId} 已用于另一邮件的投递结果',
    en: 'clientId: {clientId} was already used for an outcome of another item',
  },
  'delivery.reasonOnlyWhenFailed': { zh: 'reason：只有未妥投（failed）才有原因', en: 'reason: only a failed outcome takes a reason' },
  'delivery.reasonRequired': { zh: 'reason：未妥投（failed）必须给出原因代码', en: 'reason: a failed outcome needs a reason code' },
  'delivery.receivedByRequired': { zh: 'receivedBy：妥投（delivered）须说明由谁签收', en: 'receivedBy: a delivered outcome says who received it' },
  'delivery.onlyWhenDelivered': { zh: '{field}：只有妥投（delivered）才有此项', en: '{field}: only a delivered outcome takes this' },
  'delivery.recipientOnly': {
    zh: 'receivedBy：本项目要求本人签收（recipientOnly），不能由 {receivedBy} 代收',
    en: 'receivedBy: this program requires the recipient in person (recipientOnly), not {receivedBy}',
  },
  'delivery.idRequired': { zh: 'idNumber：本项目要求核验收件人身份证（idCheck）', en: 'idNumber: this program requires the recipient’s ID to be checked (idCheck)' },
  'delivery.idInvalid': { zh: 'idNumber：不是有效的居民身份证号码', en: 'idNumber: not a valid resident ID number' },
  'delivery.idMismatch': {
    zh: 'idNumber：证件号码与收件人登记的不符（id_mismatch），本次投递未记录',
    en: 'idNumber: the ID number does not match the recipient’s (id_mismatch); nothing was stored',
  },
  'delivery.idUnknown': {
    zh: 'idNumber：{trackingNo} 没有登记收件人证件号码，无法核验（idCheck）',
    en: 'idNumber: {trackingNo} has no recipient ID number on file to check against (idCheck)',
  },
  'delivery.activationRequired': {
    zh: 'activation：本项目由 {bank} 上门激活，妥投时须记录激活结果',
    en: 'activation: cards of this program are activated at the door by {bank}; a delivered outcome records the result',
  },
  'delivery.activationNotAsked': { zh: 'activation：本项目没有激活银行，不记录激活结果', en: 'activation: this program has no activation bank' },
  'delivery.counterNeedsCode': {
    zh: 'pickupCode：窗口自提（counter）须提供取件码或收件人身份证号码',
    en: 'pickupCode: a counter pickup needs the pickup code or the recipient’s ID number',
  },
  'delivery.pickupCodeNotAvailable': {
    zh: 'pickupCode：{trackingNo} 没有取件码（邮件留存投递局待取时才生成），请核验收件人身份证号码',
    en: 'pickupCode: {trackingNo} has no pickup code (one is not available yet: it is made when the item is held at the office); check the recipient’s ID number instead',
  },
  'delivery.pickupCodeShape': { zh: '取件码为 6 位数字', en: 'a pickup code is 6 digits' },
  'delivery.badImage': { zh: '{field}：必须是 {type} 图片的 data URL（data:{mime};base64,…）', en: '{field}: must be a data URL of a {type} image (data:{mime};base64,…)' },
  'delivery.imageNotType': { zh: '{field}：内容不是 {type} 图片', en: '{field}: the bytes are not a {type} image' },
  'delivery.imageTooLarge': { zh: '{field}：图片解码后最大 {maxKb} KB，实际 {kb} KB', en: '{field}: at most {maxKb} KB once decoded, got {kb} KB' },
  'delivery.proofNotFound': { zh: '未找到投递凭证 {id}', en: 'no delivery proof {id}' },
  'delivery.noImage': { zh: '投递凭证 {id} 没有{what}', en: 'delivery proof {id} has no {what}' },
  'delivery.signature': { zh: '签名', en: 'signature' },
  'delivery.photo': { zh: '照片', en: 'photo' },
} as const satisfies Record<string, Texts>;
