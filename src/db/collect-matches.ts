/** A query that finds rows by one key: run with `limit`, newest first. */
export type KeyLookup<Key, Row> = [key: Key, run: (limit: number) => Promise<Row[]>];

/**
 * Runs each key's lookup (at most `limit` rows each, so a caller asking one more than it shows learns
 * whether there are more) and merges what they find: one row per id, naming every key that found it,
 * newest first.
 */
export async function collectMatches<Key, Row extends { id: string; created_at: number | string }>(
  lookups: readonly KeyLookup<Key, Row>[],
  limit: number,
): Promise<(Row & { matchedBy: Key[] })[]> {
  const found = new Map<string, Row & { matchedBy: Key[] }>();
  for (const [key, run] of lookups) {
    for (const row of await run(limit)) {
      const seen = found.get(row.id);
      if (seen) seen.matchedBy.push(key);
      else found.set(row.id, { ...row, matchedBy: [key] });
    }
  }
  return [...found.values()].sort((a, b) => Number(b.created_at) - Number(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
