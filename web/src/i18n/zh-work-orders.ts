// UI strings of customer-service work orders, Simplified Chinese. zh.ts spreads it in.
export const zhWorkOrders = {
  'event.work_order.updated': '工单更新',
} as const;
