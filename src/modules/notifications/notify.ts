import type { Insertable } from 'kysely';
import type { SmsConfig } from '../../config.js';
import type { Db } from '../../db/database.js';
import { formatLocalDate, localDateOf } from '../../domain/local-day.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { DEFAULT_LANG, type Lang } from '../../i18n/lang.js';
import { Message, render } from '../../i18n/message.js';
import { findRecipientPhones } from '../requests/request-lookup.repository.js';
import { newWebhookId } from '../webhooks/webhook-ids.js';
import { insertNotifications } from './notification.repository.js';
import type { NotificationTable, Template } from './notification.table.js';

export interface NotifyDeps {
  db: Db;
  cipher: PersonalDataCipher;
  sms: SmsConfig;
  /** The zone of the local day of the once-a-day rule. */
  timeZone: string;
}

/** One message to a recipient: the item (whose request holds the phone), the template and its parameters as plain text. */
export interface Notice {
  trackingNo: string;
  template: Template;
  /** Stored, shown in the log, and sent. */
  params: Record<string, string>;
  /** Sent to the gateway in place of the stored ones, never stored in clear (a pickup or one-time code). */
  secretParams?: Record<string, string>;
  lang?: Lang;
}

/** What the gateway is POSTed: `{phone, template, params, outId}`, the shape of the Chinese SMS gateways' template APIs. */
export interface SmsPayload {
  phone: string;
  template: Template;
  params: Record<string, string>;
  outId: string;
}

/** The code as the log shows it: every digit starred. */
export const maskCode = (code: string) => '*'.repeat(code.length);

/**
 * Stores messages for the recipients of their items, at most one per item and template on the local
 * day of `now` (one-time codes apart), and answers the out ids of those stored. An item made from no
 * request has no phone, and its notices are passed over. With the `log` provider a message is kept as
 * `shown` and goes nowhere; with `http` it waits, its body sealed, for the sender. The caller owns the
 * transaction.
 */
export async function notifyRecipients(deps: NotifyDeps, notices: readonly Notice[], now: number): Promise<string[]> {
  if (notices.length === 0) return [];
  const phones = await findRecipientPhones(deps.db, [...new Set(notices.map((n) => n.trackingNo))]);
  const day = formatLocalDate(localDateOf(now, deps.timeZone));
  const rows: Insertable<NotificationTable>[] = [];
  for (const notice of notices) {
    const phone = phones.get(notice.trackingNo);
    if (!phone) continue;
    const outId = newWebhookId('sms_');
    const params = { sign: deps.sms.signature, ...notice.params };
    const sending = deps.sms.provider === 'http';
    const payload: SmsPayload | undefined = sending
      ? { phone: deps.cipher.open(phone.phoneSealed), template: notice.template, params: { ...params, ...notice.secretParams }, outId }
      : undefined;
    rows.push({
      out_id: outId,
      tracking_no: notice.trackingNo,
      template: notice.template,
      lang: notice.lang ?? DEFAULT_LANG,
      params: JSON.stringify(params),
      phone_sealed: sending ? phone.phoneSealed : null,
      phone_masked: phone.phoneMasked,
      local_day: notice.template === 'one_time_code' ? null : day,
      provider: deps.sms.provider,
      status: sending ? 'pending' : 'shown',
      tries: 0,
      next_attempt_at: sending ? now : null,
      payload_sealed: payload ? deps.cipher.seal(JSON.stringify(payload)) : null,
      created_at: now,
    });
  }
  return insertNotifications(deps.db, rows);
}

/** The text of a stored message as the recipient reads it (codes masked), in its language. */
export function renderNotification(template: Template, lang: string, params: Record<string, string>): string {
  return render(lang === 'en' ? 'en' : 'zh-CN', new Message(`sms.${template}`, params));
}
