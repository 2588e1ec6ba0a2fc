import { type WriteTx, preparedFor } from '../../db/write-tx.js';
import type { ProgramRequirements } from './program.service.js';

/**
 * Whether a delivery of the program needs proof that only a recorded outcome carries (decision
 * 0038): who took it (`recipientOnly`), an ID number that matched (`idCheck`), the bank's activation
 * result (`activationBank`). A program that asks none of them is satisfied by a plain DELIVERED scan.
 */
export function requiresProof(requirements: Partial<ProgramRequirements>): boolean {
  return requirements.recipientOnly === true || requirements.idCheck === true || Boolean(requirements.activationBank);
}

/**
 * Of these program codes, those whose deliveries require proof; read inside the scan write path's
 * transaction, so a program changed just before is seen as it is now.
 */
export async function programsRequiringProof(tx: WriteTx, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows =
    tx.engine === 'sqlite'
      ? (statements(tx.sqlite).all(JSON.stringify(codes)) as ProgramRow[])
      : (await tx.client.query<ProgramRow>('SELECT code, requirements FROM programs WHERE code = ANY($1)', [codes])).rows;
  return new Set(rows.filter((r) => requiresProof(JSON.parse(r.requirements) as ProgramRequirements)).map((r) => r.code));
}

const statements = preparedFor((sqlite) => sqlite.prepare('SELECT code, requirements FROM programs WHERE code IN (SELECT value FROM json_each(?))'));

interface ProgramRow {
  code: string;
  requirements: string;
}
