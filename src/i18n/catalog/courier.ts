import type { Texts } from './texts.js';

/** The courier's round and phone page (docs/decisions/0039-courier-phone-page.md). */
export const COURIER_TEXTS = {
  'courier.roundNotOwn': { zh: 'office：投递员只能查看本投递局 {unit} 的投递清单', en: 'office: a courier sees the round of their own office {unit} only' },
  'courier.roundNeedsOffice': { zh: 'office：必填，请指定投递局', en: 'office: required: name the delivery office' },
} as const satisfies Record<string, Texts>;
