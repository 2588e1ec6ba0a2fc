import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BinaryWriter } from './pg-binary.js';

/** A column of a binary COPY, in the order the COPY statement names them. */
export type CopyColumn<T> =
  | { type: 'text'; value: (row: T, index: number) => string | null | undefined }
  | { type: 'bigint' | 'integer'; value: (row: T, index: number) => number | null | undefined };

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Rows in COPY's binary format (`COPY … FROM STDIN (FORMAT binary)`): the signature, no flags and no
 * header extension, then per row its number of fields and each field's length and bytes, then -1.
 * The column types must be the table's: PostgreSQL reads the bytes as the column's type.
 */
export function binaryCopyRows<T>(rows: readonly T[], columns: readonly CopyColumn<T>[]): Buffer {
  const w = new BinaryWriter(SIGNATURE.length + 10 + rows.length * (2 + columns.length * 12));
  w.bytes(SIGNATURE);
  w.int32(0);
  w.int32(0);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    w.int16(columns.length);
    for (const c of columns) {
      const v = c.value(row, i);
      if (v === null || v === undefined) w.null();
      else if (c.type === 'text') w.text(v as string);
      else if (c.type === 'bigint') w.int8(v as number, i);
      else w.int4(v as number, i);
    }
  }
  w.int16(-1);
  return w.done();
}

/** Runs a `COPY … FROM STDIN` on the client (inside its transaction, if one is open) with `data` as its input. */
export async function copyIn(client: Pick<pg.PoolClient, 'query'>, statement: string, data: Buffer): Promise<void> {
  await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
}
