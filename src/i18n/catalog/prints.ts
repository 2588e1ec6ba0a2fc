import type { Texts } from './texts.js';

/** What the printed documents say besides their data: the shipping label and the invitation QR sheet. */
export const PRINT_TEXTS = {
  'label.title': { zh: '面单 {trackingNo}', en: 'Label {trackingNo}' },
  'label.titleMany': { zh: '面单（{count} 张）', en: 'Labels ({count})' },
  'label.recipientTab': { zh: '收', en: 'To' },
  'label.senderTab': { zh: '寄', en: 'From' },
  'label.noSender': { zh: '（寄件人未登记）', en: '(sender not registered)' },
  'label.scanToTrack': { zh: '扫码查询邮件', en: 'Scan to track' },
  'label.deliveryOffice': { zh: '投递局：{value}', en: 'Delivery office: {value}' },
  'label.weight': { zh: '重量：{value}', en: 'Weight: {value}' },
  'label.postedOn': { zh: '收寄日期：{value}', en: 'Posted on: {value}' },
  'label.signedBy': { zh: '签收人：', en: 'Signed by:' },
  'label.signedAt': { zh: '签收时间：', en: 'Signed at:' },

  'sheet.title': { zh: '{program} 邮寄二维码', en: '{program}: mailing QR codes' },
  'sheet.heading': { zh: '{program} · 扫码填写邮寄地址 · 第 {page}/{pages} 页', en: '{program} · scan to give a mailing address · page {page}/{pages}' },
  'sheet.documentNo': { zh: '证件编号 {documentNo}', en: 'Document no. {documentNo}' },
  'sheet.unnamed': { zh: '不记名（由本人填写）', en: 'Not named (filled in by the holder)' },
  'sheet.validUntil': { zh: '有效期至 {when}', en: 'Valid until {when}' },
  'sheet.dateTime': { zh: '{year}年{month}月{day}日 {time}', en: '{year}-{month}-{day} {time}' },
} as const satisfies Record<string, Texts>;
