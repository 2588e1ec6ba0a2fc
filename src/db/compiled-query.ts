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
 * values); any other value it uses stays fixed. The handle's transactions share its compiled form: a
 * transaction compiles with the handle's own compiler, so its SQL is the same.
 */
export function compiledQuery<P extends unknown[], R>(build: (db: Db, ...params: P) => Compilable<R>): (db: Db, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<object, CompiledQuery<R>>();
  return async (db, ...params) => {
    const key = compiledFormKey(db);
    let query = compiled.get(key);
    if (!query) {
      const standIns = params.map((_, i) => new Parameter(i)) as P;
      query = build(db, ...standIns).compile();
      compiled.set(key, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Parameter ? params[p.index] : p));
    // On SQLite's own handle a read runs at once (src/db/direct-read.ts); anything else through Kysely.
    const rows = readDirectly<R>(db, query.sql, parameters);
    if (rows) return rows;
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}

/**
 * What a compiled form is kept under: the adapter a Kysely handle was made with, which its transactions
 * keep (as they keep its compiler); a handle with plugins, which rewrite queries as they compile, keeps
 * its own.
 */
function compiledFormKey(db: Db): object {
  const executor = db.getExecutor();
  return executor.plugins.length === 0 ? executor.adapter : db;
}
