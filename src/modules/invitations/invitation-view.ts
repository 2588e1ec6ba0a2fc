import type { Db } from '../../db/database.js';
import { offsetMinutesAt } from '../../domain/local-day.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { formatInstant } from '../../domain/scan-time.js';
import { findRecipientByHash } from '../recipients/recipient.repository.js';
import { maskName } from '../../domain/mask-name.js';
import { signInvitationToken } from './invitation-token.js';
import type { InvitationRow } from './invitation.repository.js';
import type { TInvitationView } from './invitation.schemas.js';

export interface InvitationViewDeps {
  db: Db;
  cipher: PersonalDataCipher;
  config: { publicUrl: string; timeZone: string };
}

/** The link a citizen opens: the console's mobile page at `/r/<token>`. */
export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl}/r/${token}`;

export function tokenOf(cipher: PersonalDataCipher, row: Pick<InvitationRow, 'id' | 'program_code' | 'document_no' | 'expires_at'>): string {
  return signInvitationToken(cipher, { invitationId: row.id, programCode: row.program_code, documentNo: row.document_no, expiresAt: Number(row.expires_at) });
}

export const localInstant = (ms: number, timeZone: string) => formatInstant(ms, offsetMinutesAt(ms, timeZone));

/** The listed recipient an invitation is bound to, if any. */
export async function listedRecipientOf(db: Db, row: Pick<InvitationRow, 'program_code' | 'recipient_id_hash'>) {
  return row.recipient_id_hash ? findRecipientByHash(db, row.program_code, row.recipient_id_hash) : undefined;
}

/** How an invitation shows its listed recipient: name and ID masked. */
export const maskedRecipient = (recipient: { name: string; id_masked: string } | undefined) => (recipient ? { name: maskName(recipient.name), idNumber: recipient.id_masked } : null);

/** The masked name and ID of the listed recipient an invitation is bound to, if any. */
export async function boundRecipient(db: Db, row: Pick<InvitationRow, 'program_code' | 'recipient_id_hash'>): Promise<{ name: string; idNumber: string } | null> {
  return maskedRecipient(await listedRecipientOf(db, row));
}

export async function toInvitationViews(deps: InvitationViewDeps, rows: readonly InvitationRow[]): Promise<TInvitationView[]> {
  const views: TInvitationView[] = [];
  for (const row of rows) {
    const token = tokenOf(deps.cipher, row);
    views.push({
      id: row.id,
      programCode: row.program_code,
      recipient: await boundRecipient(deps.db, row),
      documentNo: row.document_no,
      expiresAt: localInstant(Number(row.expires_at), deps.config.timeZone),
      usedAt: row.used_at === null ? null : localInstant(Number(row.used_at), deps.config.timeZone),
      requestId: row.request_id,
      token,
      url: invitationUrl(deps.config.publicUrl, token),
      qrSvg: `/api/v1/invitations/${row.id}/qr.svg`,
      qrPng: `/api/v1/invitations/${row.id}/qr.png`,
    });
  }
  return views;
}
