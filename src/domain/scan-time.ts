/**
 * ISO 8601 instants as scanners write them. An offset (Z or ±HH:MM) is required: a local time alone
 * cannot be placed on the timeline.
 */
export type ParsedInstant = { ok: true; ms: number; offsetMin: number } | { ok: false; message: string };

const ISO_WITH_OPTIONAL_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseInstant(value: string): ParsedInstant {
  const m = ISO_WITH_OPTIONAL_OFFSET.exec(value);
  if (!m) return { ok: false, message: `"${value}" is not an ISO 8601 date-time (e.g. 2026-11-21T09:30:00+08:00)` };
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  if (offset === undefined) {
    return { ok: false, message: `"${value}" has no UTC offset: add Z or ±HH:MM (e.g. 2026-11-21T09:30:00+08:00)` };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `"${value}" is not a real date and time` };
  }
  const offsetMin = parseOffset(offset);
  if (offsetMin === undefined || Math.abs(offsetMin) > 18 * 60) {
    return { ok: false, message: `"${value}" has an impossible UTC offset` };
  }
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMin * 60_000;
  return { ok: true, ms, offsetMin };
}

function parseOffset(offset: string): number | undefined {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  if (digits.length !== 2 && digits.length !== 4) return undefined;
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length === 4 ? Number(digits.slice(2)) : 0;
  if (minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant written back with the offset it was scanned in: 2026-11-21T09:30:00.000+08:00. */
export function formatInstant(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
