import type { Texts } from './texts.js';

/** Proof attached after a delivery, bank activations, and the program report's last-mile rates. */
export const PROOF_TEXTS = {
  'bpDetail.missingProof': { zh: '以普通扫描妥投，项目要求的妥投凭证未录入', en: 'delivered by a plain scan; the program requires proof of delivery' },
  'proof.notDelivered': { zh: '邮件 {trackingNo} 尚未妥投，不能补录妥投凭证', en: 'item {trackingNo} is not delivered: there is no delivery to attach proof to' },
  'proof.alreadyRecorded': { zh: '邮件 {trackingNo} 的妥投凭证已经录入', en: 'the proof of delivery of item {trackingNo} is already recorded' },
  'activation.notDelivered': { zh: '邮件 {trackingNo} 尚未妥投，不能记录激活结果', en: 'item {trackingNo} is not delivered yet: an activation is recorded after delivery' },
  'activation.beforeDelivery': { zh: 'at：激活时间 {at} 早于妥投时间', en: 'at: {at} is before the delivery' },
} as const satisfies Record<string, Texts>;
