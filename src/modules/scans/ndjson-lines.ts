import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../errors.js';
import { bodyTooLargeMessage } from '../../http/error-handler.js';

export interface NdjsonLine {
  /** 1-based line number in the body. */
  line: number;
  text: string;
}

/**
 * Reads NDJSON from a stream line by line as it arrives, so a request of 100,000 lines is never held
 * as one string. Counts bytes itself (the framework's body limit does not apply to a streamed body).
 */
export async function* readNdjsonLines(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number): AsyncGenerator<NdjsonLine> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let line = 0;
  let rest = '';
  for await (const chunk of stream) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (bytes > maxBytes) throw bodyTooLarge(maxBytes);
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield { line: ++line, text: text.slice(start, end) };
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield { line: ++line, text: rest };
}

/** The same, over a body already read into a string. */
export function* splitNdjsonLines(body: string): Generator<NdjsonLine> {
  let line = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const text = body.slice(start, end);
    line++;
    if (end < body.length || text.length > 0) yield { line, text };
    start = end + 1;
  }
}

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', bodyTooLargeMessage(maxBytes));
}
