import type { DbHandle } from '../db/open-db.js';
import { addDays, formatLocalDate, localDateOf } from '../domain/local-day.js';
import { createStatement, issueStatement } from '../modules/statements/statement.service.js';

/**
 * A statement of the last seven days for each payer of the demo's mailed items, made by the admin:
 * the first payer's issued, the others left as drafts for the console to issue or void.
 */
export async function seedDemoStatements(store: DbHandle, now: number, timeZone: string): Promise<string> {
  const payers = (await store.db.selectFrom('item_charges').select('payer').distinct().orderBy('payer').execute()).map((r) => r.payer);
  const today = localDateOf(now, timeZone);
  const actor = { handle: store, actor: 'user:admin', now, timeZone };
  let issued = 0;
  for (const payer of payers) {
    const statement = await createStatement(actor, { payer, from: formatLocalDate(addDays(today, -6)), to: formatLocalDate(today) });
    if (issued === 0 && statement.totals.items > 0) {
      await issueStatement(actor, statement.id);
      issued += 1;
    }
  }
  return `${payers.length} statements (${issued} issued)`;
}
