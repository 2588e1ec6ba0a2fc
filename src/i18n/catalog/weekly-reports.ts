import type { Texts } from './texts.js';

/** Refusals of the weekly report's routes (decision 0047). */
export const WEEKLY_REPORT_TEXTS = {
  'schema.isoWeek': { zh: '须为 ISO 周 YYYY-Www，如 2026-W48', en: 'must be an ISO week YYYY-Www, e.g. 2026-W48' },
  'schema.weeklyScope': { zh: '须给出 program（项目代码）或 division（省、市代码）之一，且只给一个', en: 'give one of program (a program code) or division (a province or city code), not both' },
  'schema.divisionCode': { zh: '须为 6 位行政区划代码，如 420500', en: 'must be a 6-digit division code, e.g. 420500' },
  'weekly.noSuchWeek': { zh: '{year} 年没有第 {week} 周（该年共 {weeks} 周）', en: '{year} has no week {week} (it has {weeks})' },
  'weekly.weekTooEarly': { zh: '周 {week} 早于可查询的最早日期 {first}', en: 'week {week} is before the first day that can be asked for ({first})' },
  'weekly.weekNotStarted': { zh: '周 {week} 尚未开始（从 {monday} 起）', en: 'week {week} has not begun (it begins {monday})' },
  'weekly.notProvinceOrCity': { zh: '{code} 不是省级或市级行政区划代码', en: '{code} is not a province or city code' },
  'weekly.divisionForStaff': { zh: '按地区的周报只向邮政工作人员提供；合作方请按项目查询', en: "a division's report is for the post's staff; a partner asks for its program's" },
  'weekly.notFound': { zh: '未找到该周报', en: 'no such weekly report' },
  'weekly.badCursor': { zh: '无效的翻页游标 “{cursor}”', en: 'invalid cursor "{cursor}"' },
} as const satisfies Record<string, Texts>;
