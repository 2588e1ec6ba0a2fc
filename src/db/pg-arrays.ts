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
/** ndim, has-nulls flag, element type, then the one dimension's length and lower bound. */
const HEADER_BYTES = 20;

type Value<T, V> = (row: T, index: number) => V | null | undefined;

/** Texts, for a `$n::text[]` parameter; null and undefined as NULL. */
export function textArray<T>(rows: readonly T[], value: Value<T, string>): Buffer {
  const strings: (string | null | undefined)[] = new Array(rows.length);
  let bound = HEADER_BYTES;
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]!, i);
    strings[i] = v;
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    bound += 4 + (v === null || v === undefined ? 0 : v.length * 3);
  }
  const buf = Buffer.allocUnsafe(bound);
  let at = HEADER_BYTES;
  let nulls = false;
  for (const v of strings) {
    if (v === null || v === undefined) {
      nulls = true;
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const start = at + 4;
    let length = v.length;
    // Tracking numbers, codes and unit codes are ASCII: copied by code unit, without a call into
    // the encoder per element; anything else is encoded as UTF-8 over what was copied.
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      if (c > 0x7f) {
        length = buf.write(v, start, 'utf8');
        break;
      }
      buf[start + j] = c;
    }
    buf.writeInt32BE(length, at);
    at = start + length;
  }
  return finish(buf, at, rows.length, nulls, TEXT_OID);
}

/** Integers of 64 bits (instants, ids), for a `$n::bigint[]` parameter; null and undefined as NULL. */
export function bigintArray<T>(rows: readonly T[], value: Value<T, number>): Buffer {
  return fixedWidth(rows, value, INT8_OID, 8, (buf, v, at) => {
    const high = Math.floor(v / 0x1_0000_0000);
    buf.writeInt32BE(high, at);
    buf.writeUInt32BE(v - high * 0x1_0000_0000, at + 4);
  });
}

/** Integers of 32 bits (visits, offsets, positions), for a `$n::int[]` parameter; null and undefined as NULL. */
export function intArray<T>(rows: readonly T[], value: Value<T, number>): Buffer {
  return fixedWidth(rows, value, INT4_OID, 4, (buf, v, at, i) => {
    if (v < -0x8000_0000 || v > 0x7fff_ffff) throw new RangeError(`${v} (element ${i}) does not fit in 32 bits`);
    buf.writeInt32BE(v, at);
  });
}

function fixedWidth<T>(
  rows: readonly T[],
  value: Value<T, number>,
  oid: number,
  width: number,
  write: (buf: Buffer, v: number, at: number, index: number) => void,
): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_BYTES + rows.length * (4 + width));
  let at = HEADER_BYTES;
  let nulls = false;
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]!, i);
    if (v === null || v === undefined) {
      nulls = true;
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    if (!Number.isSafeInteger(v)) throw new RangeError(`${v} (element ${i}) is not an integer`);
    buf.writeInt32BE(width, at);
    write(buf, v, at + 4, i);
    at += 4 + width;
  }
  return finish(buf, at, rows.length, nulls, oid);
}

/** Writes the header; an empty array has no dimension. */
function finish(buf: Buffer, end: number, length: number, nulls: boolean, oid: number): Buffer {
  if (length === 0) {
    buf.writeInt32BE(0, 0);
    buf.writeInt32BE(0, 4);
    buf.writeUInt32BE(oid, 8);
    return buf.subarray(0, 12);
  }
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(nulls ? 1 : 0, 4);
  buf.writeUInt32BE(oid, 8);
  buf.writeInt32BE(length, 12);
  buf.writeInt32BE(1, 16);
  return buf.subarray(0, end);
}

/** Strings as a `$n::text[]` parameter. */
export const texts = (values: readonly string[]): Buffer => textArray(values, (v) => v);
