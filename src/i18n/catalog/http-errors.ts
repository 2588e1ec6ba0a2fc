import type { Texts } from './texts.js';

/** What the HTTP edge itself answers: routes, bodies, credentials, limits. */
export const HTTP_ERROR_TEXTS = {
  'http.noRoute': { zh: '没有此接口：{method} {path}', en: 'no route {method} {path}' },
  'http.bodyTooLarge': { zh: '请求体过大（此接口上限 {limit}），请拆分为多个较小的请求', en: 'request body is too large (limit {limit} for this endpoint); split it into smaller requests' },
  'http.sizeUnknown': { zh: '未知', en: 'unknown' },
  'http.mediaTypeJson': { zh: '不支持该 Content-Type，请使用 application/json', en: 'unsupported Content-Type; use application/json' },
  'http.mediaTypeJsonOrNdjson': {
    zh: '不支持该 Content-Type，请使用 application/json（扫描数据也可用 application/x-ndjson）',
    en: 'unsupported Content-Type; use application/json (or application/x-ndjson for scans)',
  },
  'http.emptyBody': { zh: '请求体为空', en: 'the request body is empty' },
  'http.badJson': { zh: '请求体不是有效的 JSON：{detail}', en: 'the request body is not valid JSON: {detail}' },
  'http.conflictSameMoment': {
    zh: '另一个请求在同一时刻保存了相同的记录，本次请求未保存任何内容，请重新提交',
    en: 'another request stored the same record at the same moment; nothing of this request was kept — send it again',
  },
  'http.unstorableText': {
    zh: '请求中含有无法保存的字符（NUL 或无效的字节序列），请删除后重新提交',
    en: 'the request holds a character that cannot be stored (NUL or an invalid byte sequence); remove it and send again',
  },
  'http.internal': { zh: '服务器内部错误；请凭请求编号在服务器日志中查询', en: 'internal error; the request id identifies it in the server log' },
  'http.refused': { zh: '请求被拒绝（{status}）', en: 'the request was refused ({status})' },
  'http.bodyNotArray': { zh: '请求体须为 JSON 数组', en: 'the body must be a JSON array' },
  'http.tooManyElements': { zh: '每次请求最多 {max} 个元素，实际为 {given} 个', en: 'at most {max} elements per request, got {given}' },
  'http.rateLimited': { zh: '来自该地址的请求过多，请在 {after} 后重试', en: 'too many requests from this address; retry in {after}' },
  'http.uploadMultipart': {
    zh: '请以 multipart/form-data 上传名单，字段名为 "file"（或直接以 text/csv 或 XLSX 类型作为请求体）',
    en: 'send the list as multipart/form-data with the field "file" (or as the body with Content-Type text/csv or the XLSX type)',
  },
  'http.uploadWrongField': { zh: '名单须放在 multipart 字段 "file" 中，而不是 "{field}"', en: 'the list must be in the multipart field "file", not "{field}"' },
  'http.uploadNoFile': { zh: 'multipart 请求体中没有名单字段 "file"', en: 'the multipart body has no field "file" with the list' },
  // Text built by code that does not yet give a key: the Chinese reader is told what happened, with the detail as it came.
  'text.untranslated': { zh: '请求未被接受：{text}', en: '{text}' },
  'http.fieldProblem': { zh: '{field}：{problem}', en: '{field}: {problem}' },
  'http.ndjsonOrArray': { zh: '请发送 NDJSON（Content-Type: application/x-ndjson）或事件的 JSON 数组', en: 'send NDJSON (Content-Type: application/x-ndjson) or a JSON array of events' },
  'http.scanMediaType': {
    zh: '不支持该 Content-Type；NDJSON 请用 application/x-ndjson，JSON 数组请用 application/json',
    en: 'unsupported Content-Type; send NDJSON as application/x-ndjson or a JSON array as application/json',
  },
} as const satisfies Record<string, Texts>;

/** Sign-in, sessions, tokens and roles. */
export const ACCESS_ERROR_TEXTS = {
  'access.sendBearer': { zh: '请发送 Authorization: Bearer <令牌>', en: 'send Authorization: Bearer <token>' },
  'access.badBearer': { zh: '该 Bearer 令牌无效', en: 'the bearer token is not valid' },
  'access.signInOrBearer': {
    zh: '请发送 Authorization: Bearer <令牌>，或先登录（POST /api/v1/session）',
    en: 'send Authorization: Bearer <token>, or sign in (POST /api/v1/session)',
  },
  'access.sessionEnded': { zh: '会话已结束，请重新登录', en: 'the session has ended; sign in again' },
  'access.roleMayNot': { zh: '角色 {role} 无权执行 {method} {route}', en: 'role {role} may not {method} {route}' },
  'access.csrf': {
    zh: '使用会话 Cookie 的 {method} 请求须带请求头 {header}: 1 或同源的 Origin 请求头（已拒绝跨站请求）',
    en: '{method} with a session cookie needs the header {header}: 1 or a same-origin Origin header (cross-site request refused)',
  },
  'access.wrongCredentials': { zh: '用户名或密码错误', en: 'wrong username or password' },
  'access.tooManySignIns': { zh: '登录失败次数过多（{which}），请在 {wait} 后重试', en: 'too many failed sign-ins {which}; try again in {wait}' },
  'access.fromAddress': { zh: '来自该地址', en: 'from this address' },
  'access.forUser': { zh: '该用户名', en: 'for this username' },
  'access.seconds': { zh: '{n} 秒', en: '{n} s' },
  'access.minutes': { zh: '{n} 分钟', en: '{n} min' },
  'access.wrongCurrentPassword': { zh: '当前密码不正确', en: 'the current password is wrong' },
  'access.notSignedIn': { zh: '尚未登录', en: 'not signed in' },
  'access.noCaller': { zh: '无调用方身份', en: 'no caller' },
  'access.userExists': { zh: '用户 {username} 已存在', en: 'user {username} already exists' },
  'access.userNotFound': { zh: '未找到用户 {username}', en: 'user {username} not found' },
  'access.cannotDisableSelf': { zh: '不能停用自己的用户，请另一位管理员操作', en: 'you cannot disable your own user; ask another admin' },
  'access.lastAdmin': {
    zh: '用户 {username} 是最后一位启用中的管理员，请先将另一位用户设为管理员',
    en: 'user {username} is the last active admin; make another user admin first',
  },
  'access.unitForPartnerUser': { zh: 'unit：合作方的用户属于其合作方，不属于某个单位', en: 'unit: a partner’s user belongs to its partner, not to a unit' },
  'access.unknownUnit': { zh: 'unit：未知的单位 {unit}', en: 'unit: unknown unit {unit}' },
  'access.partnerOnlyForPartnerRole': {
    zh: 'partner：只有 partner 角色绑定合作方，角色 {role} 不绑定',
    en: 'partner: only role partner is bound to a partner, not role {role}',
  },
  'access.partnerRoleNeedsPartner': { zh: 'partner：partner 角色须给出其合作方代码', en: 'partner: role partner needs the code of its partner' },
  'access.unknownPartner': { zh: '{field}：未知的合作方 {partner}', en: '{field}: unknown partner {partner}' },
  'access.tokenNotFound': { zh: '未找到令牌 {id}', en: 'token {id} not found' },
  'access.mayNotReveal': { zh: '角色 {role} 无权查看个人信息，请联系管理员', en: 'role {role} may not reveal personal data; ask an admin' },
  'access.unknownRole': { zh: '未知', en: 'unknown' },
} as const satisfies Record<string, Texts>;
