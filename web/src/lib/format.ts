// Numbers, money and times as Chinese operations software shows them.

/** Reports cut days in the server's zone (SONGDA_TZ); Asia/Shanghai unless configured otherwise. */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';

const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today (or `ms`) as the local date YYYY-MM-DD in the reporting zone. */
export function localDay(ms: number = Date.now()): string {
  return DAY_FORMAT.format(new Date(ms));
}

/** YYYY-MM-DD plus n days (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const REPORT_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: REPORT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant in the reporting zone, "YYYY-MM-DD HH:mm:ss": how every list shows times. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : REPORT_TIME.format(new Date(ms));
}

const WRITTEN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/;

/**
 * A scan's time as the scanner wrote it (its own offset): the local time at the site. Scanners in
 * another zone are rare; `foreignOffset` says when it is one.
 */
export function writtenTime(iso: string): string {
  const m = WRITTEN.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ':00'}` : iso;
}

/** The offset of an ISO instant when it is not the reporting zone's (+08:00), e.g. "UTC+09:00". */
export function foreignOffset(iso: string): string | undefined {
  const m = /([+-]\d{2}:\d{2}|Z)$/.exec(iso);
  if (!m || m[1] === '+08:00') return undefined;
  return m[1] === 'Z' ? 'UTC' : `UTC${m[1]}`;
}

const COUNT = new Intl.NumberFormat('zh-CN');

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : COUNT.format(n);
}

/**
 * A rate as a percentage. Break-point rates are tiny (Ningxia published 0.0033 %), so small rates
 * keep four decimals where a delivery rate needs two.
 */
export function percent(rate: number | null | undefined, digits?: number): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '–';
  const places = digits ?? (rate !== 0 && Math.abs(rate) < 0.01 ? 4 : 2);
  return `${(rate * 100).toFixed(places)}%`;
}

/** Fen as yuan with two decimals: 123456 → "¥1,234.56". Integer arithmetic, no float rounding. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '–';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${COUNT.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

/** Hours as "36.5 h", or "–". */
export function hours(h: number | null | undefined): string {
  return h === null || h === undefined ? '–' : `${Number(h.toFixed(1))} h`;
}

/** S10 tracking numbers are written in capitals without spaces; people paste them every which way. */
export function normalizeTrackingNo(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export const S10_PATTERN = /^[A-Z]{2}\d{9}[A-Z]{2}$/;
