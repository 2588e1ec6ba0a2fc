/** A listed recipient of a program; ID number and phone are sealed and found by keyed hash. */
export interface RecipientTable {
  id: string;
  program_code: string;
  id_hash: string;
  id_sealed: string;
  id_masked: string;
  name: string;
  phone_sealed: string;
  /** Keyed hash of the phone number, for search; null on rows listed before it was kept, until the server fills it in. */
  phone_hash: string | null;
  phone_masked: string;
  /** `ordinary` or one of the special categories (see domain/recipient-category.ts). */
  category: string;
  address: string;
  division_code: string;
  created_at: number;
  updated_at: number;
}
