/**
 * PostgreSQL's binary representation of values, as array parameters (pg-arrays.ts) and COPY rows
 * (pg-copy.ts) carry them: each value a 32-bit length (-1 for NULL) and its bytes; text as UTF-8,
 * bigint as 8 bytes and integer as 4, big-endian.
 */
export class BinaryWriter {
  private buf: Buffer;
  at = 0;

  constructor(expectedBytes: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, expectedBytes));
  }

  int16(v: number): void {
    this.room(2);
    this.buf.writeInt16BE(v, this.at);
    this.at += 2;
  }

  int32(v: number): void {
    this.room(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.at);
    this.at += b.length;
  }

  null(): void {
    this.int32(-1);
  }

  /** A text value with its length. */
  text(v: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    this.room(4 + v.length * 3);
    const buf = this.buf;
    const start = this.at + 4;
    let length = v.length;
    // Tracking numbers, codes and unit codes are ASCII: copied by code unit, without a call into
    // the encoder per value; anything else is encoded as UTF-8 over what was copied.
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      if (c > 0x7f) {
        length = buf.write(v, start, 'utf8');
        break;
      }
      buf[start + j] = c;
    }
    buf.writeInt32BE(length, this.at);
    this.at = start + length;
  }

  /** A bigint value with its length; `index` names the element in the error. */
  int8(v: number, index: number): void {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${v} (element ${index}) is not an integer`);
    this.room(12);
    const high = Math.floor(v / 0x1_0000_0000);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(high, this.at + 4);
    this.buf.writeUInt32BE(v - high * 0x1_0000_0000, this.at + 8);
    this.at += 12;
  }

  /** An integer value with its length; `index` names the element in the error. */
  int4(v: number, index: number): void {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${v} (element ${index}) is not an integer`);
    if (v < -0x8000_0000 || v > 0x7fff_ffff) throw new RangeError(`${v} (element ${index}) does not fit in 32 bits`);
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(v, this.at + 4);
    this.at += 8;
  }

  /** Overwrites 32 bits written before (a header field known only at the end). */
  setInt32(v: number, at: number): void {
    this.buf.writeInt32BE(v, at);
  }

  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.at + bytes, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}
