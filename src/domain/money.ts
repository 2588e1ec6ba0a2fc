// Amounts are integer fen everywhere (decision 0046); people read yuan. Both conversions start from
// the integer, so no sum of floating-point yuan is ever formed.

/** Fen as yuan text with two decimals and thousands separators: 123456 → "1,234.56", -5 → "-0.05". */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount must be a whole number of fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Fen as a yuan number for a spreadsheet cell. Dividing a whole number by 100 gives the double nearest
 * to the exact decimal (IEEE division is correctly rounded), the same one Excel reads from "1234.56",
 * so a cell shown with two decimals always shows the exact amount.
 */
export function yuanOf(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount must be a whole number of fen, got ${fen}`);
  return fen / 100;
}
