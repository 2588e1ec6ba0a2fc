import type { Db } from '../../db/database.js';

/** The programs with their own work-order policy (JSON, unchecked): where proactive service may be asked for. */
export async function listProgramsWithWorkOrderPolicy(db: Db): Promise<{ programCode: string; policyJson: string }[]> {
  const rows = await db.selectFrom('programs').select(['code', 'work_order_policy']).where('work_order_policy', 'is not', null).orderBy('code').execute();
  return rows.map((r) => ({ programCode: r.code, policyJson: r.work_order_policy! }));
}
