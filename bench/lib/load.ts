import { Agent, type OutgoingHttpHeaders, request } from 'node:http';

export interface LoadRequest {
  path: string;
  headers?: OutgoingHttpHeaders;
}

export interface LoadOptions {
  port: number;
  /** Concurrent clients, each on its own keep-alive connection, each sending its next request when the last is answered. */
  connections: number;
  durationMs: number;
  next(): LoadRequest;
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  /** Of every request, in ms, in the order they ended. */
  latencies: number[];
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
}

/** Several loads of the same route taken as one. */
export function combine(results: readonly LoadResult[]): LoadResult {
  const statuses: Record<number, number> = {};
  for (const r of results) for (const [status, n] of Object.entries(r.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
  return {
    requests: results.reduce((n, r) => n + r.requests, 0),
    elapsedMs: results.reduce((n, r) => n + r.elapsedMs, 0),
    latencies: results.flatMap((r) => r.latencies),
    statuses,
  };
}

export const perSecond = (r: LoadResult) => r.requests / (r.elapsedMs / 1000);

/** The latency at quantile q (0.5, 0.99), in ms. */
export function latencyAt(r: LoadResult, q: number): number {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * A closed-loop load: `connections` clients over keep-alive connections, for `durationMs`. Answers
 * are read to the end (as a client would) but not parsed.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + o.durationMs;
  const client = async () => {
    while (performance.now() < deadline) {
      const { path, headers } = o.next();
      const t0 = performance.now();
      const status = await get(agent, o.port, path, headers);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: o.connections }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { requests: latencies.length, elapsedMs, latencies, statuses };
}

function get(agent: Agent, port: number, path: string, headers: OutgoingHttpHeaders | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
