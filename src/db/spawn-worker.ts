import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` (a sibling of `from`, the caller's `import.meta.url`). Run from
 * source (tsx, vitest) the worker is a .ts file: it first registers the TypeScript loader (an
 * --import flag is applied too late for a worker's entry module).
 */
export function spawnWorker(from: string, name: string, options: WorkerOptions): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const entry = new URL(`./${name}.ts`, from).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
