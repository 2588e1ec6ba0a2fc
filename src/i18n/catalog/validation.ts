import type { Texts } from './texts.js';

/** Refused values: schema issues by kind, and the domain's checks of identifiers and instants. */
export const VALIDATION_TEXTS = {
  'validation.required': { zh: '必填', en: 'required' },
  'validation.wrongType': { zh: '应为{expected}', en: 'expected {expected}' },
  'validation.tooLong': { zh: '不能超过 {max} 个字符', en: 'at most {max} characters' },
  'validation.tooShort': { zh: '至少 {min} 个字符', en: 'at least {min} characters' },
  'validation.tooBig': { zh: '不能大于 {max}', en: 'at most {max}' },
  'validation.tooSmall': { zh: '不能小于 {min}', en: 'at least {min}' },
  'validation.tooManyItems': { zh: '最多 {max} 项', en: 'at most {max} entries' },
  'validation.tooFewItems': { zh: '至少 {min} 项', en: 'at least {min} entries' },
  'validation.notOneOf': { zh: '须为以下之一：{values}', en: 'must be one of {values}' },
  'validation.pattern': { zh: '格式不正确', en: 'has the wrong format' },
  'validation.unknownKeys': { zh: '不认识的字段：{keys}', en: 'unknown fields: {keys}' },
  'validation.invalid': { zh: '取值无效', en: 'invalid value' },
  'validation.at': { zh: '{where} {field}：{problem}', en: '{where}.{field}: {problem}' },
  'validation.atPart': { zh: '{where}：{problem}', en: '{where}: {problem}' },
  'validation.invalidPart': { zh: '{where}无效', en: 'invalid {where}' },
  'validation.type.string': { zh: '文本', en: 'a string' },
  'validation.type.number': { zh: '数字', en: 'a number' },
  'validation.type.integer': { zh: '整数', en: 'an integer' },
  'validation.type.boolean': { zh: '布尔值（true 或 false）', en: 'a boolean' },
  'validation.type.array': { zh: '数组', en: 'an array' },
  'validation.type.object': { zh: '对象', en: 'an object' },
  'validation.type.other': { zh: '{type} 类型', en: '{type}' },
  'validation.part.body': { zh: '请求体', en: 'body' },
  'validation.part.querystring': { zh: '查询参数', en: 'querystring' },
  'validation.part.params': { zh: '路径参数', en: 'params' },
  'validation.part.headers': { zh: '请求头', en: 'headers' },
  'validation.divisionCode': { zh: '须为 6 位 GB/T 2260 行政区划代码', en: 'must be a 6-digit GB/T 2260 code' },
  'validation.countyCode': { zh: '须为 6 位 GB/T 2260 区县代码', en: 'must be a 6-digit GB/T 2260 county code' },
  'validation.idempotencyKey': { zh: 'Idempotency-Key 须为 1–255 个可打印 ASCII 字符', en: 'the Idempotency-Key header must be 1–255 printable ASCII characters' },

  's10.format': {
    zh: '邮件号须为 2 个大写字母、8 位数字、1 位校验码和 2 个大写字母（如 EA123456785CN）',
    en: 'tracking number must be 2 capital letters, 8 digits, a check digit and 2 capital letters (e.g. EA123456785CN)',
  },
  's10.checkDigit': { zh: '邮件号 {trackingNo} 的校验码应为 {expected}', en: 'check digit of {trackingNo} should be {expected}' },
  's10.invalid': { zh: '邮件号无效', en: 'invalid tracking number' },

  'instant.notIso': { zh: '“{value}”不是 ISO 8601 日期时间（如 2026-11-21T09:30:00+08:00）', en: '"{value}" is not an ISO 8601 date-time (e.g. 2026-11-21T09:30:00+08:00)' },
  'instant.noOffset': { zh: '“{value}”缺少 UTC 偏移：请加上 Z 或 ±HH:MM（如 2026-11-21T09:30:00+08:00）', en: '"{value}" has no UTC offset: add Z or ±HH:MM (e.g. 2026-11-21T09:30:00+08:00)' },
  'instant.notReal': { zh: '“{value}”不是真实存在的日期时间', en: '"{value}" is not a real date and time' },
  'instant.sweepRange': { zh: '须在 2000-01-01 至当前时间后 {days} 天之内', en: 'must be from 2000-01-01 to at most {days} days after now' },
  'instant.badOffset': { zh: '“{value}”的 UTC 偏移不可能存在', en: '"{value}" has an impossible UTC offset' },

  'idempotency.reused': {
    zh: '该幂等键（Idempotency-Key）已用于另一个不同的请求，新的请求请换一个键',
    en: 'this Idempotency-Key was already used with a different request (method, path, query or body); send a new request with a new key',
  },
  'idempotency.inFlight': {
    zh: '使用该幂等键（Idempotency-Key）的请求仍在处理中，请在其应答后重试',
    en: 'a request with this Idempotency-Key is still being processed; send it again once that one has been answered',
  },
} as const satisfies Record<string, Texts>;
