import type { Texts } from './texts.js';

/** Per-line and per-row answers of the bulk routes (scans, recipient and unit lists, consignments). */
export const REJECTION_TEXTS = {
  'recipient.nameInvalid': { zh: '姓名：{problem}', en: 'the name: {problem}' },
  'recipient.nameMissing': { zh: '缺少姓名', en: 'the name is missing' },
  'recipient.nameTooLong': { zh: '姓名超过 {max} 个字符', en: 'the name is longer than {max} characters' },
  'recipient.idMissing': { zh: '缺少身份证号', en: 'the ID number is missing' },
  'recipient.idAsNumber': {
    zh: 'Excel 把该身份证号存成了数字，丢失了末几位；请将该列设为“文本”格式后重新输入',
    en: 'Excel stored this ID number as a number and lost its last digits; format the column as text (文本) and enter the number again',
  },
  'recipient.phoneMissing': { zh: '缺少手机号', en: 'the phone number is missing' },
  'recipient.unknownCategory': {
    zh: '未知的类别“{given}”：请填写 {choices}，普通可留空',
    en: 'unknown category "{given}": use {choices}, or leave it empty for ordinary',
  },
  'recipient.divisionNot6': { zh: '“{given}”不是 6 位 GB/T 2260 代码', en: '"{given}" is not a 6-digit GB/T 2260 code' },
  'recipient.addressInvalid': { zh: '地址：{problem}', en: 'the address: {problem}' },
  'recipient.addressMissing': { zh: '缺少地址', en: 'the address is missing' },
  'recipient.addressTooLong': { zh: '地址超过 {max} 个字符', en: 'the address is longer than {max} characters' },
  'recipient.sameIdAs': {
    zh: '与第 {first} 行的身份证号相同：每人只列一次，保留第 {first} 行',
    en: 'the same ID number as row {first}: a person is listed once; row {first} is kept',
  },
  'scan.notObject': { zh: '每一行须为 JSON 对象', en: 'each line must be a JSON object' },
  'scan.missing': { zh: '缺少 {field}，须为文本', en: '{field} is required and must be a string' },
  'scan.unknownCode': {
    zh: '未知的扫描代码“{code}”；应为 {codes} 之一（总包扫描为 {consignmentCodes}）',
    en: 'unknown scan code "{code}"; expected one of {codes} (or {consignmentCodes} for a consignment)',
  },
  'scan.future': { zh: '“{at}”比当前时间晚 {minutes} 分钟以上', en: '"{at}" is more than {minutes} minutes in the future' },
  'scan.tooOld': { zh: '“{at}”已超过 {days} 天（SONGDA_MAX_SCAN_AGE_DAYS）', en: '"{at}" is more than {days} days old (SONGDA_MAX_SCAN_AGE_DAYS)' },
  'scan.before2000': { zh: '“{at}”早于 2000-01-01', en: '"{at}" is before 2000-01-01' },
  'scan.unknownSite': { zh: '未知的站点“{site}”', en: 'unknown site "{site}"' },
  'scan.badText': {
    zh: '{field} 须为单行纯文本，不超过 {max} 个字符，且不含控制字符、不可见字符或方向字符',
    en: '{field} must be one line of plain text of at most {max} characters, without control, invisible or direction characters',
  },
  'scan.malformedJson': { zh: 'JSON 格式错误：{detail}', en: 'malformed JSON: {detail}' },
  'scan.notConsignment': {
    zh: 'OPENED 是总包扫描，而 {trackingNo} 不是已登记的总包',
    en: 'OPENED is a consignment scan, and {trackingNo} is not a registered consignment',
  },
} as const satisfies Record<string, Texts>;
