import { describe, expect, it } from 'vitest';
import { createPersonalDataCipher } from '../../domain/personal-data.js';
import { newMobile, newResidentId } from '../../../test/factories-programs.js';
import { addToChunk, chunkIdHashes, emptyRecipientChunk, previousIdHashes, recipientRowsOf, rowsSealed, sealChunkRows } from './recipient-import-chunk.js';
import { recipientIdHash } from './recipient.service.js';

const cipher = createPersonalDataCipher(Buffer.alloc(32, 7));

function chunkOf(rows: number) {
  const chunk = emptyRecipientChunk();
  for (let i = 0; i < rows; i++) {
    addToChunk(chunk, { name: `收件人${i}`, idNumber: newResidentId(), phone: newMobile(), category: 'ordinary', address: `湖北省宜昌市夷陵区东湖大道${i}号`, divisionCode: '420506' });
  }
  return chunk;
}

describe('a chunk sealed partly by one thread and finished by another', () => {
  it('stores every row as a chunk sealed by one thread would be', () => {
    const chunk = chunkOf(7);
    sealChunkRows(cipher, chunk, 3);
    expect(rowsSealed(chunk)).toBe(3);
    const sealedHere = [...chunk.idSealed];
    // What travels to the writer thread is a structured clone.
    const rows = recipientRowsOf(cipher, 'P1', structuredClone(chunk), 1_000, () => 'id');

    expect(rows).toHaveLength(7);
    rows.forEach((row, i) => {
      expect(row.id_hash).toBe(recipientIdHash(cipher, chunk.idNumber[i]!));
      expect(cipher.open(row.id_sealed)).toBe(chunk.idNumber[i]);
      expect(cipher.open(row.phone_sealed)).toBe(chunk.phone[i]);
      expect(row).toMatchObject({ name: chunk.name[i], address: chunk.address[i], division_code: '420506', created_at: 1_000 });
    });
    // The rows sealed first are kept, not sealed again (a fresh IV would make them differ).
    expect(rows.slice(0, 3).map((r) => r.id_sealed)).toEqual(sealedHere);
  });

  it('seals nothing twice, however the slices fall', () => {
    const chunk = chunkOf(5);
    sealChunkRows(cipher, chunk, 2);
    sealChunkRows(cipher, chunk, 2);
    sealChunkRows(cipher, chunk, 4);
    sealChunkRows(cipher, chunk);
    expect([chunk.idHash.length, chunk.idSealed.length, chunk.phoneSealed.length]).toEqual([5, 5, 5]);
    expect(chunk.idSealed.map((s) => cipher.open(s))).toEqual(chunk.idNumber);
  });

  it('gives a dry run every ID hash without sealing', () => {
    const chunk = chunkOf(4);
    sealChunkRows(cipher, chunk, 1);
    expect(chunkIdHashes(cipher, chunk)).toEqual(chunk.idNumber.map((id) => recipientIdHash(cipher, id)));
    expect(rowsSealed(chunk)).toBe(1);
  });

  it('during a key rotation, gives each row its hash under the previous key', () => {
    const [current, previous] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const rotating = createPersonalDataCipher({ current, previous });
    const chunk = chunkOf(2);
    expect(previousIdHashes(cipher, chunk)).toBeUndefined();
    expect(previousIdHashes(rotating, chunk)).toEqual(chunk.idNumber.map((id) => recipientIdHash(createPersonalDataCipher(previous), id)));
  });
});
