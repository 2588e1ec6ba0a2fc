// UI strings of customer-service work orders, English. en.ts spreads it in.
import type { zhWorkOrders } from './zh-work-orders';

export const enWorkOrders: Record<keyof typeof zhWorkOrders, string> = {
  'event.work_order.updated': 'Work order updated',
};
