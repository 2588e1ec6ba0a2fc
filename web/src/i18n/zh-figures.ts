// UI strings of figures and their lists (the item list's extra filters, suspect scans, the rate
// report's drill-down, reconciliation lists) and of the phone layout, Simplified Chinese.
// Kept apart from zh.ts so that each file stays short; zh.ts spreads it in.
export const zhFigures = {
  'nav.menu': '菜单',

  'items.filter.breakpointType': '断点类型',
  'items.filter.missingScan': '漏扫断点',
  'items.filter.filledLate': '迟到补录',
  'items.filter.province': '省',
  'items.filter.program': '项目',
  'items.filter.requestedOn': '申请日期',
  'items.filter.suspect': '有可疑扫描',
  'items.activeFilters': '其他条件',

  'item.suspectScan': '可疑',
  'item.suspectScanHint': '扫描时间早于申请时间 {at}：按收到的原样保留，但不是真实时间',
  'item.requestedAt': '申请时间',

  'rate.summaryOf': '{scope} 合计',
  'rate.total': '全部合计',

  'recon.showList': '查看 {figure} 的邮件',

  'report.suspect': '可疑扫描',
  'report.suspectNote': '扫描时间早于申请时间的邮件',
  'report.timedNote': '自首次收寄至妥投，计 {n} 件',
} as const;
