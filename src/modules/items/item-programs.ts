import { type WriteTx, preparedFor } from '../../db/write-tx.js';

const statements = preparedFor((sqlite) =>
  sqlite.prepare('SELECT tracking_no, program_code FROM items WHERE program_code IS NOT NULL AND tracking_no IN (SELECT value FROM json_each(?))'),
);

/** The program of each of these items that has one, read inside the caller's write transaction. */
export async function itemProgramCodes(tx: WriteTx, trackingNos: readonly string[]): Promise<Map<string, string>> {
  if (trackingNos.length === 0) return new Map();
  const rows =
    tx.engine === 'sqlite'
      ? (statements(tx.sqlite).all(JSON.stringify(trackingNos)) as ItemProgramRow[])
      : (await tx.client.query<ItemProgramRow>('SELECT tracking_no, program_code FROM items WHERE program_code IS NOT NULL AND tracking_no = ANY($1)', [trackingNos])).rows;
  return new Map(rows.map((r) => [r.tracking_no, r.program_code]));
}

interface ItemProgramRow {
  tracking_no: string;
  program_code: string;
}
