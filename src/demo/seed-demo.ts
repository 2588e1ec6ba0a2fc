import type { DbHandle } from '../db/open-db.js';

/** Placeholder replaced by the demo generator. */
export async function seedDemo(_store: DbHandle, _options: { now: number }): Promise<{ seeded: boolean; summary: string }> {
  return { seeded: false, summary: '' };
}
