export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiTokenTable {
  id: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  role: Role;
  name: string | null;
  created_at: number;
  revoked_at: number | null;
}
