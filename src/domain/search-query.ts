// What one search box's text may be: the kinds of key customer service searches by, recognised from
// the text alone. Text that fits several kinds (digits may be a phone number, a document number or
// the agency's reference) is searched as each of them.
import { parseMobileNumber } from './phone.js';
import { isValidS10 } from './s10.js';
import { type Message, msg } from '../i18n/message.js';
import { countCharacters, findForbiddenCharacter, normaliseText } from './text.js';

export const SEARCH_KINDS = ['trackingNo', 'phone', 'idNumber', 'name', 'documentNo', 'externalRef'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Kinds whose value is personal data: a search by them is written to the audit log (the kind, never the value). */
export const PERSONAL_SEARCH_KINDS: ReadonlySet<SearchKind> = new Set(['phone', 'idNumber', 'name']);

export const MIN_QUERY_CHARS = 2;
export const MAX_QUERY_CHARS = 64;

/** The value to look for as each kind it fits, normalised the way that kind is stored. */
export type SearchTerms = Partial<Record<SearchKind, string>>;

export type SearchQueryResult = { ok: true; terms: SearchTerms } | { ok: false; message: Message };

const ACCEPTED = msg('search.accepted');

const DOCUMENT_NO = /^[\p{L}\p{N}_./()-]+$/u;
const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;
// A name has letters (Han or Latin) and may have the spaces and middle dots of transliterated
// names (阿卜杜·热合曼, John Smith); no digits.
const NAME = /^[\p{L}][\p{L}\p{M} ·・•‧-]*$/u;

/** Reads a search box's text: which kinds it may be, or why it cannot be searched. */
export function readSearchQuery(text: string): SearchQueryResult {
  const problem = findForbiddenCharacter(text);
  if (problem) return { ok: false, message: msg('search.forbidden', { problem }) };
  const q = normaliseText(text).replace(/\s+/g, ' ');
  if (q === '') return { ok: false, message: msg('search.empty', { accepted: ACCEPTED }) };
  const length = countCharacters(q);
  if (length < MIN_QUERY_CHARS) return { ok: false, message: msg('search.tooShort', { min: MIN_QUERY_CHARS, accepted: ACCEPTED }) };
  if (length > MAX_QUERY_CHARS) return { ok: false, message: msg('search.tooLong', { max: MAX_QUERY_CHARS, accepted: ACCEPTED }) };

  const terms: SearchTerms = {};
  const compact = q.replace(/[\s-]/g, '').toUpperCase();
  if (isValidS10(compact)) terms.trackingNo = compact;
  const phone = parseMobileNumber(q);
  if (phone.ok) terms.phone = phone.value;
  if (RESIDENT_ID_SHAPE.test(compact)) terms.idNumber = compact;
  if (NAME.test(q)) terms.name = q;
  if (DOCUMENT_NO.test(q)) terms.documentNo = q;
  // The agency's reference is any text of theirs, kept as sent.
  terms.externalRef = q;
  return { ok: true, terms };
}

/** The kinds a query was searched as, in the order of SEARCH_KINDS. */
export const kindsOf = (terms: SearchTerms): SearchKind[] => SEARCH_KINDS.filter((k) => terms[k] !== undefined);
