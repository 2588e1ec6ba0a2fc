// Weekly reports built by hand, as the report's figures would come to the file writers: a program's
// week 2026-W48 in Shanghai, three cities, four units, a few problem items and a rate with no
// denominator (no program of the scope names an activation bank).
import { formatS10 } from '../src/domain/s10.js';
import { SCALAR_FIGURES, type TProblemItem, type TWeekFigures, type TWeeklyReport } from '../src/modules/weekly-report/weekly-report.schemas.js';

export const THIS_WEEK: TWeekFigures = {
  requests: 1_250,
  mailed: 1_200,
  conversionRate: 0.96,
  delivered: 1_182,
  deliveryRate: 0.985,
  slaDue: 1_100,
  withinSla: 1_067,
  withinSlaRate: 0.97,
  medianHoursToDeliver: 41.5,
  attempted: 1_190,
  firstAttemptDelivered: 1_150,
  firstAttemptRate: 1_150 / 1_190,
  returns: 6,
  breakpointItems: 1_300,
  itemsWithBreakpoint: 26,
  breakpointRate: 0.02,
  worstUnits: [
    { unit: '44300001', name: '宜昌市西陵区揽投部', open: 9 },
    { unit: '44300002', name: '宜昌市伍家岗区揽投部', open: 7 },
    { unit: '44100001', name: '武汉邮区中心', open: 4 },
  ],
  workOrders: { enquiry: 12, complaint: 3, address_change: 5, redelivery: 4, loss_report: 1, other: 0 },
  complaintsPer10k: 25,
  resolved: 20,
  resolvedOnTime: 18,
  resolutionOnTimeRate: 0.9,
  activationDue: 0,
  activated: 0,
  activationRate: null,
};

export const LAST_WEEK: TWeekFigures = {
  requests: 1_100,
  mailed: 1_000,
  conversionRate: 0.95,
  delivered: 970,
  deliveryRate: 0.97,
  slaDue: 900,
  withinSla: 855,
  withinSlaRate: 0.95,
  medianHoursToDeliver: 44,
  attempted: 985,
  firstAttemptDelivered: 940,
  firstAttemptRate: 940 / 985,
  returns: 9,
  breakpointItems: 1_050,
  itemsWithBreakpoint: 42,
  breakpointRate: 0.04,
  worstUnits: [
    { unit: '44300002', name: '宜昌市伍家岗区揽投部', open: 11 },
    { unit: '44600001', name: '襄阳市樊城区揽投部', open: 6 },
  ],
  workOrders: { enquiry: 10, complaint: 5, address_change: 2, redelivery: 6, loss_report: 0, other: 1 },
  complaintsPer10k: 50,
  resolved: 16,
  resolvedOnTime: 12,
  resolutionOnTimeRate: 0.75,
  activationDue: 0,
  activated: 0,
  activationRate: null,
};

/** Problem item `n`: overdue, returned and break-point in turn, five minutes apart from Monday 09:00 on. */
export function problemItem(n: number): TProblemItem {
  const problem = (['overdue', 'returned', 'breakpoint'] as const)[n % 3]!;
  return {
    trackingNo: formatS10('EA', 20_000_000 + n),
    programCode: 'VET2026',
    deliveryOffice: '44300001',
    problem,
    since: new Date(Date.parse('2026-11-23T01:00:00Z') + n * 300_000).toISOString(),
    detail: problem === 'breakpoint' ? '下段未扫描，宜昌市西陵区揽投部' : null,
  };
}

export const problemItems = (count: number): TProblemItem[] => Array.from({ length: count }, (_, i) => problemItem(i + 1));

/** The report of program VET2026 for 2026-W48; its `change` is figures − previous. */
export function weeklyReport(overrides: Partial<TWeeklyReport> = {}): TWeeklyReport {
  const change = Object.fromEntries(
    SCALAR_FIGURES.map((k) => {
      const [now, before] = [THIS_WEEK[k], LAST_WEEK[k]];
      return [k, now === null || before === null ? null : now - before];
    }),
  ) as TWeeklyReport['change'];
  const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
  const mailed = [200, 260, 240, 230, 270, 0, 0];
  const delivered = [197, 256, 236, 227, 266, 0, 0];
  return {
    week: '2026-W48',
    from: '2026-11-23',
    to: '2026-11-29',
    timeZone: 'Asia/Shanghai',
    scope: { kind: 'program', code: 'VET2026', name: '退役军人优待证寄递' },
    generatedAt: '2026-11-30T01:00:00.000Z',
    figures: THIS_WEEK,
    previous: LAST_WEEK,
    change,
    daily: days.map((date, i) => ({
      date,
      requests: mailed[i]! + 10,
      mailed: mailed[i]!,
      delivered: delivered[i]!,
      deliveryRate: mailed[i] === 0 ? null : delivered[i]! / mailed[i]!,
    })),
    byCity: [
      { code: '420500', name: '宜昌市', mailed: 700, delivered: 690, deliveryRate: 690 / 700, returns: 4, overdue: 3, breakpointItems: 760, itemsWithBreakpoint: 19, breakpointRate: 0.025 },
      { code: '420100', name: '武汉市', mailed: 300, delivered: 296, deliveryRate: 296 / 300, returns: 1, overdue: 1, breakpointItems: 330, itemsWithBreakpoint: 4, breakpointRate: 4 / 330 },
      { code: '420600', name: '襄阳市', mailed: 200, delivered: 196, deliveryRate: 0.98, returns: 1, overdue: 0, breakpointItems: 210, itemsWithBreakpoint: 3, breakpointRate: 3 / 210 },
    ],
    byUnit: [
      { code: '44300001', name: '宜昌市西陵区揽投部', city: '宜昌市', mailed: 400, delivered: 393, deliveryRate: 393 / 400, returns: 3, overdue: 2, openBreakpoints: 9 },
      { code: '44300002', name: '宜昌市伍家岗区揽投部', city: '宜昌市', mailed: 300, delivered: 297, deliveryRate: 0.99, returns: 1, overdue: 1, openBreakpoints: 7 },
      { code: '44100002', name: '武汉市江汉区揽投部', city: '武汉市', mailed: 300, delivered: 296, deliveryRate: 296 / 300, returns: 1, overdue: 1, openBreakpoints: 2 },
      { code: '44600001', name: '襄阳市樊城区揽投部', city: '襄阳市', mailed: 200, delivered: 196, deliveryRate: 0.98, returns: 1, overdue: 0, openBreakpoints: 1 },
    ],
    problemItems: problemItems(5),
    problemItemsTotal: 5,
    ...overrides,
  };
}
