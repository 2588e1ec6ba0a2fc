/**
 * Time in the simulation: epoch milliseconds on whole seconds, shown in Asia/Shanghai local time
 * (+08:00). Asia/Shanghai has had no daylight saving since 1991, so local time is UTC+8 all year and a
 * fixed offset is exact.
 */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const OFFSET_MS = 8 * HOUR;
export const TIME_ZONE = 'Asia/Shanghai';

/** Epoch ms of 00:00 local on the local day of `ms`. */
export function localDayStart(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY) * DAY - OFFSET_MS;
}

/** Minutes after local midnight of an `HH:MM` clock time; RangeError when it is not one. */
export function parseClockTime(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a local time HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const SECONDS_WITH_OFFSET = TWO_DIGITS.map((ss) => `${ss}+08:00`);

/**
 * Formats instants as local +08:00 text without a Date per call: the text up to the minute is kept,
 * so a stream in time order pays one concatenation a scan. Any order is correct, only slower.
 */
export class LocalClock {
  readonly #dates = new Map<number, string>();
  #minute = Number.NaN;
  #minuteText = '';

  format(ms: number): string {
    const local = ms + OFFSET_MS;
    const minute = Math.floor(local / MINUTE);
    if (minute !== this.#minute) {
      const day = Math.floor(local / DAY);
      let date = this.#dates.get(day);
      if (date === undefined) {
        date = new Date(day * DAY).toISOString().slice(0, 11);
        this.#dates.set(day, date);
      }
      const minuteOfDay = minute - day * 1440;
      this.#minute = minute;
      this.#minuteText = `${date}${TWO_DIGITS[Math.floor(minuteOfDay / 60)]}:${TWO_DIGITS[minuteOfDay % 60]}:`;
    }
    return this.#minuteText + SECONDS_WITH_OFFSET[Math.floor((local - minute * MINUTE) / SECOND)];
  }
}
