import type { SmsConfig } from '../config.js';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { actOnWorkOrder } from '../modules/work-orders/act-on-work-order.js';
import { type WorkOrderActor, type WorkOrderDeps, createWorkOrder } from '../modules/work-orders/create-work-order.js';
import type { TWorkOrderActionInput, TWorkOrderInput } from '../modules/work-orders/work-order.schemas.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The customer-service line's clerk, as the demo's orders were opened and worked. */
const CLERK: WorkOrderActor = { kind: 'staff', actor: 'user:admin', scope: 'all' };

/** One order of the demo: opened `hoursAgo`, then each step `after` minutes after the one before. */
interface DemoOrder {
  hoursAgo: number;
  input: Omit<TWorkOrderInput, 'trackingNo' | 'unit'> & { aboutItem?: boolean };
  steps: { after: number; action: TWorkOrderActionInput }[];
}

const ORDERS: readonly DemoOrder[] = [
  {
    hoursAgo: 30,
    input: { type: 'complaint', channel: 'phone', contact: { name: '张建国', phone: '13907171234' }, description: '优待证三天未送到，投递员电话打不通', aboutItem: true },
    steps: [
      { after: 40, action: { action: 'reply', message: '已联系揽投部，邮件在途，今日安排投递' } },
      { after: 26 * 60, action: { action: 'resolve', outcome: 'done', message: '已妥投，回访确认本人签收' } },
    ],
  },
  {
    hoursAgo: 6,
    input: { type: 'enquiry', channel: 'web', contact: { name: '李秀英', phone: '13871230001' }, description: '网上申请后多久能收到优待证？', aboutItem: true },
    steps: [{ after: 25, action: { action: 'resolve', outcome: 'answered', message: '已告知：申请后约 5 个工作日寄达' } }],
  },
  {
    hoursAgo: 72,
    input: { type: 'enquiry', channel: 'counter', description: '窗口咨询：代领需要哪些材料' },
    steps: [
      { after: 10, action: { action: 'resolve', outcome: 'answered', message: '已告知代领需双方身份证' } },
      { after: 9 * 60, action: { action: 'close' } },
    ],
  },
  {
    hoursAgo: 28,
    input: { type: 'complaint', channel: 'agency', priority: 'urgent', description: '退役军人事务局转来：老兵反映地址写错，卡片被退回', aboutItem: true },
    steps: [{ after: 30, action: { action: 'assign', message: '转客服中心复核' } }],
  },
  {
    hoursAgo: 50,
    input: { type: 'loss_report', channel: 'phone', contact: { name: '王德明', phone: '13508660321' }, description: '显示已签收但本人未收到', aboutItem: true },
    steps: [
      { after: 45, action: { action: 'reply', message: '已调取签收记录，请提供身份证复印件以便核查' } },
      { after: 5, action: { action: 'wait', on: 'customer', message: '等待本人提供材料' } },
    ],
  },
  {
    hoursAgo: 9,
    input: { type: 'other', channel: 'phone', contact: { name: '陈芳', phone: '15972345678' }, description: '希望改为周末投递' },
    steps: [{ after: 50, action: { action: 'reply', message: '已记录，转揽投部安排' } }],
  },
  { hoursAgo: 1.5, input: { type: 'enquiry', channel: 'phone', contact: { name: '刘伟', phone: '18627001122' }, description: '来电询问优待证激活方式', aboutItem: true }, steps: [] },
];

export interface WorkOrderSeedDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
  sms: SmsConfig;
  timeZone: string;
  /** The unit answering the customer-service line: orders about no item are its. */
  centre: string;
}

/**
 * A few customer-service orders of the last three days, opened and worked through the module's own
 * services at their times: resolved, closed, waiting on the customer (its clock paused), overdue and
 * new ones, about the programs' mailed items and about none. Answers what it did, for the summary.
 */
export async function seedDemoWorkOrders(deps: WorkOrderSeedDeps, now: number): Promise<string> {
  const items = await deps.store.db
    .selectFrom('items')
    .select('tracking_no')
    .where('program_code', 'is not', null)
    .orderBy('tracking_no')
    .limit(ORDERS.length)
    .execute();
  const orderDeps: WorkOrderDeps = { store: deps.store, cipher: deps.cipher, sms: deps.sms, timeZone: deps.timeZone, siteName: () => null };
  let opened = 0;
  for (const [i, order] of ORDERS.entries()) {
    const { aboutItem, ...input } = order.input;
    const trackingNo = aboutItem ? items[i]?.tracking_no : undefined;
    let at = now - order.hoursAgo * HOUR;
    const number = await createWorkOrder(orderDeps, { ...input, ...(trackingNo ? { trackingNo } : { unit: deps.centre }) }, CLERK, at);
    for (const step of order.steps) {
      at += step.after * MINUTE;
      // Assigned to the centre's own queue (the demo's units are generated: no code is known here).
      const action = step.action.action === 'assign' ? { ...step.action, unit: deps.centre } : step.action;
      await actOnWorkOrder(orderDeps, number, action, CLERK, at);
    }
    opened += 1;
  }
  return `${opened} work orders`;
}
