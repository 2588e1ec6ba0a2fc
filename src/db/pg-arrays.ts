import { BinaryWriter } from './pg-binary.js';

/**
 * Array parameters for the `$n::text[]`, `$n::bigint[]` and `$n::int[]` of bulk statements (`unnest`,
 * `= ANY`), in PostgreSQL's binary array format. node-postgres sends a Buffer parameter as binary,
 * and PostgreSQL reads it with `array_recv`: each element is a length and its bytes, so nothing is
 * quoted or escaped on our side or parsed character by character on the server's. A JavaScript array
 * would go as text, each element escaped into a new string and the whole joined (a fifth of the
 * server's thread at a million scans, docs/benchmarks.md).
 *
 * The element type written must be the one the statement casts the parameter to: PostgreSQL refuses
 * `binary data has array element type …` otherwise. So each writer is named for its SQL type.
 */

const TEXT_OID = 25;
const INT8_OID = 20;
const INT4_OID = 23;

type Value<T, V> = (row: T, index: number) => V | null | undefined;

/** Texts, for a `$n::text[]` parameter; null and undefined as NULL. */
export function textArray<T>(rows: readonly T[], value: Value<T, string>): Buffer {
  return array(rows, value, TEXT_OID, 16, (w, v) => w.text(v));
}

/** Integers of 64 bits (instants, ids), for a `$n::bigint[]` parameter; null and undefined as NULL. */
export function bigintArray<T>(rows: readonly T[], value: Value<T, number>): Buffer {
  return array(rows, value, INT8_OID, 12, (w, v, i) => w.int8(v, i));
}

/** Integers of 32 bits (visits, offsets, positions), for a `$n::int[]` parameter; null and undefined as NULL. */
export function intArray<T>(rows: readonly T[], value: Value<T, number>): Buffer {
  return array(rows, value, INT4_OID, 8, (w, v, i) => w.int4(v, i));
}

/** ndim, has-nulls flag, element type, then the one dimension's length and lower bound; an empty array has no dimension. */
function array<T, V>(rows: readonly T[], value: Value<T, V>, oid: number, bytesEach: number, write: (w: BinaryWriter, v: V, index: number) => void): Buffer {
  const w = new BinaryWriter(20 + rows.length * bytesEach);
  w.int32(rows.length === 0 ? 0 : 1);
  w.int32(0);
  w.int32(oid);
  if (rows.length === 0) return w.done();
  w.int32(rows.length);
  w.int32(1);
  let nulls = false;
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]!, i);
    if (v === null || v === undefined) {
      nulls = true;
      w.null();
    } else write(w, v, i);
  }
  if (nulls) w.setInt32(1, 4);
  return w.done();
}

/** Strings as a `$n::text[]` parameter. */
export const texts = (values: readonly string[]): Buffer => textArray(values, (v) => v);
