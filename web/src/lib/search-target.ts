import { S10_PATTERN, normalizeTrackingNo } from './format';

/** Shortest query the search answers (the server refuses shorter ones). */
export const MIN_SEARCH_CHARS = 2;

/**
 * Where the one search box goes: a tracking number straight to its item, anything else to the results
 * page, which searches it as every kind it may be. Undefined for text too short to search.
 */
export function searchTarget(text: string): string | undefined {
  const q = text.trim();
  if ([...q].length < MIN_SEARCH_CHARS) return undefined;
  const no = normalizeTrackingNo(q);
  if (S10_PATTERN.test(no)) return `/items/${encodeURIComponent(no)}`;
  return `/search?q=${encodeURIComponent(q)}`;
}
