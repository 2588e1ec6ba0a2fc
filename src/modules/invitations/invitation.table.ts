/**
 * A citizen link (DESIGN §7 (c)): names a program and, when bound, a listed recipient or a document;
 * it expires and works once (`used_at`, and the request it made).
 */
export interface InvitationTable {
  id: string;
  program_code: string;
  recipient_id_hash: string | null;
  document_no: string | null;
  expires_at: number;
  used_at: number | null;
  request_id: string | null;
  created_at: number;
}
