import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { openStore } from '../main.js';
import { ZLocalDate } from '../modules/reconciliation/reconciliation.schemas.js';
import { getOfficeReconciliation, reconciliationDeps } from '../modules/reconciliation/reconciliation.service.js';
import { formatReconciliationText } from '../modules/reconciliation/reconciliation.text.js';
import { UsageError } from './usage-error.js';

export interface ReconcileArgs {
  office: string | undefined;
  date: string | undefined;
}

const USAGE = 'usage: songda reconcile --office CODE --date YYYY-MM-DD';

/**
 * `songda reconcile --office X --date D`: the office's three balances for local day D (in SONGDA_TZ),
 * as GET /api/v1/offices/X/reconciliation?date=D answers them, printed as small text tables.
 * Exits 0 when the report was made, whether or not the office balances.
 */
export async function runReconcile(config: Config, args: ReconcileArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  if (!args.office) throw new UsageError(`--office is required\n${USAGE}`);
  if (!args.date) throw new UsageError(`--date is required\n${USAGE}`);
  const date = ZLocalDate.safeParse(args.date);
  if (!date.success) throw new UsageError(`--date ${args.date}: ${date.error.issues[0]?.message ?? 'not a date'}`);

  const store = await openStore(config);
  try {
    const report = await getOfficeReconciliation(reconciliationDeps(store.db, config), args.office, date.data);
    print(formatReconciliationText(report, config.timeZone));
    return 0;
  } catch (err) {
    // Unknown office, or a unit that is not a delivery office: say so in one line, as the API does.
    if (err instanceof AppError) throw new UsageError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}
