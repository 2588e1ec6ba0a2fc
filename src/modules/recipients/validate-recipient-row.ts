import { placeAddress } from '../../domain/address-placement.js';
import { parseMobileNumber } from '../../domain/phone.js';
import { type RecipientCategory, CATEGORY_NAMES_ZH, RECIPIENT_CATEGORIES, parseRecipientCategory } from '../../domain/recipient-category.js';
import { parseResidentId } from '../../domain/resident-id.js';
import { checkText, countCharacters, foldCellLayout } from '../../domain/text.js';
import type { TableRow } from '../../spreadsheets/read-table.js';
import type { Column, RecipientColumns, RecipientField } from './recipient-columns.js';

/** A row that passed every check, ready to be sealed and stored. */
export interface RecipientCandidate {
  name: string;
  /** 18 characters, check character `X` in upper case. */
  idNumber: string;
  /** 11 digits. */
  phone: string;
  category: RecipientCategory;
  address: string;
  /** The county-level division the address is in. */
  divisionCode: string;
}

export interface RowProblem {
  field: RecipientField | null;
  message: string;
}

export const MAX_NAME_CHARS = 50;
export const MAX_ADDRESS_CHARS = 200;

const CATEGORY_CHOICES = RECIPIENT_CATEGORIES.map((c) => `${c} (${CATEGORY_NAMES_ZH[c]})`).join(', ');

/**
 * Checks every cell of one row and reports every problem, so a list can be fixed in one pass.
 * Messages never repeat an ID or phone number: answers and logs must not carry them in clear.
 */
export function validateRecipientRow(row: TableRow, columns: RecipientColumns): { ok: true; value: RecipientCandidate } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];

  // Names and addresses pass the API's character check. A U+FFFD here means the file's bytes were not
  // in the encoding they were read as: the characters are lost, so the row is refused, not stored so.
  const name = checkText(cellText(row, columns.name));
  if (!name.ok) problems.push({ field: 'name', message: `the name: ${name.message}` });
  else if (name.value === '') problems.push({ field: 'name', message: 'the name is missing' });
  else if (longerThan(name.value, MAX_NAME_CHARS)) problems.push({ field: 'name', message: `the name is longer than ${MAX_NAME_CHARS} characters` });

  let idNumber = '';
  const idText = cellText(row, columns.idNumber).replace(/\s/g, '');
  if (idText === '') problems.push({ field: 'idNumber', message: 'the ID number is missing' });
  else if (row.inexact?.includes(columns.idNumber.index)) {
    problems.push({ field: 'idNumber', message: 'Excel stored this ID number as a number and lost its last digits; format the column as text (文本) and enter the number again' });
  } else {
    const id = parseResidentId(idText);
    if (id.ok) idNumber = id.value.id;
    else problems.push({ field: 'idNumber', message: id.message });
  }

  let phone = '';
  const phoneText = cellText(row, columns.phone);
  if (phoneText === '') problems.push({ field: 'phone', message: 'the phone number is missing' });
  else {
    const parsed = parseMobileNumber(phoneText);
    if (parsed.ok) phone = parsed.value;
    // parseMobileNumber quotes the input; the reason alone is enough and keeps the number out of the answer.
    else problems.push({ field: 'phone', message: parsed.message.replace(/^".*?" /s, 'the phone number ') });
  }

  const categoryText = cellText(row, columns.category);
  const category = parseRecipientCategory(categoryText);
  if (!category) problems.push({ field: 'category', message: `unknown category "${categoryText.slice(0, 40)}": use ${CATEGORY_CHOICES}, or leave it empty for ordinary` });

  const addressText = checkText(cellText(row, columns.address));
  const address = addressText.ok ? addressText.value : '';
  const divisionText = cellText(row, columns.divisionCode);
  let divisionCode = '';
  let divisionOk = true;
  if (divisionText !== '' && !/^\d{6}$/.test(divisionText)) {
    problems.push({ field: 'divisionCode', message: `"${divisionText.slice(0, 20)}" is not a 6-digit GB/T 2260 code` });
    divisionOk = false;
  }
  if (!addressText.ok) problems.push({ field: 'address', message: `the address: ${addressText.message}` });
  else if (address === '') problems.push({ field: 'address', message: 'the address is missing' });
  else if (longerThan(address, MAX_ADDRESS_CHARS)) problems.push({ field: 'address', message: `the address is longer than ${MAX_ADDRESS_CHARS} characters` });
  else if (divisionOk) {
    const placed = placeAddress(address, divisionText === '' ? undefined : divisionText);
    if (placed.ok) divisionCode = placed.division.code;
    else problems.push({ field: placed.field, message: placed.message });
  }

  if (problems.length > 0 || !category || !name.ok) return { ok: false, problems };
  return { ok: true, value: { name: name.value, idNumber, phone, category, address, divisionCode } };
}

// Module functions, not closures made for each row: a list has a hundred thousand rows.
function cellText(row: TableRow, column: Column | undefined): string {
  return column ? foldCellLayout(row.cells[column.index] ?? '').trim() : '';
}

/** Counting characters walks the text; a text no longer in UTF-16 units than the limit cannot pass it. */
const longerThan = (text: string, maxChars: number) => text.length > maxChars && countCharacters(text) > maxChars;
