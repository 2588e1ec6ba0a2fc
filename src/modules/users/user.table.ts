import type { Role } from '../auth/api-token.table.js';

export interface UserTable {
  username: string;
  /** argon2id in PHC string format; never a clear password. */
  password_hash: string;
  role: Role;
  display_name: string | null;
  created_at: number;
  /** Set when the user may no longer sign in; their sessions are deleted at the same time. */
  disabled_at: number | null;
  /** For role `partner`: the partner the user acts for; null for the post's own staff. */
  partner: string | null;
  /** For the post's own staff: the unit the user works at, if any (a code of `units`); null for partners' users. */
  unit: string | null;
}

export interface SessionTable {
  /** SHA-256 (hex) of the cookie's value; the value itself is never stored. */
  id: string;
  username: string;
  created_at: number;
  /** Moved forward as the session is used (sliding expiry). */
  expires_at: number;
  last_seen_at: number;
}

export interface SignInFailureTable {
  /** `user:<username>` (lower-cased) or `addr:<client address>`: each is limited on its own. */
  key: string;
  /** Failed sign-ins (and attempts still being checked) since the count last started again. */
  failures: number;
  first_failed_at: number;
  /** The wait before the next attempt runs from here; a long quiet since then starts the count again. */
  last_failed_at: number;
}
