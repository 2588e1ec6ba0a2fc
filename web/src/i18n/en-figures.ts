// UI strings of figures and their lists and of the phone layout, English (same keys as zh-figures.ts).
import type { zhFigures } from './zh-figures';

export const enFigures: Record<keyof typeof zhFigures, string> = {
  'nav.menu': 'Menu',

  'items.filter.breakpointType': 'Break-point type',
  'items.filter.missingScan': 'Missing scans',
  'items.filter.filledLate': 'Filled late',
  'items.filter.province': 'Province',
  'items.filter.program': 'Program',
  'items.filter.requestedOn': 'Requested on',
  'items.filter.suspect': 'Has suspect scans',
  'items.activeFilters': 'Other filters',

  'item.suspectScan': 'Suspect',
  'item.suspectScanHint': 'Dated before the request ({at}): kept as received, but not a true time',
  'item.requestedAt': 'Requested',

  'rate.summaryOf': '{scope} in total',
  'rate.total': 'All in total',

  'recon.showList': 'Show the items of {figure}',

  'report.suspect': 'Suspect scans',
  'report.suspectNote': 'items with a scan dated before their request',
  'report.timedNote': 'first acceptance to delivery, over {n} items',
};
