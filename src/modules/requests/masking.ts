/**
 * Masks for what citizens' pages and printed sheets show. ID and phone masks live with their parsers
 * (domain/resident-id.ts, domain/phone.ts); these cover names and document numbers.
 */

/** `张**`: the family name (first character) kept, the rest starred. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `********0123`: only the last four characters kept; four or fewer are starred entirely. */
export function maskDocumentNo(documentNo: string): string {
  const chars = [...documentNo];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}
