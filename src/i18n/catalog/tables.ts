import type { Texts } from './texts.js';

/**
 * An uploaded table (CSV or XLSX) that cannot be read: the file as a whole, a row the reader could
 * not read, and the parts of a workbook (ZIP entries, XML) that are damaged or past a bound.
 */
export const TABLE_TEXTS = {
  'table.fileName': { zh: '{file}：', en: '{file}: ' },
  'table.empty': { zh: '{name}文件为空', en: '{name}the file is empty' },
  'table.xls': { zh: '{name}不读取 Excel 97–2003 工作簿（.xls），请另存为 .xlsx 或 CSV', en: '{name}Excel 97–2003 workbooks (.xls) are not read; save the sheet as .xlsx or CSV' },
  'table.namedXlsx': { zh: '{name}文件名为 .xlsx，但不是 XLSX 工作簿', en: '{name}the file is named .xlsx but is not an XLSX workbook' },
  'table.noRows': { zh: '{name}文件中没有行：第一行须为列名', en: '{name}the file has no rows: the first row must name the columns' },
  'table.badRow': { zh: '{name}第 {row} 行：{problem}', en: '{name}row {row}: {problem}' },
  'table.unreadableXlsx': { zh: '{name}无法读取该 XLSX 工作簿：{detail}', en: '{name}the XLSX workbook cannot be read: {detail}' },
  'table.unreadableCsv': { zh: '{name}无法读取该 CSV 文件：{detail}', en: '{name}the CSV file cannot be read: {detail}' },
  'table.abandoned': { zh: '名单读完之前上传已中断', en: 'the upload was abandoned before the list was read' },
  'table.tooManyCells': { zh: '第 {line} 行超过 {max} 个单元格，即电子表格一行最多的单元格数', en: 'line {line} has more than {max} cells, the most a spreadsheet row can have' },

  'csv.runsOn': {
    zh: '第 {row} 行延续到第 {line} 行仍超过 {max} 个字符：可能有一个引号（"）没有闭合',
    en: 'row {row} runs on past line {line} for more than {max} characters: a quote (") is probably never closed',
  },
  'csv.quoteNotClosed': {
    zh: '有一个带引号的单元格没有闭合（缺少一个 "），文件的其余部分无法读取',
    en: 'a quoted cell is never closed (a " is missing); the rest of the file could not be read',
  },
  // The parser's own sentence for a problem it names no other way.
  'csv.parser': { zh: 'CSV 解析失败（解析器的说明：{detail}）', en: 'unreadable CSV: {detail}' },

  'xlsx.abandoned': { zh: '工作表读完之前上传已中断', en: 'the upload was abandoned before the sheet was read' },
  'xlsx.rowCutShort': { zh: '第 {row} 行没有结束：工作表不完整（文件被截断）', en: 'row {row} never closes: the worksheet is cut short (truncated file)' },
  'xlsx.noSheetData': { zh: '工作表中没有 sheetData：文件已损坏或不完整', en: 'the worksheet has no sheetData: the file is damaged or cut short' },
  'xlsx.rowsCutShort': {
    zh: '工作表在其各行结束之前就结束了（没有 </sheetData>）：文件不完整（被截断）',
    en: 'the worksheet ends before its rows do (no </sheetData>): the file is cut short (truncated)',
  },
  'xlsx.rowOpenAtEnd': { zh: '第 {row} 行直到各行结束都没有结束；文件已损坏', en: 'row {row} never closes before the end of the rows; the file is damaged' },
  'xlsx.rowOpenAtNext': { zh: '第 {row} 行在下一行开始之前没有结束；文件已损坏', en: 'row {row} never closes before the next row starts; the file is damaged' },
  'xlsx.rowNumber': {
    zh: '有一行的行号为“{given}”；行号须在 1 至 {max} 之间（工作表的最后一行）',
    en: 'a row is numbered "{given}"; rows run from 1 to {max}, the last a worksheet can have',
  },
  'xlsx.cellOpen': { zh: '第 {row} 行：单元格 {cell} 没有结束；文件已损坏', en: 'row {row}: cell {cell} never closes; the file is damaged' },
  'xlsx.cellOpenAtNext': { zh: '第 {row} 行：单元格 {cell} 在下一个单元格开始之前没有结束；文件已损坏', en: 'row {row}: cell {cell} never closes before the next cell; the file is damaged' },
  'xlsx.cellBeyond': { zh: '第 {row} 行：单元格 {cell} 超出了工作表的最后一列 {last}', en: 'row {row}: cell {cell} is beyond column {last}, the last a worksheet can have' },
  'xlsx.noSharedString': {
    zh: '第 {row} 行：单元格 {cell} 引用第 {index} 个共享字符串，而工作簿只有 {count} 个；文件已损坏',
    en: 'row {row}: cell {cell} names shared string {index}, but the workbook has {count}; the file is damaged',
  },
  'xlsx.cellTooLong': {
    zh: '第 {row} 行：单元格 {cell} 超过 {max} 个字符；电子表格的单元格最多 32,767 个字符',
    en: 'row {row}: cell {cell} holds more than {max} characters; a spreadsheet cell holds at most 32,767',
  },
  'xlsx.rowTooLong': {
    zh: '第 {row} 行超过 {max} 个字符仍未结束；文件已损坏或不是名单',
    en: 'row {row} runs on for more than {max} characters without closing; the file is damaged or not a list',
  },
  'xlsx.tooManyStrings': { zh: '共享字符串超过 {max} 个；请将名单拆分为多个文件', en: 'the shared strings hold more than {max} entries; split the list into several files' },
  'xlsx.stringTooLong': {
    zh: '第 {index} 个共享字符串超过 {max} 个字符；电子表格的单元格最多 32,767 个字符',
    en: 'shared string {index} holds more than {max} characters; a spreadsheet cell holds at most 32,767',
  },
  'xlsx.stringsCutShort': {
    zh: '共享字符串在第 {count} 个之后、最后一个结束之前就结束了：文件不完整（被截断）',
    en: 'the shared strings end after {count} entries, before their last one does: the file is cut short (truncated)',
  },
  'xlsx.noWorksheet': { zh: '工作簿中没有工作表', en: 'the workbook has no worksheet' },
  'xlsx.part.worksheet': { zh: '工作表', en: 'the worksheet' },
  'xlsx.part.sharedStrings': { zh: '共享字符串', en: 'the shared strings' },
  'xlsx.part.workbook': { zh: '工作簿', en: 'the workbook' },
  'xlsx.part.workbookRels': { zh: '工作簿的关系部件', en: "the workbook's relationships" },

  'xml.tagTooLong': { zh: '{part}：一个标签超过 {max} 个字符仍未结束；文件已损坏', en: '{part}: a tag runs on for more than {max} characters without closing; the file is damaged' },
  'xml.endsInTag': { zh: '{part}在一个标签中间结束：文件被截断', en: '{part} ends inside a tag: the file is truncated' },
  'xml.dtd': { zh: '{part}声明了 DTD（<!DOCTYPE …>），工作簿从不如此；已拒绝该文件', en: '{part} declares a DTD (<!DOCTYPE …>), which a workbook never does; the file is refused' },

  'zip.zip64Missing': { zh: '缺少 ZIP64 结束记录', en: 'ZIP64 end record is missing' },
  'zip.zip64Damaged': { zh: 'ZIP64 结束记录已损坏', en: 'ZIP64 end record is damaged' },
  'zip.directoryDamaged': { zh: '中央目录已损坏', en: 'the central directory is damaged' },
  'zip.zip64Sizes': { zh: '条目 {entry}：缺少 ZIP64 大小', en: 'entry {entry}: ZIP64 sizes are missing' },
  'zip.localHeader': { zh: '条目 {entry}：本地文件头已损坏', en: 'entry {entry}: local header is damaged' },
  'zip.pastEnd': { zh: '条目 {entry} 超出了文件末尾', en: 'entry {entry} runs past the end of the file' },
  'zip.method': { zh: '条目 {entry} 使用压缩方法 {method}；只读取 deflate 压缩', en: 'entry {entry} uses compression method {method}; only deflate is read' },
  'zip.damagedOrShort': { zh: '{part}（{entry}）已损坏或不完整：{detail}', en: '{part} ({entry}) is damaged or cut short: {detail}' },
  'zip.checksum': { zh: '{part}（{entry}）已损坏：校验和不符', en: '{part} ({entry}) is damaged: its checksum does not match' },
  'zip.tooBig': { zh: '{part}（{entry}）解压后超过 {max}，即名单此部分的上限', en: '{part} ({entry}) inflates to more than {max}, the most a list may hold there' },
  'zip.bomb': {
    zh: '{part}（{entry}）解压后超过其压缩大小（{bytes} 字节）的 {ratio} 倍；工作簿从不如此，该文件作为 ZIP 炸弹被拒绝',
    en: '{part} ({entry}) inflates more than {ratio} times its compressed size ({bytes} bytes); a workbook never does, so the file is refused as a ZIP bomb',
  },
  'zip.bytes': { zh: '{n} 字节', en: '{n} bytes' },
  'zip.notZip': { zh: '不是 ZIP 压缩包（没有中央目录结束记录）', en: 'not a ZIP archive (no end of central directory)' },
} as const satisfies Record<string, Texts>;
