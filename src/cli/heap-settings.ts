import { isMainThread } from 'node:worker_threads';
import { heapFlagsFor, missingHeapFlags } from './heap-flags.js';

// Imported by the `songda` command right after the Node.js version check. V8 reads its heap sizes
// once, when the process starts, so the settings (heap-flags.ts) cannot be applied from inside: the process
// replaces itself once with the same command and the settings added (process.execve: same process
// id, same standard streams, same environment). That holds however songda is started: `npm start`,
// `npx songda`, or `node dist/src/cli/songda.js`. Decision 0031 gives the measurements.

const missing = missingHeapFlags(process.execArgv, process.env.NODE_OPTIONS, heapFlagsFor(process.argv.slice(2), process.env));
if (missing.length > 0 && isMainThread && typeof process.execve === 'function') {
  try {
    process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)]);
  } catch {
    // Not replaced (the system refused): songda runs on with V8's own sizes.
  }
}
