import { type Hash, createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyRequest } from 'fastify';

// What makes two requests "the same" for an Idempotency-Key: the fingerprint of
// docs/decisions/0023-idempotency-keys.md.

/** Passes the body through unchanged to the route's parser, hashing the bytes as they were received. */
export class BodyHasher extends Transform {
  private readonly hash: Hash = createHash('sha256');
  /** Fastify compares it with Content-Length when a preParsing stream replaces the body. */
  receivedEncodedLength = 0;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.receivedEncodedLength += bytes.length;
    this.hash.update(bytes);
    done(null, bytes);
  }

  /** SHA-256 (hex) of the bytes so far: the whole body once the route's parser has read it. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }
}

/** A body stream wrapped by a hasher; the client's errors (an aborted upload) reach the parser as before. */
export function hashBody(payload: NodeJS.ReadableStream): BodyHasher {
  const hasher = new BodyHasher();
  payload.on('error', (err) => hasher.destroy(err));
  payload.pipe(hasher);
  return hasher;
}

/** One part of a multipart body, read whole: what a route would have read from `req.parts()`. */
export type BufferedPart =
  | { type: 'field'; fieldname: string; value: string }
  | { type: 'file'; fieldname: string; filename: string; bytes: Buffer; error?: undefined }
  /** A file that could not be read (too large, cut short): the route answers the error when it reads it. */
  | { type: 'file'; fieldname: string; filename: string; bytes?: undefined; error: unknown };

export interface BufferedMultipart {
  parts: BufferedPart[];
  /** Why reading stopped before the end (a limit of parts or files, a malformed body). */
  error?: unknown;
}

const buffered = new WeakMap<FastifyRequest, BufferedMultipart>();

/**
 * The multipart body as read for its fingerprint, when it was: the parts stream cannot be read twice,
 * so a route reads them from here (see `tableParts` in table-upload.ts).
 */
export function bufferedMultipartOf(req: FastifyRequest): BufferedMultipart | undefined {
  return buffered.get(req);
}

/**
 * Reads a multipart body whole, within the limits its route registered, and hashes what it carries:
 * each field's name and value and each file's field name, file name and bytes, in the order sent.
 * The raw bytes are not hashed: a client that sends the same upload again draws a new boundary.
 */
export async function readMultipart(req: FastifyRequest): Promise<string> {
  const body: BufferedMultipart = { parts: [] };
  const hash = createHash('sha256');
  const add = (...values: (string | Buffer)[]) => {
    for (const v of values) hash.update(`${Buffer.byteLength(v)}:`).update(v);
  };
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        body.parts.push({ type: 'field', fieldname: part.fieldname, value });
        add('field', part.fieldname, value);
        continue;
      }
      try {
        const bytes = await part.toBuffer();
        body.parts.push({ type: 'file', fieldname: part.fieldname, filename: part.filename, bytes });
        add('file', part.fieldname, part.filename, bytes);
      } catch (error) {
        body.parts.push({ type: 'file', fieldname: part.fieldname, filename: part.filename, error });
        add('unreadable file', part.fieldname, part.filename);
        break;
      }
    }
  } catch (error) {
    body.error = error;
    add('unreadable body');
  }
  buffered.set(req, body);
  return hash.digest('hex');
}

/**
 * The fingerprint of a request: method, route and its parameters, the query (parameters in a fixed
 * order, so that their order in the URL does not matter), the media type of the body and the SHA-256
 * of the body.
 */
export function fingerprintOf(req: FastifyRequest, bodyDigest: string): string {
  const params = Object.entries((req.params ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = [...new URLSearchParams(req.url.split('?')[1] ?? '')].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const parts = [req.method, req.routeOptions.url ?? '', params, query, mediaType, bodyDigest];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
