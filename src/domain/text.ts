/**
 * Free text a person or partner sends (names, addresses, descriptions) is printed on labels, shown in
 * the console and compared when requests are matched. Characters that cannot be stored faithfully,
 * that are invisible, or that reorder what a reader sees are refused rather than silently dropped, so
 * the sender learns which field to fix; everything else is kept as typed, in NFC.
 */
import { type Message, msg } from '../i18n/message.js';

export type TextCheck = { ok: true; value: string } | { ok: false; message: Message };

/**
 * Why `text` cannot be kept, naming the first bad character and its position (1-based, in
 * characters), or null when every character is acceptable. Line breaks and tabs count as control
 * characters: every field that uses this is one line.
 */
export function findForbiddenCharacter(text: string): Message | null {
  // One pass of the regular expression clears almost every text; only a refused one is walked to name the character.
  if (!MAYBE_FORBIDDEN.test(text)) return null;
  let position = 0;
  for (const char of text) {
    position++;
    const reason = forbiddenReason(char.codePointAt(0)!);
    if (reason) return msg('text.forbidden', { position, reason });
  }
  return null;
}

/** The text as stored: NFC (so `é` typed as e + U+0301 matches `é`), without surrounding spaces. */
export function normaliseText(text: string): string {
  // Trim after NFC: normalisation never creates spaces, but the order keeps the result obviously trimmed.
  return text.normalize('NFC').trim();
}

/** Both steps: the value to store, or why there is none. */
export function checkText(text: string): TextCheck {
  const problem = findForbiddenCharacter(text);
  return problem ? { ok: false, message: problem } : { ok: true, value: normaliseText(text) };
}

/** Length as a person counts it: one for each character, whatever its UTF-16 length (CJK extension B has two). */
export function countCharacters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * A spreadsheet cell may hold line breaks (Alt+Enter in Excel) or tabs that only laid the address
 * out on screen; they become one space each, so such a row is kept rather than refused.
 */
export function foldCellLayout(cell: string): string {
  return cell.replace(/\r\n|[\r\n\t]/g, ' ');
}

// A superset of what `forbiddenReason` refuses (every bidi control is in Cf), for the quick test.
const MAYBE_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\uFFFD]/u;

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
// Unicode general category Cf: zero-width spaces and joiners, soft hyphen, word joiner, BOM inside
// text, tag characters… none belongs in a Chinese name or address, and each makes two texts that
// look the same compare different.
const FORMAT_CHARACTER = /^\p{Cf}$/u;

function forbiddenReason(cp: number): Message | null {
  if (cp >= 0xd800 && cp <= 0xdfff) {
    // Only an unpaired half reaches here: iterating a string yields a valid pair as one code point.
    return msg('text.loneSurrogate', { unit: `\\u${cp.toString(16).toUpperCase()}` });
  }
  if (cp === 0xfffd) return msg('text.replacementCharacter', { cp: hex(cp) });
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return msg('text.controlCharacter', { cp: hex(cp) });
  if (cp === 0x2028 || cp === 0x2029) return msg('text.lineSeparator', { cp: hex(cp) });
  if (BIDI_CONTROLS.has(cp)) return msg('text.directionControl', { cp: hex(cp) });
  if (isNonCharacter(cp)) return msg('text.nonCharacter', { cp: hex(cp) });
  if (FORMAT_CHARACTER.test(String.fromCodePoint(cp))) return msg('text.formatCharacter', { cp: hex(cp) });
  return null;
}

/** U+FDD0–U+FDEF and the last two code points of every plane are reserved as never being characters. */
function isNonCharacter(cp: number): boolean {
  return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}
