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
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
  /** CPU time this (the generating) process used meanwhile, in ms. */
  clientCpuMs: number;
}

/**
 * A closed-loop load: `connections` clients over keep-alive connections, for `durationMs`. Answers
 * are read to the end (as a client would) but not parsed. Latencies of every request are kept.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const cpuBefore = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    perSec: latencies.length / (elapsedMs / 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    statuses,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
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
