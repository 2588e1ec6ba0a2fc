import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether the handle (any Kysely handle or transaction, of any schema) runs on PostgreSQL. */
export function isPostgres(db: Pick<Kysely<any>, 'getExecutor'>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
