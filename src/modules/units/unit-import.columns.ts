import { foldCellLayout } from '../../domain/text.js';
import { AppError } from '../../errors.js';
import type { TableRow } from '../../spreadsheets/read-table.js';
import { UNIT_KINDS, type UnitKind } from './unit.table.js';
import { type Message, msg } from '../../i18n/message.js';

/** The columns of a unit list: the fields of POST /units. */
export const UNIT_FIELDS = ['code', 'name', 'kind', 'divisionCode', 'parentCode', 'endOfShift'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];

const REQUIRED: readonly UnitField[] = ['code', 'name', 'kind', 'divisionCode'];

/** Header names each field is known by (after `normaliseHeader`); the second is the Chinese one we document. */
const HEADER_NAMES: Readonly<Record<UnitField, readonly string[]>> = {
  code: ['code', '单位代码', '代码', '机构代码', '网点代码', '编码'],
  name: ['name', '单位名称', '名称', '机构名称', '网点名称'],
  kind: ['kind', '单位类型', '类型', '机构类型', '网点类型'],
  divisionCode: ['divisioncode', '区划代码', '行政区划代码', '行政区划'],
  parentCode: ['parentcode', '上级单位代码', '上级代码', '上级机构代码', '上级单位'],
  endOfShift: ['endofshift', '收班时间', '收班'],
};

/** A kind as written in Chinese lists, or as the API names it. */
const KIND_NAMES: Readonly<Record<UnitKind, readonly string[]>> = {
  counter: ['counter', '营业网点', '营业部', '营业厅', '收寄网点', '网点'],
  processing_centre: ['processing_centre', 'processingcentre', '处理中心', '邮区中心', '分拣中心', '邮件处理中心'],
  delivery_office: ['delivery_office', 'deliveryoffice', '揽投部', '投递部', '揽投站', '投递局'],
};

const FIELD_BY_HEADER: ReadonlyMap<string, UnitField> = new Map(UNIT_FIELDS.flatMap((f) => HEADER_NAMES[f].map((h) => [h, f] as const)));
const KIND_BY_NAME: ReadonlyMap<string, UnitKind> = new Map(UNIT_KINDS.flatMap((k) => KIND_NAMES[k].map((n) => [n.replace(/\s/g, '').toLowerCase(), k] as const)));

export interface Column {
  index: number;
  /** The header as written in the file: what rejections name. */
  label: string;
}
export type UnitColumns = Partial<Record<UnitField, Column>>;

export const describeField = (field: UnitField) => msg('import.columnName', { field, header: HEADER_NAMES[field][1] ?? field });

/** `Division Code`, `division_code`, `*区划代码` and `区划代码：` all name the same column. */
function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[\s_*＊:：()（）-]/g, '')
    .toLowerCase();
}

/**
 * Finds the columns in the header row, in any order; other columns are ignored. A missing required
 * column, or two columns for one field, fails the whole file.
 */
export function mapUnitColumns(header: TableRow): UnitColumns {
  const found: UnitColumns = {};
  for (const [index, raw] of header.cells.entries()) {
    const field = FIELD_BY_HEADER.get(normaliseHeader(raw));
    if (!field) continue;
    const label = raw.trim();
    const earlier = found[field];
    if (earlier) {
      throw new AppError('invalid_request', msg('import.duplicateColumn', { first: earlier.label, second: label, field: describeField(field) }), { row: header.rowNumber, columns: [earlier.label, label] });
    }
    found[field] = { index, label };
  }
  const missing = REQUIRED.filter((f) => !found[f]);
  if (missing.length > 0) {
    throw new AppError(
      'invalid_request',
      msg('import.missingUnitColumns', { row: header.rowNumber, missing: missing.map(describeField), columns: UNIT_FIELDS.map(describeField) }),
      { row: header.rowNumber, missingColumns: missing },
    );
  }
  return found;
}

/** A row as the element POST /units takes (empty optional cells left out), or the kind that is not one. */
export function unitElementOf(row: TableRow, columns: UnitColumns): { element: Record<string, string> } | { field: UnitField; message: Message } {
  const element: Record<string, string> = {};
  for (const field of UNIT_FIELDS) {
    const column = columns[field];
    // The name then passes POST /units' character check; only a cell's layout (line breaks, tabs) is forgiven here.
    const text = column ? foldCellLayout(row.cells[column.index] ?? '').trim() : '';
    if (text === '' && !REQUIRED.includes(field)) continue;
    element[field] = text;
  }
  if (element.kind !== undefined && element.kind !== '') {
    const kind = KIND_BY_NAME.get(element.kind.replace(/\s/g, '').toLowerCase());
    if (!kind) {
      return { field: 'kind', message: msg('unit.notAKind', { kind: element.kind }) };
    }
    element.kind = kind;
  }
  return { element };
}
