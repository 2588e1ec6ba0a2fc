// The one glossary of domain terms (DESIGN §5, §7): break-point types, scan codes and item statuses,
// unit kinds, payer modes, recipient categories and roles, in zh-CN and English. The server's exports,
// PDFs and messages and the console's pages all read their names here, so one thing has one name.
// No imports: the console (web/) imports this file as it is.

export interface Term {
  readonly zh: string;
  readonly en: string;
}

export const GLOSSARY = {
  bpType: {
    MISSING_ACCEPTANCE: { zh: '收寄未扫描', en: 'Missing acceptance' },
    MISSING_INBOUND: { zh: '进口未扫描', en: 'Missing inbound' },
    MISSING_OUTBOUND: { zh: '出口未扫描', en: 'Missing outbound' },
    MISSING_OUT_FOR_DELIVERY: { zh: '下段未扫描', en: 'Missing out-for-delivery' },
    SILENT_IN_TRANSIT: { zh: '在途无信息', en: 'Silent in transit' },
    SILENT_AT_OFFICE: { zh: '解车未下段', en: 'Silent at office' },
    NO_DELIVERY_RESULT: { zh: '当班未反馈投递信息', en: 'No delivery result' },
    SILENT_HELD: { zh: '入库未出库', en: 'Silent while held' },
    MISSING_PROOF: { zh: '妥投缺少凭证', en: 'Delivered without proof' },
  },
  scan: {
    CREATED: { zh: '待收寄', en: 'Not yet accepted' },
    ACCEPTED: { zh: '收寄', en: 'Accepted' },
    DISPATCHED: { zh: '封发', en: 'Dispatched' },
    ARRIVED: { zh: '到达', en: 'Arrived' },
    AT_DELIVERY_OFFICE: { zh: '到达投递局', en: 'At delivery office' },
    OUT_FOR_DELIVERY: { zh: '下段投递', en: 'Out for delivery' },
    DELIVERED: { zh: '妥投', en: 'Delivered' },
    DELIVERY_FAILED: { zh: '未妥投', en: 'Delivery failed' },
    HELD: { zh: '留存', en: 'Held' },
    RETURNED: { zh: '退回', en: 'Returned' },
  },
  unitKind: {
    counter: { zh: '营业部', en: 'Counter' },
    processing_centre: { zh: '邮区中心', en: 'Processing centre' },
    delivery_office: { zh: '揽投部', en: 'Delivery office' },
  },
  partnerKind: {
    agency: { zh: '发证机关', en: 'Agency' },
    bank: { zh: '银行', en: 'Bank' },
    card_factory: { zh: '制卡厂', en: 'Card factory' },
    service_station: { zh: '服务站', en: 'Service station' },
    admin_centre: { zh: '政务服务中心', en: 'Admin service centre' },
  },
  payerMode: {
    government: { zh: '政邮合作', en: 'Government' },
    bank: { zh: '银邮合作', en: 'Bank' },
    multi_party: { zh: '多方合作', en: 'Multi-party' },
    recipient: { zh: '自费', en: 'Recipient pays' },
  },
  category: {
    ordinary: { zh: '普通', en: 'Ordinary' },
    martyr_family: { zh: '烈士遗属', en: "Martyr's family" },
    combat_veteran: { zh: '参战退役军人', en: 'Combat veteran' },
    disabled_veteran: { zh: '伤残军人', en: 'Disabled veteran' },
    merit_second_class: { zh: '二等功以上', en: '2nd-class merit or higher' },
  },
  woType: {
    enquiry: { zh: '咨询', en: 'Enquiry' },
    complaint: { zh: '投诉', en: 'Complaint' },
    address_change: { zh: '改址', en: 'Address change' },
    redelivery: { zh: '再投', en: 'Redelivery' },
    loss_report: { zh: '丢失/损毁', en: 'Loss or damage' },
    other: { zh: '其他', en: 'Other' },
  },
  woStatus: {
    new: { zh: '新建', en: 'New' },
    assigned: { zh: '已派单', en: 'Assigned' },
    in_progress: { zh: '处理中', en: 'In progress' },
    waiting_customer: { zh: '待客户反馈', en: 'Waiting for the customer' },
    waiting_unit: { zh: '待单位反馈', en: 'Waiting for a unit' },
    resolved: { zh: '已办结', en: 'Resolved' },
    closed: { zh: '已关闭', en: 'Closed' },
  },
  woChannel: {
    phone: { zh: '电话', en: 'Phone' },
    web: { zh: '网上', en: 'Web' },
    agency: { zh: '委托方', en: 'Agency' },
    counter: { zh: '窗口', en: 'Counter' },
    proactive: { zh: '主动服务', en: 'Proactive' },
  },
  woAction: {
    create: { zh: '新建', en: 'Create' },
    assign: { zh: '派单', en: 'Assign' },
    reply: { zh: '回复', en: 'Reply' },
    wait: { zh: '挂起等待', en: 'Wait' },
    resume: { zh: '恢复处理', en: 'Resume' },
    resolve: { zh: '办结', en: 'Resolve' },
    reopen: { zh: '重开', en: 'Reopen' },
    close: { zh: '关闭', en: 'Close' },
    escalate: { zh: '升级', en: 'Escalate' },
    note: { zh: '备注', en: 'Note' },
    rate: { zh: '评价', en: 'Rate' },
  },
} as const satisfies Record<string, Record<string, Term>>;

export type GlossaryGroup = keyof typeof GLOSSARY;
type Glossary = typeof GLOSSARY;
/** `bpType.SILENT_IN_TRANSIT`, … : the console's label keys. */
export type GlossaryKey = { [G in GlossaryGroup]: `${G}.${Extract<keyof Glossary[G], string>}` }[GlossaryGroup];

/** The name of `value` in `group`, or the value itself when the glossary has none. */
export function termOf(group: GlossaryGroup, value: string, lang: 'zh' | 'en'): string {
  const term = (GLOSSARY[group] as Record<string, Term | undefined>)[value];
  return term === undefined ? value : term[lang];
}

/** Every term as `group.value` → name in `lang`: the console's dictionaries spread this in. */
export function glossaryLabels(lang: 'zh' | 'en'): Record<GlossaryKey, string> {
  const out: Record<string, string> = {};
  for (const [group, terms] of Object.entries(GLOSSARY)) {
    for (const [value, term] of Object.entries(terms as Record<string, Term>)) out[`${group}.${value}`] = term[lang];
  }
  return out as Record<GlossaryKey, string>;
}
