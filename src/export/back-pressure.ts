import { type EventEmitter, once } from 'node:events';

/**
 * Resolves when `stream` can take more (drain) or when `reader` closes (the reader went away: no
 * drain will come). `reader` is `stream` itself unless the reader is further down a pipeline.
 */
export async function drainedOrClosed(stream: EventEmitter, reader: EventEmitter = stream): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(reader, 'close', { signal: done.signal })]);
  } finally {
    done.abort(); // removes the listener still waiting
  }
}

/** What a reader going away (the connection closed) looks like to `pipeline` and `finished`: not a failure to make the file. */
export const isReaderGone = (err: unknown) => (err as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
