import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Resolves when `stream` can take more (drain) or never will (close: the reader went away). */
export async function drainedOrClosed(stream: Writable): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(stream, 'close', { signal: done.signal })]);
  } finally {
    done.abort(); // removes the listener still waiting
  }
}
