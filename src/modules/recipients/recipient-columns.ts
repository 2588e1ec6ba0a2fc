import { AppError } from '../../errors.js';
import type { TableRow } from '../../spreadsheets/read-table.js';
import { msg } from '../../i18n/message.js';

/** The columns of a recipient list; `divisionCode` may be left out. */
export const RECIPIENT_FIELDS = ['name', 'idNumber', 'phone', 'category', 'address', 'divisionCode'] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

const OPTIONAL_FIELDS: ReadonlySet<RecipientField> = new Set(['divisionCode']);

/** Header names each field is known by, after `normaliseHeader`; the first Chinese one is the one we document. */
const HEADER_NAMES: Readonly<Record<RecipientField, readonly string[]>> = {
  name: ['name', '姓名', '收件人', '收件人姓名'],
  idNumber: ['idnumber', '身份证号', '身份证号码', '公民身份号码', '证件号码'],
  phone: ['phone', '手机号', '手机号码', '手机', '联系电话'],
  category: ['category', '类别', '人员类别', '优抚类别'],
  address: ['address', '地址', '收件地址', '邮寄地址', '详细地址'],
  divisionCode: ['divisioncode', '区划代码', '行政区划代码'],
};

const FIELD_BY_HEADER: ReadonlyMap<string, RecipientField> = new Map(
  RECIPIENT_FIELDS.flatMap((field) => HEADER_NAMES[field].map((h) => [h, field] as const)),
);

/** Where each field is in the file, and its header as written there (what rejections name). */
export type RecipientColumns = { [F in RecipientField]: F extends 'divisionCode' ? Column | undefined : Column };
export interface Column {
  index: number;
  label: string;
}

/**
 * `ID Number`, `id_number`, `*身份证号` (templates star the required columns) and `身份证号：` all
 * name the same column.
 */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[\s_*＊:：()（）-]/g, '')
    .toLowerCase();
}

export const describeField = (field: RecipientField) => msg('import.columnName', { field, header: HEADER_NAMES[field][1] ?? field });

/**
 * Finds the columns in the header row; columns may come in any order, others are ignored. A missing
 * required column, or two columns for one field, fails the whole file.
 */
export function mapRecipientColumns(header: TableRow): RecipientColumns {
  const found = new Map<RecipientField, Column>();
  for (const [index, raw] of header.cells.entries()) {
    const field = FIELD_BY_HEADER.get(normaliseHeader(raw));
    if (!field) continue;
    const label = raw.trim();
    const earlier = found.get(field);
    if (earlier) {
      throw new AppError('invalid_request', msg('import.duplicateColumn', { first: earlier.label, second: label, field: describeField(field) }), {
        row: header.rowNumber,
        columns: [earlier.label, label],
      });
    }
    found.set(field, { index, label });
  }
  const missing = RECIPIENT_FIELDS.filter((f) => !OPTIONAL_FIELDS.has(f) && !found.has(f));
  if (missing.length > 0) {
    throw new AppError(
      'invalid_request',
      msg('import.missingRecipientColumns', { row: header.rowNumber, missing: missing.map(describeField), columns: RECIPIENT_FIELDS.map(describeField) }),
      { row: header.rowNumber, missingColumns: missing },
    );
  }
  return Object.fromEntries(RECIPIENT_FIELDS.map((f) => [f, found.get(f)])) as RecipientColumns;
}
