/** An item row's derived state, as the write path reads it before a batch (undefined: not stored yet). */
export interface StoredItemState {
  lastEventId: number | null;
  lastEventAt: number | null;
  lastEventCode: string | null;
  lastEventSite: string | null;
  lastVisit: number | null;
  acceptedAt: number | null;
  deliveredAt: number | null;
  silenceType: string | null;
  silenceUnit: string | null;
  silenceVisit: number | null;
  silenceDueAt: number | null;
}

/** An item row's derived state after a batch. */
export interface ItemUpdate {
  trackingNo: string;
  status: string;
  lastEventCode: string;
  lastEventAt: number;
  lastEventSite: string;
  lastEventId: number;
  lastVisit: number;
  acceptedAt: number | null;
  deliveredAt: number | null;
  silenceType: string | null;
  silenceUnit: string | null;
  silenceVisit: number | null;
  silenceDueAt: number | null;
}

/** An item whose pending silence became visible: what the sweep opens. */
export interface CrossedSilence {
  trackingNo: string;
  silenceType: string;
  silenceUnit: string | null;
  silenceVisit: number | null;
  silenceDueAt: number;
}

/** The writes to `items` the scan write path and the silence sweep make, inside their transaction. */
export interface ItemStateRepository {
  /**
   * The items' derived state, locked until the transaction ends where the engine locks rows (so
   * concurrent batches touching the same item run one after the other). Items not stored are absent
   * on SQLite; on PostgreSQL they are first created, never scanned, so that they can be locked.
   */
  lockStates(trackingNos: readonly string[], now: number): Promise<Map<string, StoredItemState>>;
  /** Writes the items' new state; `stored` is what lockStates answered. */
  write(updates: readonly ItemUpdate[], stored: ReadonlyMap<string, StoredItemState>, now: number): Promise<void>;
  /** Back to never scanned: every event these items had was taken away. */
  reset(trackingNos: readonly string[]): Promise<void>;
  /** Items whose pending silence became visible before `asOf`, oldest first (PostgreSQL: skipping those another sweep holds). */
  findCrossedSilences(asOf: number, limit: number): Promise<CrossedSilence[]>;
  /**
   * Marks the items' pending silences as opened, each only if it is still the one the sweep read;
   * answers the items marked.
   */
  markSilencesOpened(crossed: readonly CrossedSilence[]): Promise<Set<string>>;
}

/** A crossed silence as both engines read it. */
export interface CrossedRow {
  tracking_no: string;
  silence_type: string;
  silence_unit: string | null;
  silence_visit: number | null;
  silence_due_at: number | string;
}

export const toCrossed = (r: CrossedRow): CrossedSilence => ({
  trackingNo: r.tracking_no,
  silenceType: r.silence_type,
  silenceUnit: r.silence_unit,
  silenceVisit: r.silence_visit,
  silenceDueAt: Number(r.silence_due_at),
});
