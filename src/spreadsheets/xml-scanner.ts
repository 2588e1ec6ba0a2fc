// A forward-only scanner of the XML in an XLSX part, fed the text in chunks as it is inflated. It cuts
// the text into tags and the text between them, and nothing more: SpreadsheetML needs no DTD, no
// entity declarations and no namespaces beyond a prefix, and a DTD is refused.
//
// Each character is looked at a bounded number of times: the end of a tag is searched only in what
// arrived since the last search, and a tag longer than `maxMarkupChars` is an error rather than a
// reason to keep reading. (Regular expressions such as `<c[^>]*>` would rescan the rest of the text
// from every `<c` when no `>` follows, which is quadratic on a hostile file.)
import { type Message, msg } from '../i18n/message.js';
import { TableFileError } from './table-limits.js';

export type XmlToken =
  /** A start tag; `name` without its namespace prefix; `attrs` the raw text after the name. */
  | { kind: 'open'; name: string; attrs: string; selfClosing: boolean }
  | { kind: 'close'; name: string }
  /** Character data as written (entities not yet decoded); one text may come in several tokens. */
  | { kind: 'text'; text: string };

const LT = 60; // <

export class XmlScanner {
  /** Unconsumed text: empty, or a piece of markup whose end has not arrived yet. */
  private pending = '';
  /** Where in `pending` to go on searching for the end of its markup. */
  private searchFrom = 0;
  /** Characters consumed so far, whole tokens only. */
  consumed = 0;

  constructor(
    private readonly part: Message,
    private readonly maxMarkupChars: number,
  ) {}

  *feed(chunk: string): Generator<XmlToken> {
    const buf = this.pending + chunk;
    let pos = 0;
    let from = this.searchFrom;
    for (;;) {
      if (buf.charCodeAt(pos) !== LT) {
        const lt = buf.indexOf('<', pos);
        const end = lt < 0 ? buf.length : lt;
        if (end > pos) {
          this.consumed += end - pos;
          yield { kind: 'text', text: buf.slice(pos, end) };
        }
        if (lt < 0) {
          pos = buf.length;
          break;
        }
        pos = lt;
        from = lt + 1;
      }
      const closer = markupEnd(buf, pos);
      if (closer === undefined) break; // '<!' at the end of the chunk: a comment or CDATA not yet told apart
      const end = buf.indexOf(closer, Math.max(from, pos + 1));
      if (end < 0) {
        if (buf.length - pos > this.maxMarkupChars) {
          throw new TableFileError(msg('xml.tagTooLong', { part: this.part, max: this.maxMarkupChars }));
        }
        from = Math.max(pos + 1, buf.length - closer.length + 1);
        break;
      }
      const next = end + closer.length;
      const token = tokenOf(buf, pos, next, this.part);
      this.consumed += next - pos;
      pos = next;
      from = pos + 1;
      if (token) yield token;
    }
    this.pending = buf.slice(pos);
    this.searchFrom = Math.max(0, from - pos);
  }

  /** Call when the text has ended: throws when it ends inside a tag. */
  end(): void {
    if (this.pending !== '') throw new TableFileError(msg('xml.endsInTag', { part: this.part }));
  }
}

function markupEnd(buf: string, pos: number): string | undefined {
  if (buf.startsWith('<!--', pos)) return '-->';
  if (buf.startsWith('<![CDATA[', pos)) return ']]>';
  if (buf.charCodeAt(pos + 1) === 33 /* ! */ && buf.length - pos < 9 && ('<![CDATA['.startsWith(buf.slice(pos)) || '<!--'.startsWith(buf.slice(pos)))) return undefined;
  if (buf.startsWith('<?', pos)) return '?>';
  return '>';
}

function tokenOf(buf: string, start: number, end: number, part: Message): XmlToken | undefined {
  const second = buf.charCodeAt(start + 1);
  if (second === 63 /* ? */) return undefined; // <?xml …?>
  if (second === 33 /* ! */) {
    if (buf.startsWith('<![CDATA[', start)) {
      // Kept as escaped text, so that it decodes like any other text.
      return { kind: 'text', text: buf.slice(start + 9, end - 3).replaceAll('&', '&amp;') };
    }
    if (buf.startsWith('<!--', start)) return undefined;
    throw new TableFileError(msg('xml.dtd', { part }));
  }
  const closing = second === 47; /* / */
  const selfClosing = !closing && buf.charCodeAt(end - 2) === 47;
  const innerEnd = end - (selfClosing ? 2 : 1);
  let nameStart = start + (closing ? 2 : 1);
  let nameEnd = nameStart;
  for (let c = buf.charCodeAt(nameEnd); nameEnd < innerEnd && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 47; c = buf.charCodeAt(++nameEnd)) {
    if (c === 58 /* : */) nameStart = nameEnd + 1;
  }
  const name = buf.slice(nameStart, nameEnd);
  if (closing) return { kind: 'close', name };
  return { kind: 'open', name, attrs: buf.slice(nameEnd, innerEnd), selfClosing };
}

/**
 * The value of an attribute in a start tag's `attrs`. `name` is matched whole (`r`, `t`), or, given as
 * `*:id`, under any prefix. A scan from left to right, so that a tag full of unclosed quotes costs its
 * length, not its length squared.
 */
export function attribute(attrs: string, name: string): string | undefined {
  const suffix = name.startsWith('*:') ? name.slice(1) : undefined;
  let at = 0;
  while (at < attrs.length) {
    const eq = attrs.indexOf('=', at);
    if (eq < 0) return undefined;
    const key = attrs.slice(at, eq).trim();
    let open = eq + 1;
    while (isSpace(attrs.charCodeAt(open))) open++;
    const quote = attrs[open];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = attrs.indexOf(quote, open + 1);
    if (close < 0) return undefined;
    if (suffix ? key.endsWith(suffix) : key === name) return attrs.slice(open + 1, close);
    at = close + 1;
  }
  return undefined;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
