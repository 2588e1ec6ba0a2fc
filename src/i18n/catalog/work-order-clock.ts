import type { Texts } from './texts.js';

/** A work order's business calendar, as a unit stores it: each refusal names the field. */
export const WORK_ORDER_CLOCK_TEXTS = {
  'clock.notObject': { zh: '工作日历应为对象', en: 'calendar: expected an object' },
  'clock.timeZone': {
    zh: 'timeZone：{value} 不是 IANA 时区（例如 Asia/Shanghai）',
    en: 'timeZone: {value} is not an IANA time zone (e.g. Asia/Shanghai)',
  },
  'clock.hours': {
    zh: 'hours：应为 null（全天候），或含 open、close、weekdays 的对象',
    en: 'hours: expected null (7×24), or an object with open, close and weekdays',
  },
  'clock.hoursTime': {
    zh: 'hours.{field}：{value} 不是 HH:MM 时刻（营业结束可为 24:00）',
    en: 'hours.{field}: {value} is not an HH:MM time (close may be 24:00)',
  },
  'clock.hoursOrder': {
    zh: 'hours.close：{close} 应晚于开始时刻 {open}（不支持跨夜班次）',
    en: 'hours.close: {close} must be after open {open} (shifts across midnight are not supported)',
  },
  'clock.weekdays': {
    zh: 'hours.weekdays：应为 1（周一）至 7（周日）的整数，不重复，至少一天',
    en: 'hours.weekdays: expected distinct integers 1 (Monday) to 7 (Sunday), at least one',
  },
  'clock.dates': {
    zh: '{field}：应为 YYYY-MM-DD 日期的数组，{value} 不是',
    en: '{field}: expected an array of YYYY-MM-DD dates; {value} is not one',
  },
  'clock.holidayAndWorkday': {
    zh: 'workdays：{date} 同时列为节假日与调休工作日',
    en: 'workdays: {date} is listed both as a holiday and as a make-up working day',
  },
} as const satisfies Record<string, Texts>;
