import { placeAddress } from '../../domain/address-placement.js';
import { parseMobileNumber } from '../../domain/phone.js';
import { type RecipientCategory, CATEGORY_NAMES_ZH, RECIPIENT_CATEGORIES, parseRecipientCategory } from '../../domain/recipient-category.js';
import { parseResidentId } from '../../domain/resident-id.js';
import { checkText, countCharacters, foldCellLayout } from '../../domain/text.js';
import type { TableRow } from '../../spreadsheets/read-table.js';
import type { Column, RecipientColumns, RecipientField } from './recipient-columns.js';
import { Message, msg } from '../../i18n/message.js';

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
  message: Message;
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
  if (!name.ok) problems.push({ field: 'name', message: msg('recipient.nameInvalid', { problem: name.message }) });
  else if (name.value === '') problems.push({ field: 'name', message: msg('recipient.nameMissing') });
  else if (longerThan(name.value, MAX_NAME_CHARS)) problems.push({ field: 'name', message: msg('recipient.nameTooLong', { max: MAX_NAME_CHARS }) });

  let idNumber = '';
  const idText = cellText(row, columns.idNumber).replace(/\s/g, '');
  if (idText === '') problems.push({ field: 'idNumber', message: msg('recipient.idMissing') });
  else if (row.inexact?.includes(columns.idNumber.index)) {
    problems.push({ field: 'idNumber', message: msg('recipient.idAsNumber') });
  } else {
    const id = parseResidentId(idText);
    if (id.ok) idNumber = id.value.id;
    else problems.push({ field: 'idNumber', message: id.message });
  }

  let phone = '';
  const phoneText = cellText(row, columns.phone);
  if (phoneText === '') problems.push({ field: 'phone', message: msg('recipient.phoneMissing') });
  else {
    const parsed = parseMobileNumber(phoneText);
    if (parsed.ok) phone = parsed.value;
    // parseMobileNumber quotes the input; the reason alone is enough and keeps the number out of the answer.
    else problems.push({ field: 'phone', message: new Message(parsed.message.key, { ...parsed.message.params, input: msg('phone.thePhone') }) });
  }

  const categoryText = cellText(row, columns.category);
  const category = parseRecipientCategory(categoryText);
  if (!category) problems.push({ field: 'category', message: msg('recipient.unknownCategory', { given: categoryText.slice(0, 40), choices: CATEGORY_CHOICES }) });

  const addressText = checkText(cellText(row, columns.address));
  const address = addressText.ok ? addressText.value : '';
  const divisionText = cellText(row, columns.divisionCode);
  let divisionCode = '';
  let divisionOk = true;
  if (divisionText !== '' && !/^\d{6}$/.test(divisionText)) {
    problems.push({ field: 'divisionCode', message: msg('recipient.divisionNot6', { given: divisionText.slice(0, 20) }) });
    divisionOk = false;
  }
  if (!addressText.ok) problems.push({ field: 'address', message: msg('recipient.addressInvalid', { problem: addressText.message }) });
  else if (address === '') problems.push({ field: 'address', message: msg('recipient.addressMissing') });
  else if (longerThan(address, MAX_ADDRESS_CHARS)) problems.push({ field: 'address', message: msg('recipient.addressTooLong', { max: MAX_ADDRESS_CHARS }) });
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
