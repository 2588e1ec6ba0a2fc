// What the statement's XLSX and PDF both say about its header, in the reader's language.
import { localWallTime } from '../../export/table-column.js';
import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/message.js';
import type { StatementHeader, StatementStatus } from './statement.model.js';

export interface StatementFileOptions {
  /**
   * The zone the statement's instants (created, issued, voided) are shown in: the server's configured
   * zone. Days (period, mailing days) are already local and do not depend on it.
   */
  timeZone?: string;
}

/** Songda's default zone (SONGDA_TZ), for a caller that passes none. */
export const DEFAULT_FILE_TIME_ZONE = 'Asia/Shanghai';

/** A payer's name: the partner's, "paid by the recipient" for `recipient`, or null for a partner no longer registered. */
export function payerNameText(payer: string, payerName: string | null, lang: Lang): string | null {
  if (payerName !== null) return payerName;
  return payer === 'recipient' ? t(lang, 'statementFile.recipientPays') : null;
}

/** "宜昌市财政局（AG12）", or the code alone when the name is unknown. */
export function payerWithCode(header: Pick<StatementHeader, 'payer' | 'payerName'>, lang: Lang): string {
  const name = payerNameText(header.payer, header.payerName, lang);
  return name === null ? header.payer : t(lang, 'statementFile.payerWithCode', { name, code: header.payer });
}

export function statusText(status: StatementStatus, lang: Lang): string {
  return t(lang, `statementFile.status.${status}`);
}

/** What a draft or void statement says in large letters so that nobody pays it; null when issued. */
export function notForPayment(status: StatementStatus, lang: Lang): string | null {
  if (status === 'draft') return t(lang, 'statementFile.draftWarning');
  if (status === 'void') return t(lang, 'statementFile.voidWarning');
  return null;
}

/** An instant as local "YYYY-MM-DD HH:mm". */
export function localMinuteText(ms: number, timeZone: string): string {
  return localWallTime(ms, timeZone).toISOString().slice(0, 16).replace('T', ' ');
}
