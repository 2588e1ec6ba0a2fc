import type { WriteTx } from '../../db/write-tx.js';
import type { ItemStateRepository } from './item-state.js';
import { postgresItemStates } from './item-state.postgres.js';
import { sqliteItemStates } from './item-state.sqlite.js';

export type { CrossedSilence, ItemStateRepository, ItemUpdate, StoredItemState } from './item-state.js';

/** The items' derived state in the open transaction, on its engine. */
export function itemStates(tx: WriteTx): ItemStateRepository {
  return tx.engine === 'sqlite' ? sqliteItemStates(tx.sqlite) : postgresItemStates(tx.client);
}
