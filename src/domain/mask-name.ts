/**
 * A person's name as it may be printed on a label or shown to someone who is not allowed to see it
 * whole: the first and the last letter kept, every letter between starred (`张三丰` → `张*丰`,
 * `欧阳娜娜` → `欧**娜`). A two-letter name keeps only its first (`张三` → `张*`), since first and last
 * would be the whole name; a one-letter name is left as it is, there being nothing to hide without
 * hiding it all.
 *
 * Separators (spaces, the middle dot of transliterated names such as `阿卜杜·热合曼`) are kept, so a
 * Latin or ethnic-minority name still reads as a name: `John Smith` → `J*** ****h`. Letters are counted
 * by code point, so a rare character outside the BMP is starred as one letter, never split in half.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim().replace(/\s+/g, ' '));
  const letterAt = chars.flatMap((c, i) => (SEPARATOR.test(c) ? [] : [i]));
  if (letterAt.length <= 1) return chars.join('');
  const first = letterAt[0]!;
  const last = letterAt.length === 2 ? -1 : letterAt[letterAt.length - 1]!;
  return chars.map((c, i) => (i === first || i === last || SEPARATOR.test(c) ? c : '*')).join('');
}

// Space, middle dots (·, ・, •, the Katakana one) and hyphens: kept as they are.
const SEPARATOR = /^[\s·・•‧\-]$/u;
