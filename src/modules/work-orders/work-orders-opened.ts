import type { Db } from '../../db/database.js';
import { WORK_ORDER_TYPES, type WorkOrderType } from '../../domain/work-order-defaults.js';
import { FIGURE_ORDER_COLUMNS, type FigureOrder, type FigureSums, addSums, contributionOf, emptySums } from './work-order-figure-days.js';

/** Whose orders: a program's, or those of the units of a province or city. */
export type OpenedOrdersScope = { program: string } | { province: string } | { city: string };

/**
 * The work orders opened in a period, as they stand now: how many of each type, and the figures'
 * sums (resolved, resolved on time, complaints, …) by the same rule as the work-order figures.
 */
export async function sumOrdersOpened(
  db: Db,
  period: { startMs: number; endMs: number },
  scope: OpenedOrdersScope,
): Promise<{ byType: Record<WorkOrderType, number>; sums: FigureSums }> {
  let q = db
    .selectFrom('work_orders')
    .select(FIGURE_ORDER_COLUMNS.map((c) => `work_orders.${c}` as const))
    .where('work_orders.created_at', '>=', period.startMs)
    .where('work_orders.created_at', '<', period.endMs);
  if ('program' in scope) q = q.where('work_orders.program_code', '=', scope.program);
  else {
    let units = db.selectFrom('units').select('code');
    units = 'province' in scope ? units.where('province_code', '=', scope.province) : units.where('city_code', '=', scope.city);
    q = q.where('work_orders.unit', 'in', units);
  }
  const byType = Object.fromEntries(WORK_ORDER_TYPES.map((t) => [t, 0])) as Record<WorkOrderType, number>;
  const sums = emptySums();
  for (const order of (await q.execute()) as FigureOrder[]) {
    if (order.type in byType) byType[order.type as WorkOrderType]++;
    addSums(sums, contributionOf(order).sums);
  }
  return { byType, sums };
}
