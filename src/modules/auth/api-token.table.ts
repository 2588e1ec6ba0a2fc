/**
 * `partner`: a credential of one partner (agency, bank, card factory), limited to what concerns it.
 * `courier`: a person of a delivery office (a user with a unit, never a token) who records delivery
 * outcomes for the items at that office, and nothing else.
 */
export const ROLES = ['admin', 'operator', 'viewer', 'partner', 'courier'] as const;
export type Role = (typeof ROLES)[number];

/**
 * How a token came to be: `POST /tokens`, `songda token create`, SONGDA_ADMIN_TOKEN, `serve --demo`,
 * or the first start of an empty installation.
 */
export const TOKEN_SOURCES = ['api', 'cli', 'environment', 'demo', 'first-start'] as const;
export type TokenSource = (typeof TOKEN_SOURCES)[number];

export interface ApiTokenTable {
  id: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  role: Role;
  name: string | null;
  created_at: number;
  revoked_at: number | null;
  /** Epoch ms from which the token no longer works; null: until revoked. */
  expires_at: number | null;
  /** Null for tokens made before the source was recorded. */
  source: TokenSource | null;
  /** The partner code a `partner` token is bound to; null for every other role. */
  partner: string | null;
}
