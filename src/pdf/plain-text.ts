// Short plain-ASCII texts in one of PDF's standard fonts, written straight into the page's content as
// text operators. pdfkit's text() lays out, measures and encodes each call anew, with one buffer per
// operator: some 8 KB of garbage per call, which a table of a million rows turns into gigabytes and
// most of its run time. A standard font's widths are a table, and a page's rows go into one buffer.

type Doc = PDFKit.PDFDocument;

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Text this writer can set: printable ASCII only (a standard font's encoding has no Chinese). */
export const isPlainAscii = (text: string) => PLAIN_ASCII.test(text);

/** A number as PDF content writes it. */
const num = (n: number) => String(Math.round(n * 100) / 100);

export class PlainText {
  readonly #doc: Doc;
  /** The font's resource name (F1, F2, …) and its indirect object, as pdfkit made them. */
  readonly #id: string;
  readonly #ref: unknown;
  /** Advance of each ASCII character at size 1. */
  readonly #widths = new Float64Array(128);
  /**
   * The page's operators as bytes, one buffer reused page after page, so that a row is not a string,
   * an array and a buffer of its own for the collector to follow. Bytes before `#start` have been
   * handed to pdfkit (flush); those up to `#length` not yet.
   */
  #bytes = Buffer.alloc(64 * 1024);
  #start = 0;
  #length = 0;
  /** The y of the line begun, as the operators write it. */
  #baseline = '0';

  constructor(doc: Doc, standardFont: string) {
    this.#doc = doc;
    doc.font(standardFont).fontSize(1000);
    for (let c = 0x20; c < 0x7f; c++) this.#widths[c] = doc.widthOfString(String.fromCharCode(c)) / 1000;
    // Hazard: pdfkit has no public handle on a font's resource name; its text() reads the same two
    // fields. If an upgrade renames them this throws here, before any page is drawn.
    const font = (doc as unknown as { _font?: { id?: unknown; ref?: () => unknown } })._font;
    if (typeof font?.id !== 'string' || typeof font.ref !== 'function') throw new Error(`pdfkit no longer exposes the ${standardFont} font's resource name`);
    this.#id = font.id;
    this.#ref = font.ref();
  }

  /**
   * Makes the font a resource of the page just added, and starts the page's text afresh; call after
   * each addPage, before writing. Hazard: the bytes of the page before were handed to pdfkit without a
   * copy (see flush); they are written over only now, because pdfkit has compressed and written that
   * page when the next one was added (it always does, unless the document buffers its pages).
   */
  usePage(): void {
    (this.#doc.page.fonts as Record<string, unknown>)[this.#id] = this.#ref;
    this.#start = 0;
    this.#length = 0;
  }

  /** The width of `text` (plain ASCII) at `size`: the sum of its advances, as it is drawn (no kerning). */
  width(text: string, size: number): number {
    let units = 0;
    for (let i = 0; i < text.length; i++) units += this.#widths[text.charCodeAt(i)]!;
    return units * size;
  }

  /** Starts a line of texts on `baseline`, in pdfkit's coordinates (from the top of the page). */
  begin(size: number, baseline: number): void {
    const height = this.#doc.page.height;
    // pdfkit's pages are drawn upside down (y grows downwards); text is turned back for each object.
    this.#put(`q\n1 0 0 -1 0 ${num(height)} cm\nBT\n/${this.#id} ${num(size)} Tf\n`);
    this.#baseline = num(height - baseline);
  }

  /** `text` (plain ASCII) starting at `x` on the line begun. */
  add(text: string, x: number): void {
    this.#put(`1 0 0 1 ${num(x)} ${this.#baseline} Tm\n(${text.replace(/[\\()]/g, '\\$&')}) Tj\n`);
  }

  /** Ends the line; it is written into the page's content at the next flush. */
  end(): void {
    this.#put('ET\nQ\n');
  }

  /**
   * Writes the lines ended since the last flush into the page's content, in the fill colour then set.
   * Call before drawing anything else through pdfkit (so the content keeps the order of reading) and
   * before the page ends.
   */
  flush(): void {
    if (this.#length === this.#start) return;
    this.#doc.addContent(this.#bytes.subarray(this.#start, this.#length));
    this.#start = this.#length;
  }

  #put(ops: string): void {
    if (this.#length + ops.length > this.#bytes.length) {
      // The bytes already flushed stay where pdfkit holds them; later ones go to a larger buffer.
      const larger = Buffer.alloc(Math.max(this.#bytes.length * 2, (this.#length - this.#start + ops.length) * 2));
      this.#bytes.copy(larger, 0, this.#start, this.#length);
      this.#length -= this.#start;
      this.#start = 0;
      this.#bytes = larger;
    }
    this.#length += this.#bytes.write(ops, this.#length, 'latin1');
  }
}
