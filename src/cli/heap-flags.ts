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

/** The heap settings not already given, in the command line's Node.js options or in NODE_OPTIONS. */
export function missingHeapFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((arg) => arg.split('=')[0]!.replaceAll('_', '-'));
  return HEAP_FLAGS.filter((flag) => !given.includes(flag.split('=')[0]!));
}
