/**
 * The SET clause of the item upsert after a batch of scans, the same on both engines: `excluded`
 * carries the batch's latest event and earliest delivery for the item. The latest event moves
 * forward only (by instant, then by event id); delivery is terminal, so the earliest DELIVERED wins
 * and fixes the status.
 */
const NEWER = `(items.last_event_at IS NULL OR items.last_event_at < excluded.last_event_at
  OR (items.last_event_at = excluded.last_event_at AND items.last_event_id < excluded.last_event_id))`;

export const ITEM_UPSERT_SET = `
  last_event_code = CASE WHEN ${NEWER} THEN excluded.last_event_code ELSE items.last_event_code END,
  last_event_site = CASE WHEN ${NEWER} THEN excluded.last_event_site ELSE items.last_event_site END,
  last_event_id = CASE WHEN ${NEWER} THEN excluded.last_event_id ELSE items.last_event_id END,
  delivered_at = CASE
    WHEN items.delivered_at IS NULL THEN excluded.delivered_at
    WHEN excluded.delivered_at IS NOT NULL AND excluded.delivered_at < items.delivered_at THEN excluded.delivered_at
    ELSE items.delivered_at END,
  status = CASE
    WHEN items.delivered_at IS NOT NULL OR excluded.delivered_at IS NOT NULL THEN 'DELIVERED'
    WHEN ${NEWER} THEN excluded.last_event_code
    ELSE items.status END,
  last_event_at = CASE WHEN ${NEWER} THEN excluded.last_event_at ELSE items.last_event_at END`;
