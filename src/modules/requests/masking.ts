/**
 * Document numbers as citizens' pages show them. ID, phone and name masks live in domain/
 * (resident-id.ts, phone.ts, mask-name.ts).
 */

/** `********0123`: only the last four characters kept; four or fewer are starred entirely. */
export function maskDocumentNo(documentNo: string): string {
  const chars = [...documentNo];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}
