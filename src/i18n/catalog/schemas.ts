import type { Texts } from './texts.js';

/**
 * The schemas' own hints (a regex's or a refinement's message), where the kind of issue alone would
 * not tell the reader what to send. A schema gives the key as its message and, in a refinement, the
 * parameters as the issue's `params`.
 */
export const SCHEMA_TEXTS = {
  'schema.code': { zh: '须为 1–32 个字母、数字、点、连字符或下划线', en: 'must be 1–32 letters, digits, dot, dash or underscore' },
  'schema.programCode': { zh: '须为项目代码', en: 'must be a program code' },
  'schema.unitOrDivision': { zh: '须为单位代码或 6 位行政区划代码', en: 'must be a unit code or a 6-digit division code' },
  'schema.groupCode': { zh: '须为 6 位{level}代码', en: 'must be a 6-digit {level} code' },
  'schema.level.city': { zh: '市级', en: 'city' },
  'schema.level.province': { zh: '省级', en: 'province' },
  'schema.groupNeedsGroupBy': { zh: '需同时给出 groupBy（unit、city 或 province）', en: 'needs groupBy (unit, city or province)' },
  'schema.cityCode': { zh: '须为 6 位市级代码，如 420500', en: 'must be a 6-digit city code, e.g. 420500' },
  'schema.provinceCode': { zh: '须为 6 位省级代码，如 420000', en: 'must be a 6-digit province code, e.g. 420000' },
  'schema.breakpointTypeNeedsOpen': { zh: '需同时给出 breakpoint=open（只有未关闭的断点有类型筛选）', en: 'needs breakpoint=open' },
  'schema.createdAlone': { zh: 'CREATED（尚未扫描）不能与其他状态同时筛选', en: 'CREATED (not yet scanned) cannot be combined with other statuses' },
  'schema.createdWithScans': {
    zh: 'CREATED（尚未扫描）不能与 {filters} 同时筛选，这些条件都需要扫描',
    en: 'CREATED (not yet scanned) cannot be combined with {filters}, which need scans',
  },
  'schema.cursor': {
    zh: '不是本列表给出的游标；请原样传回上一页的 nextCursor',
    en: 'is not a cursor this list gave out; pass nextCursor of the previous page unchanged',
  },
  'schema.pageSizeWhole': { zh: '须为 1 至 {max} 的整数', en: 'must be a whole number from 1 to {max}' },
  'schema.pageSize': { zh: '须在 1 至 {max} 之间', en: 'must be from 1 to {max}' },
  'schema.date': { zh: '须为日期 YYYY-MM-DD，如 2026-11-21', en: 'must be a date YYYY-MM-DD, e.g. 2026-11-21' },
  'schema.notCalendarDate': { zh: '不是真实存在的日期', en: 'is not a real calendar date' },
  'schema.dayInRange': { zh: '须为 {first} 至 {last} 之间的日期', en: 'must be a day from {first} to {last}' },
  'schema.dateOrDays': { zh: '须为日期 YYYY-MM-DD 或日期范围 YYYY-MM-DD..YYYY-MM-DD', en: 'must be a date YYYY-MM-DD or days YYYY-MM-DD..YYYY-MM-DD' },
  'schema.daysInRange': { zh: '须为 {first} 至 {last} 之间的日期', en: 'must be days from {first} to {last}' },
  'schema.lastBeforeFirst': { zh: '最后一天（{to}）早于第一天（{from}）', en: 'the last day ({to}) is before the first ({from})' },
  'schema.moreThanZero': { zh: '须大于 0', en: 'must be more than 0' },
  'schema.atMostOne': { zh: '不能大于 1', en: 'must be at most 1' },
  'schema.shareDecimals': { zh: '最多 4 位小数，如 0.3333', en: 'must have at most 4 decimals, e.g. 0.3333' },
  'schema.username': {
    zh: '须为 2–64 个小写字母、数字、点、连字符或下划线，以字母或数字开头',
    en: 'must be 2–64 letters, digits, dot, dash or underscore, starting with a letter or digit',
  },
  'schema.wholeDays': { zh: '须为整数天', en: 'must be a whole number of days' },
  'schema.dayCount': { zh: '须为 1 至 {max} 天', en: 'must be from 1 to {max}' },
  'schema.tokenId': { zh: '不是令牌编号（16 位十六进制数字）', en: 'is not a token id (16 hex digits)' },
  'schema.phone4': { zh: '须为手机号的后 4 位数字', en: 'must be the last 4 digits of the phone number' },
  'schema.localTime': { zh: '须为当地时间 HH:MM，如 21:00', en: 'must be local time HH:MM, e.g. 21:00' },
  'schema.plainLine': {
    zh: '须为单行纯文本，不含控制字符、不可见字符或方向字符',
    en: 'must be one line of plain text, without control, invisible or direction characters',
  },
  'schema.serviceIndicator': { zh: '须为两个大写字母，如 EA', en: 'must be two capital letters, e.g. EA' },
  'schema.toUnitOrPartner': { zh: '请在 toUnit 和 toPartner 中给出且只给出一个', en: 'give exactly one of toUnit and toPartner' },
  'schema.documentNo': { zh: '只能包含字母、数字和 _ . / ( ) -', en: 'letters, digits and _ . / ( ) - only' },
  'schema.someEvent': { zh: '请至少订阅一种事件类型', en: 'subscribe to at least one event type' },
  'schema.webhookChange': { zh: '请至少修改 url、events、enabled、description 中的一项', en: 'change at least one of url, events, enabled, description' },
  'schema.webhookId': { zh: '不是 Webhook 编号（ep_ 加 24 个字母或数字）', en: 'is not a webhook id (ep_ and 24 letters or digits)' },
  'schema.deliveryId': { zh: '不是推送编号（msg_ 加 24 个字母或数字）', en: 'is not a delivery id (msg_ and 24 letters or digits)' },
  'schema.batchId': { zh: '须为批次编号：12 位十六进制数字', en: 'must be a batch id: 12 hex digits' },
  'schema.invitationIds': { zh: '须为以逗号分隔的邀请编号，最多 200 个', en: 'must be up to 200 invitation ids separated by commas' },
  'schema.invitationId': { zh: '须为邀请编号', en: 'must be an invitation id' },
  'schema.recipientId': { zh: '须为收件人编号', en: 'must be a recipient id' },
} as const satisfies Record<string, Texts>;
