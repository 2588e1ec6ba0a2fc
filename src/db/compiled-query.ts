import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import { readDirectly } from './direct-read.js';

/** Stands for the i-th parameter while the query is built. */
class Parameter {
  constructor(readonly index: number) {}
}

/**
 * A query built and compiled once per database handle, then run with each call's parameters: for the
 * look-ups made on every request, where building the query cost more than running it. `build` must
 * use each parameter only as a value (not to choose the query's shape: it sees stand-ins, not the
 * values); any other value it uses stays fixed.
 */
export function compiledQuery<P extends unknown[], R>(build: (db: Db, ...params: P) => Compilable<R>): (db: Db, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<Db, CompiledQuery<R>>();
  return async (db, ...params) => {
    let query = compiled.get(db);
    if (!query) {
      const standIns = params.map((_, i) => new Parameter(i)) as P;
      query = build(db, ...standIns).compile();
      compiled.set(db, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Parameter ? params[p.index] : p));
    // On SQLite's own handle a read runs at once (src/db/direct-read.ts); anything else through Kysely.
    const rows = readDirectly<R>(db, query.sql, parameters);
    if (rows) return rows;
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
