import { z } from 'zod';
import type { PersonalDataCipher } from '../../domain/personal-data.js';

/** What a citizen's link says: which invitation, of which program, for which document, until when. */
export interface InvitationClaims {
  invitationId: string;
  programCode: string;
  documentNo: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const ZPayload = z.strictObject({
  v: z.literal(1),
  i: z.string().min(1),
  p: z.string().min(1),
  d: z.string().nullable(),
  e: z.number().int().positive(),
});

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * `<payload>.<signature>`: the payload is JSON in base64url, the signature `cipher.sign(payload)`
 * (HMAC-SHA256 under a key derived from the data key). URL-safe as it is, so it goes into links and
 * QR codes without escaping. The same invitation always gives the same token, so the token need not
 * be stored: it is made again from the invitation for its QR code.
 */
export function signInvitationToken(cipher: PersonalDataCipher, claims: InvitationClaims): string {
  const payload = Buffer.from(JSON.stringify({ v: 1, i: claims.invitationId, p: claims.programCode, d: claims.documentNo, e: claims.expiresAt })).toString('base64url');
  return `${payload}.${cipher.sign(payload)}`;
}

/**
 * The claims of a token whose signature is right, else undefined: a forged signature and a payload
 * changed after signing are told apart from nothing else, and compared in constant time.
 */
export function readInvitationToken(cipher: PersonalDataCipher, token: string): InvitationClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [payload, signature] = parts as [string, string];
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature) || payload.length > 2048) return undefined;
  // Under the current key or one a rotation left for links already handed out.
  if (!cipher.verify(payload, signature)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = ZPayload.safeParse(json);
  if (!parsed.success) return undefined;
  return { invitationId: parsed.data.i, programCode: parsed.data.p, documentNo: parsed.data.d, expiresAt: parsed.data.e };
}
