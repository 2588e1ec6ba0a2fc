import type { Texts } from './texts.js';

/** Objects not found, conflicts and refusals of the services, by module. */
export const OBJECT_ERROR_TEXTS = {
  'notFound.program': { zh: '未找到项目 {code}', en: 'program {code} not found' },
  'notFound.unit': { zh: '未找到单位 {code}', en: 'unit {code} not found' },
  'notFound.item': { zh: '未找到邮件 {trackingNo}', en: 'item {trackingNo} not found' },
  'notFound.consignment': { zh: '未找到总包 {trackingNo}', en: 'consignment {trackingNo} not found' },
  'notFound.request': { zh: '未找到寄递申请 {id}', en: 'request {id} not found' },
  'notFound.recipient': { zh: '未找到收件人 {id}', en: 'recipient {id} not found' },
  'notFound.webhook': { zh: '未找到 Webhook {id}', en: 'webhook {id} not found' },
  'notFound.delivery': { zh: '未找到推送 {id}', en: 'delivery {id} not found' },
  'notFound.invitation': { zh: '未找到邀请 {id}', en: 'invitation {id} not found' },
  'notFound.invitationsOfProgram': { zh: '项目 {program} 没有符合条件的邀请', en: 'no invitations of program {program} match' },
  'notFound.trackingAndPhone': { zh: '没有与该邮件号和手机号相符的邮件', en: 'no item matches this tracking number and phone number' },

  'period.tooLong': { zh: '所选时段为 {days} 天，最多 {max} 天', en: 'the period is {days} days; at most {max}' },
  'period.notBeforeFrom': { zh: '不能早于开始日期（{from}）', en: 'must not be before from ({from})' },
  'period.notRealDate': { zh: '{field}：{value} 不是真实存在的日期', en: '{field}: {value} is not a real date' },
  'period.toBeforeFrom': { zh: 'to：{to} 早于开始日期 {from}', en: 'to: {to} is before from {from}' },
  'date.notCalendarDate': { zh: '日期“{value}”不是真实的日历日期（YYYY-MM-DD）', en: 'date "{value}" is not a real calendar date YYYY-MM-DD' },
  'reconciliation.notDeliveryOffice': {
    zh: '单位 {code} 是{kind}，不是投递部：对账按投递部进行',
    en: 'unit {code} is a {kind}, not a delivery office: reconciliation is kept per delivery office',
  },
  'list.cursorOtherFilters': {
    zh: 'cursor：该游标属于另一组筛选条件的列表；请在相同筛选条件下传回 nextCursor',
    en: 'cursor: belongs to a list with other filters; pass nextCursor back with the same filters',
  },

  'labels.none': { zh: 'trackingNos：请至少列出一个邮件号', en: 'trackingNos: list at least one tracking number' },
  'labels.tooMany': {
    zh: 'trackingNos：每次最多 {max} 个邮件号，实际为 {given} 个，请拆分名单',
    en: 'trackingNos: at most {max} tracking numbers per request, got {given}; split the list',
  },
  'labels.cannotPrint': {
    zh: '{count} / {total} 个邮件号无法打印，因此未生成任何面单：{shown}{more}',
    en: '{count} of {total} tracking numbers cannot be printed, so no label was: {shown}{more}',
  },
  'labels.noDestination': {
    zh: '邮件 {trackingNo} 没有收件地址；打印面单前请先登记其目的地',
    en: 'item {trackingNo} has no destination address; register its destination before printing a label',
  },
  'labels.malformed': { zh: '{quoted} 不是有效的邮件号：{problem}', en: '{quoted} is not a valid tracking number: {problem}' },
  'labels.more': { zh: '；另有 {n} 个（见 details）', en: '; and {n} more (see details)' },
  'labels.problemAt': { zh: '[{index}] {problem}', en: '[{index}] {problem}' },

  'consignment.unknownPartner': { zh: '{field}：未知的合作方 {partner}', en: '{field}: unknown partner {partner}' },
  'consignment.unknownUnit': { zh: 'toUnit：未知的单位 {unit}', en: 'toUnit: unknown unit {unit}' },
  'consignment.itemsRefused': {
    zh: '{count} 个邮件不能装入该总包，未保存任何内容',
    en: '{count} of the items cannot go into this consignment; nothing was stored',
  },
  'consignment.noNumbers': { zh: '业务种类 {indicator} 已无可用邮件号', en: 'no tracking numbers left for service indicator {indicator}' },
  'consignment.exists': { zh: '总包 {trackingNo} 已存在', en: 'consignment {trackingNo} already exists' },
  'consignment.numberIsItem': {
    zh: '{trackingNo} 已是某个邮件的邮件号，总包须使用自己的号码',
    en: "{trackingNo} is already an item's tracking number; a consignment needs a number of its own",
  },

  'webhook.deliveredAlready': {
    zh: '推送 {id} 已送达；如需再次发送，请从其时间起重放',
    en: 'delivery {id} was delivered; to send it again, replay from its time',
  },
  'webhook.disabled': { zh: 'Webhook {id} 已停用，请先启用', en: 'webhook {id} is disabled; enable it first' },
  'webhook.namePartner': { zh: 'partner：请给出该端点所属的合作方', en: 'partner: name the partner the endpoint belongs to' },

  'units.unknownDivision': { zh: '未知的 GB/T 2260 行政区划代码 {code}', en: 'unknown GB/T 2260 division code {code}' },
  'units.unknownParent': { zh: '未知的上级单位 {code}', en: 'unknown parent unit {code}' },
  'items.noNumbersLeft': {
    zh: '业务种类 {indicator} 已无可用邮件号；请在 SONGDA_S10_RANGES 中配置号段',
    en: 'no tracking numbers left for service indicator {indicator}; configure a range in SONGDA_S10_RANGES',
  },
  'items.unknownUnit': { zh: 'originUnit：未知的单位 {unit}', en: 'originUnit: unknown unit {unit}' },
  'partners.unknownDivision': { zh: 'divisionCode：未知的 GB/T 2260 行政区划代码 {code}', en: 'divisionCode: unknown GB/T 2260 division code {code}' },
  'import.tooManyUnitRows': { zh: '超过 {max} 行，请将名单拆分为多个文件', en: 'more than {max} rows; split the list into several files' },
  'import.duplicateColumn': {
    zh: '列“{first}”和“{second}”都给出了{field}，请只保留一列',
    en: 'columns "{first}" and "{second}" both give {field}; keep one',
  },
  'import.missingUnitColumns': {
    zh: '表头行（第 {row} 行）缺少列：{missing}；各列为 {columns}，最后两列可选',
    en: 'the header row (row {row}) has no column {missing}; the columns are {columns}, the last two optional',
  },
  'import.missingRecipientColumns': {
    zh: '表头行（第 {row} 行）缺少列：{missing}；各列为 {columns}，divisionCode 可选',
    en: 'the header row (row {row}) has no column {missing}; the columns are {columns}, divisionCode optional',
  },
  'import.columnName': { zh: '{field}（{header}）', en: '{field} ({header})' },


  'partner.kindMustStay': {
    zh: 'kind：合作方 {code} 是项目 {program} 的 {field}，类型须保持为{kinds}',
    en: 'kind: partner {code} is {field} of program {program}, so it must stay {kinds}',
  },
  'webhook.urlNotUrl': { zh: '“{value}”不是网址（例如 https://agency.example.cn/songda/events）', en: '"{value}" is not a URL (e.g. https://agency.example.cn/songda/events)' },
  'webhook.urlCredentials': { zh: '不得带用户名或密码：签名已证明发送方', en: 'must not carry a user name or password: the signature proves who sends' },
  'webhook.urlFragment': { zh: '不得带 #片段，它从不会被发送', en: 'must not have a #fragment, which is never sent' },
  'webhook.urlScheme': { zh: '须为 https，实际为 {scheme}', en: 'must be https, got {scheme}' },
  'webhook.urlPlainHttp': {
    zh: '须为 https：事件将以明文经过网络（明文 http 只允许发往 localhost，或在设置了 SONGDA_WEBHOOK_ALLOW_HTTP 的服务器上）',
    en: 'must be https: events would cross the network unencrypted (plain http is allowed only to localhost, or where SONGDA_WEBHOOK_ALLOW_HTTP is set)',
  },
  'consignment.memberUnknown': { zh: '未知的邮件：请先登记（POST /api/v1/items 或寄递申请）', en: 'unknown item: register it first (POST /api/v1/items or a request)' },
  'consignment.memberItself': { zh: '总包不能装入自己', en: 'a consignment cannot contain itself' },
  'consignment.memberTwice': { zh: '重复列出', en: 'listed twice' },
  'consignment.memberIsConsignment': { zh: '这是一个总包；不支持总包套总包', en: 'is a consignment; consignments inside consignments are not supported' },
  'consignment.memberInside': { zh: '已装入总包 {consignment}，该总包尚未开拆', en: 'already inside consignment {consignment}, which has not been opened' },
  'consignment.memberInsideAnother': { zh: '已装入另一个尚未开拆的总包', en: 'already inside another consignment, which has not been opened' },
  'unit.notAKind': {
    zh: '“{kind}”不是单位类型：应为 counter（营业网点）、processing_centre（处理中心）或 delivery_office（揽投部）',
    en: '"{kind}" is not a unit kind: counter (营业网点), processing_centre (处理中心) or delivery_office (揽投部)',
  },
  'unit.codeRepeated': { zh: 'code：{code} 已在第 {first} 行给出；保留第 {first} 行', en: 'code: {code} is already given in row {first}; row {first} is kept' },
  'request.thisRecipient': { zh: '该收件人', en: 'this recipient' },
  'request.theDocument': { zh: '证件 {documentNo}', en: 'document {documentNo}' },
  'request.dupInBatch': { zh: '{field}：{what}已由本次请求的第 {index} 个元素申请', en: '{field}: {what} is already requested by element {index} of this request' },
  'request.dupMailed': { zh: '{field}：{what}已申请并已寄出（申请 {id}）', en: '{field}: {what} was already requested and mailed (request {id})' },
  'request.refInBatch': { zh: 'externalRef：{ref} 已由本次请求的第 {index} 个元素使用', en: 'externalRef: {ref} is already given by element {index} of this request' },
  'request.refTaken': { zh: 'externalRef：{ref} 已对应本项目的申请 {requestId}', en: 'externalRef: {ref} already names request {requestId} of this program' },
  'request.refOnWaiting': {
    zh: 'externalRef：本次补全的待寄申请 {requestId} 已有 externalRef {ref}',
    en: 'externalRef: the waiting request {requestId} this completes already has externalRef {ref}',
  },
  'program.eitherKind': { zh: '{a}或{b}', en: '{a} or {b}' },
  'program.partnerTwice': { zh: '{field}：{partner} 出现了两次', en: '{field}: {partner} is named twice' },
  'program.wrongKind': {
    zh: '{field}：{partner} 的类型是{kind}，而{role}须为{kinds}',
    en: '{field}: {partner} is {kind}, but {role} must be {kinds}',
  },
  'program.role.sponsor': { zh: '发证机关（主办方）', en: 'the sponsor' },
  'program.role.activationBank': { zh: '激活银行', en: 'the activation bank' },
  'program.role.bankPayer': { zh: '付费银行', en: 'the paying bank' },
  'program.role.governmentPayer': { zh: '付费的政府部门', en: 'the paying government body' },
  'program.recipientPaysNoPayer': {
    zh: 'payerShares：付费方式为自费（recipient）时由收件人付费，不要填写付费方',
    en: 'payerShares: the recipient pays in payerMode recipient, so name no payer',
  },
  'program.governmentOnePayer': {
    zh: 'payerShares：政邮合作（government）只有一个付费方（未填写时为发证机关），比例为 1',
    en: 'payerShares: payerMode government has one payer (the sponsor unless named here) with share 1',
  },
  'program.bankOnePayer': {
    zh: 'payerShares：银邮合作（bank）只有一个付费方，须为银行，比例为 1',
    en: 'payerShares: payerMode bank has exactly one payer, a bank, with share 1',
  },
  'program.bankNeedsBank': {
    zh: 'payerShares：银邮合作（bank）须给出付费银行：{example} 或 requirements.activationBank',
    en: 'payerShares: payerMode bank needs its paying bank: {example} or requirements.activationBank',
  },
  'program.multiPartyTwoPayers': {
    zh: 'payerShares：多方合作（multi_party）至少需要两个付费方及各自的比例',
    en: 'payerShares: payerMode multi_party needs at least two payers with their shares',
  },
  'program.sharesSum': {
    zh: 'payerShares：各付费方比例之和须为 1，现为 {total}',
    en: 'payerShares: shares must add up to 1, they add up to {total}',
  },
  'request.unknownCategory': {
    zh: 'category：未知的类别“{category}”；应为 ordinary、martyr_family、combat_veteran、disabled_veteran 或 merit_second_class',
    en: 'category: unknown category "{category}"; use ordinary, martyr_family, combat_veteran, disabled_veteran or merit_second_class',
  },
  'partner.exists': { zh: 'code：合作方 {code} 已存在', en: 'code: partner {code} already exists' },
  'program.exists': { zh: 'code：项目 {code} 已存在', en: 'code: program {code} already exists' },
  'search.empty': { zh: 'q 为空：{accepted}', en: 'q is empty: {accepted}' },
  'search.tooShort': { zh: 'q 太短（至少 {min} 个字）：{accepted}', en: 'q is too short (at least {min} characters): {accepted}' },
  'search.tooLong': { zh: 'q 太长（至多 {max} 个字）：{accepted}', en: 'q is too long (at most {max} characters): {accepted}' },
  'search.forbidden': { zh: '查询内容（q）{problem}', en: 'q {problem}' },
  'search.accepted': {
    zh: '可按邮件号（如 EA123456785CN）、11 位手机号、18 位身份证号、姓名全名、证件编号或委托方的业务编号查询',
    en: 'search by a tracking number (e.g. EA123456785CN), an 11-digit mobile number, an 18-character resident ID number, a full name, a document number or the agency’s reference',
  },
  'invitation.programGone': { zh: '该链接所属的项目已不存在', en: 'the program of this link no longer exists' },
  'invitation.giveSomething': {
    zh: 'body：请给出 recipients（名单中的身份证号）、documents（证件编号）或 count（不绑定的邀请数）',
    en: 'body: give recipients (listed ID numbers), documents (document numbers) or count (unbound invitations)',
  },
  'invitation.tooMany': { zh: '每次最多 {max} 个邀请，实际要求 {given} 个', en: 'at most {max} invitations per call, asked for {given}' },
  'invitation.notListed': { zh: '{field}：不在项目 {program} 的收件人名单中', en: '{field}: not on the recipient list of program {program}' },
  'invitation.sameRecipient': { zh: '{field}：与 recipients.{first} 是同一收件人', en: '{field}: the same recipient as recipients.{first}' },
  'invitation.sameDocument': { zh: '{field}：与 documents.{first} 是同一证件', en: '{field}: the same document as documents.{first}' },
  'invitation.alreadyMailedToRecipient': { zh: '该证件已申请寄递给此收件人', en: 'this document has already been requested and mailed to this recipient' },
  'invitation.alreadyMailed': { zh: '该证件已申请寄递', en: 'this document has already been requested and mailed' },
  'invitation.used': { zh: '该链接已用于申请寄递；每个二维码只能使用一次', en: 'this link has already been used to request mailing; each QR code works once' },
  'invitation.noNumbers': { zh: '当前没有可用的邮件号，请稍后再试', en: 'no tracking numbers are available right now; please try again later' },
  'invitation.batchOrIds': { zh: 'querystring：请给出 batch 或 ids 之一', en: 'querystring: give either batch or ids' },
  'invitation.altered': {
    zh: '该链接无效：不完整或已被改动，请重新扫描二维码',
    en: 'this link is not valid: it is incomplete or has been altered; scan the QR code again',
  },
  'invitation.namesNone': { zh: '该链接不对应任何邀请，请向发证机关索取新的二维码', en: 'this link names no invitation; ask the issuing office for a new QR code' },
  'invitation.mismatch': { zh: '该链接与其邀请不符，请向发证机关索取新的二维码', en: 'this link does not match its invitation; ask the issuing office for a new QR code' },
  'invitation.otherProgram': { zh: '该链接属于另一个项目（{program}），不是 {expected}', en: 'this link is for another program ({program}), not {expected}' },
  'invitation.expired': { zh: '该链接已过期，请向发证机关索取新的二维码', en: 'this link has expired; ask the issuing office for a new QR code' },
} as const satisfies Record<string, Texts>;
