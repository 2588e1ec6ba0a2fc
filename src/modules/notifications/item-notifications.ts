import type { Db } from '../../db/database.js';
import type { Scope } from '../../domain/access-scope.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import { findItemsByTrackingNos } from '../items/item-batch.repository.js';
import { listNotificationsOfItem } from './notification.repository.js';
import type { TItemNotifications } from './notification.schemas.js';
import { renderNotification } from './notify.js';

/** What the item's recipient was told, oldest first, masked: for the post's staff and the partners of its program. */
export async function getItemNotifications(db: Db, trackingNo: string, scope: Scope, timeZone: string): Promise<TItemNotifications> {
  const [item] = await findItemsByTrackingNos(db, [trackingNo], scope);
  if (!item) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  const at = (ms: number | string | null) => (ms === null ? null : formatZoned(Number(ms), timeZone));
  const rows = await listNotificationsOfItem(db, trackingNo);
  return {
    trackingNo,
    notifications: rows.map((r) => ({
      outId: r.out_id,
      template: r.template,
      status: r.status,
      provider: r.provider,
      phone: r.phone_masked,
      text: renderNotification(r.template, r.lang, JSON.parse(r.params) as Record<string, string>),
      createdAt: at(r.created_at)!,
      sentAt: at(r.sent_at),
      lastAttemptAt: at(r.last_attempt_at),
      tries: Number(r.tries),
      lastError: r.last_error,
    })),
  };
}
