/**
 * PostgreSQL array literals for the `$n::text[]` and `$n::bigint[]` parameters of bulk statements
 * (`unnest`, `= ANY`). node-postgres turns a JavaScript array into the same text, but escapes every
 * element with two regular expressions into a new string first; at a million scans that was a fifth
 * of the server's thread (docs/benchmarks.md). Here every element is quoted, and escaped only when it
 * holds a quote or a backslash, the two characters a quoted element must escape.
 */
export function textArray<T>(rows: readonly T[], value: (row: T, index: number) => string | null | undefined): string {
  return arrayLiteral(rows, value, (v) => (v.includes('"') || v.includes('\\') ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`));
}

/** Integers (instants, ids, counts) as an array literal; null and undefined as NULL. */
export function integerArray<T>(rows: readonly T[], value: (row: T, index: number) => number | null | undefined): string {
  return arrayLiteral(rows, value, (v, i) => {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${v} (element ${i}) is not an integer`);
    return String(v);
  });
}

function arrayLiteral<T, V>(rows: readonly T[], value: (row: T, index: number) => V | null | undefined, element: (v: V, index: number) => string): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out += ',';
    const v = value(rows[i]!, i);
    out += v === null || v === undefined ? 'NULL' : element(v, i);
  }
  return `${out}}`;
}

/** Strings as a text array literal. */
export const texts = (values: readonly string[]): string => textArray(values, (v) => v);
