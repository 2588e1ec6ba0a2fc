import type { Texts } from './texts.js';

/** Break-point details (说明): what the rules saw, in the reader's language. */
export const BREAKPOINT_TEXTS = {
  'bpDetail.noAcceptance': { zh: '没有收寄扫描；第一条扫描是 {site} 的{code}', en: 'no ACCEPTED scan; first scan {code} at {site}' },
  'bpDetail.noOutbound': {
    zh: '第 {visit} 站 {site} 的最后一条扫描是{code}而不是封发，随后到了 {next}',
    en: 'visit {visit} at {site} ends with {code}, not DISPATCHED, before {next}',
  },
  'bpDetail.noInbound': { zh: '第 {visit} 站 {site} 的第一条扫描是{code}，而不是到达或到达投递局', en: 'visit {visit} at {site} opens with {code}, not ARRIVED or AT_DELIVERY_OFFICE' },
  'bpDetail.noOutForDelivery': { zh: '{site} 的{code}之前没有下段投递扫描', en: '{code} at {site} without OUT_FOR_DELIVERY just before' },
  'bpDetail.silentInTransit': { zh: '离开上一站或收寄后一直没有扫描（在途时间过长）', en: 'no scan since it left or was accepted (in transit too long)' },
  'bpDetail.silentAtOffice': { zh: '已到达投递局，但未下段投递', en: 'arrived at the delivery office and not taken out for delivery' },
  'bpDetail.noDeliveryResult': { zh: '已下段投递，当班结束前未反馈投递结果', en: 'out for delivery and no result by end of shift' },
  'bpDetail.silentHeld': { zh: '留存或未妥投后未再下段投递', en: 'held or failed and not taken out again' },
} as const satisfies Record<string, Texts>;

/** Headings and fixed cells of the CSV/XLSX exports. */
export const EXPORT_TEXTS = {
  'export.trackingNo': { zh: '邮件号', en: 'Tracking no.' },
  'export.type': { zh: '断点类型', en: 'Break-point type' },
  'export.typeName': { zh: '断点说明', en: 'Break-point' },
  'export.unitCode': { zh: '责任单位代码', en: 'Responsible unit code' },
  'export.unit': { zh: '责任单位', en: 'Responsible unit' },
  'export.visit': { zh: '站点序号', en: 'Visit' },
  'export.openedAt': { zh: '断点时间', en: 'Opened at' },
  'export.closedAt': { zh: '关闭时间', en: 'Closed at' },
  'export.status': { zh: '状态', en: 'Status' },
  'export.open': { zh: '未关闭', en: 'Open' },
  'export.closed': { zh: '已关闭', en: 'Closed' },
  'export.detail': { zh: '详情', en: 'Detail' },
  'export.lastEvent': { zh: '最后事件', en: 'Last event' },
  'export.lastEventAt': { zh: '最后事件时间', en: 'Last event at' },
  'export.lastEventSiteCode': { zh: '最后事件单位代码', en: 'Last event unit code' },
  'export.lastEventSite': { zh: '最后事件单位', en: 'Last event unit' },
  'export.sheetOffending': { zh: '断点邮件', en: 'Offending items' },
  'export.sheetBreakpoints': { zh: '信息断点', en: 'Break-points' },
  /** A table longer than one Excel sheet goes on in a sheet named so. */
  'export.sheetContinued': { zh: '{name}（{n}）', en: '{name} ({n})' },
} as const satisfies Record<string, Texts>;
