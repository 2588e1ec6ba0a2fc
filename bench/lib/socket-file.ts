import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openSqlite } from '../../src/db/open-db.js';
import { createApiToken } from '../../src/modules/auth/api-token.service.js';

export interface SocketFile {
  ms: number;
  bytes: number;
  /** Peak RSS (MB) before the request, and after the file was read to the end. */
  rssBeforeMb: number;
  rssMb: number;
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * One file of the API read to the end over a local socket by this process, from the SQLite store in
 * `file` with the clock at `now`: its time, size and peak RSS. Over a real socket: an injected
 * response takes every chunk at once, so it would hold the file back from nothing.
 */
export async function readFileOverSocket(file: string, zone: string, now: number, path: string): Promise<SocketFile> {
  const handle = openSqlite(file);
  const { token } = await createApiToken(handle.db, 'admin', 'bench', now);
  const app = await buildApp({ config: loadConfig({ SONGDA_DB: `sqlite:${file}`, SONGDA_TZ: zone }), store: handle, clock: () => now, logger: false });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const rssBeforeMb = rssMb();
    const start = process.hrtime.bigint();
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes, rssBeforeMb, rssMb: rssMb() };
  } finally {
    await app.close();
    await handle.close();
  }
}
