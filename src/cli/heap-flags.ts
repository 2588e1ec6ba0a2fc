// The heap settings every songda process starts with; heap-settings.ts applies them.

/**
 * Node.js 24's V8 sizes its heap by the machine's memory: on a 24 GB machine a 64 MB semi-space
 * (Node.js 20: 16 MB) and a heap limit past 4 GB, under which it lets garbage grow up to four times
 * the live heap between full collections. That took the scan benchmark's server from 387 MB on
 * Node.js 20 to 585 MB; with these two settings it stays under 400 MB (docs/benchmarks.md).
 * - `--max-semi-space-size=4`: a young generation of 8 MB, the size the scan writer's thread already
 *   asked for (`resourceLimits`); measured against 8 and 16 in decision 0031.
 * - `--max-old-space-size=1024`: below V8's large-heap size, so it collects the old generation
 *   before garbage has piled up; every request's memory is bounded (body limits, chunked writes)
 *   far below it.
 * Both hold for every thread of the process and take precedence over a worker's `resourceLimits`.
 * A setting already given on the command line or in NODE_OPTIONS wins.
 */
export const HEAP_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=1024'] as const;

/**
 * On PostgreSQL the whole scan write path runs on the main thread, and a young generation of 8 MB
 * made it scavenge, and promote what a request still holds, all the time: with a semi-space of 32 MB
 * the main thread's CPU at a million scans fell by a quarter and V8's helper threads' by 40 %, at
 * the same peak RSS (decision 0052).
 */
export const POSTGRES_HEAP_FLAGS = ['--max-semi-space-size=32', '--max-old-space-size=1024'] as const;

/** The settings for the store the command will open: `--db URL` (the last one given), else SONGDA_DB, else SQLite. */
export function heapFlagsFor(args: readonly string[], env: { readonly SONGDA_DB?: string | undefined }): readonly string[] {
  let url = env.SONGDA_DB ?? '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--db' && i + 1 < args.length) url = args[++i]!;
    else if (args[i]!.startsWith('--db=')) url = args[i]!.slice('--db='.length);
  }
  return /^postgres(ql)?:\/\//.test(url) ? POSTGRES_HEAP_FLAGS : HEAP_FLAGS;
}

/** The heap settings not already given, in the command line's Node.js options or in NODE_OPTIONS. */
export function missingHeapFlags(execArgv: readonly string[], nodeOptions = '', wanted: readonly string[] = HEAP_FLAGS): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((arg) => arg.split('=')[0]!.replaceAll('_', '-'));
  return wanted.filter((flag) => !given.includes(flag.split('=')[0]!));
}
