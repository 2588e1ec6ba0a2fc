/**
 * A key a caller sent with `Idempotency-Key` on a write, and the answer it got. A row is first a
 * claim (no fingerprint, no answer) while the request runs, then the stored answer; from
 * `expires_at` on it counts as never used and is swept.
 */
export interface IdempotencyKeyTable {
  /** Whose key it is, as the audit log names callers: `token:<id>` or `user:<username>`. */
  credential: string;
  key: string;
  /** Random, per claim: only the request that claimed the key may store its answer or let it go. */
  claim: string;
  /** SHA-256 (hex) of method, route, parameters, query, media type and body; set with the answer. */
  fingerprint: string | null;
  status_code: number | null;
  content_type: string | null;
  body: string | null;
  /** When the key was first used: its 24 hours run from here. */
  created_at: number;
  /** A claim's lease (a crashed request lets the key go then), or, once answered, created_at + 24 h. */
  expires_at: number;
}
