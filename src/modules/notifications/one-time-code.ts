import { randomInt } from 'node:crypto';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { DbHandle } from '../../db/open-db.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { lastFourMatch } from '../public/public-tracking.js';
import { findRecipientPhones } from '../requests/request-lookup.repository.js';
import { type OneTimeCodeRow, findOneTimeCode, saveOneTimeCode } from './one-time-code.repository.js';
import { type NotifyDeps, maskCode, notifyRecipients } from './notify.js';

/** How long a code works after it is sent. */
export const CODE_LIFETIME_MS = 10 * 60_000;
/** A new code is sent at most once a minute per item: a second ask within it changes nothing. */
export const RESEND_AFTER_MS = 60_000;
/** Codes sent per item in a day. */
export const MAX_CODES_PER_DAY = 5;
/** Wrong phone digits and wrong codes per item, from any addresses, before the item locks for the rest of the day. */
export const MAX_WRONG_TRIES = 5;
const DAY_MS = 24 * 3_600_000;

export interface CodeDeps extends NotifyDeps {
  store: DbHandle;
  /** Six digits; crypto's by default, a test's own to read the code it sent. */
  newCode?: () => string;
}

const newSixDigits = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
/** The code's keyed hash (the cipher's token key), bound to the item: a leaked table gives no code away. */
const codeHashInput = (trackingNo: string, code: string) => `otp.${trackingNo}.${code}`;

/** The row with its windows started again where they ran out. */
function current(row: OneTimeCodeRow, now: number): OneTimeCodeRow {
  const out = { ...row };
  if (now - out.failures_since >= DAY_MS) Object.assign(out, { failures: 0, failures_since: now });
  if (now - out.sends_since >= DAY_MS) Object.assign(out, { sends: 0, sends_since: now });
  return out;
}

const locked = (row: OneTimeCodeRow) => row.failures >= MAX_WRONG_TRIES;

/**
 * A citizen asks for a one-time code with the last four digits of the phone given with the request.
 * When they match (and the item is neither locked nor asked too often) a new 6-digit code is stored
 * hashed, for ten minutes, and sent by SMS — the code in clear only in the sealed body for the gateway.
 * Wrong digits count toward the item's lock. Answers nothing: the caller answers the same whatever
 * happened, so the route tells no one whether the digits matched or the number exists.
 */
export async function requestOneTimeCode(deps: CodeDeps, trackingNo: string, phone4: string, now: number): Promise<void> {
  await withWriteTransaction(deps.store, async (trx) => {
    const phone = (await findRecipientPhones(trx, [trackingNo])).get(trackingNo);
    if (!phone) return;
    const row = current(await findOneTimeCode(trx, trackingNo, now), now);
    if (locked(row)) return;
    if (!lastFourMatch(phone.phoneMasked, phone4)) return saveOneTimeCode(trx, { ...row, failures: row.failures + 1 });
    if (row.last_sent_at !== null && now - row.last_sent_at < RESEND_AFTER_MS) return;
    if (row.sends >= MAX_CODES_PER_DAY) return;
    const code = (deps.newCode ?? newSixDigits)();
    await saveOneTimeCode(trx, { ...row, code_hash: deps.cipher.sign(codeHashInput(trackingNo, code)), expires_at: now + CODE_LIFETIME_MS, sends: row.sends + 1, last_sent_at: now });
    await notifyRecipients({ ...deps, db: trx }, [{ trackingNo, template: 'one_time_code', params: { trackingNo, code: maskCode(code) }, secretParams: { code } }], now);
  });
}

export type CodeCheck = 'ok' | 'wrong' | 'locked';

/**
 * Checks a citizen's one-time code for the item (for the address-change and reschedule routes): `ok`
 * uses the code up; a wrong or expired code counts toward the lock; a locked item answers `locked`
 * whatever the code, until a day after its first wrong try.
 */
export async function checkOneTimeCode(deps: { store: DbHandle; cipher: PersonalDataCipher }, trackingNo: string, code: string, now: number): Promise<CodeCheck> {
  return withWriteTransaction(deps.store, async (trx) => {
    const row = current(await findOneTimeCode(trx, trackingNo, now), now);
    if (locked(row)) return 'locked';
    const live = row.code_hash !== null && row.expires_at !== null && row.expires_at > now;
    if (live && /^\d{6}$/.test(code) && deps.cipher.verify(codeHashInput(trackingNo, code), row.code_hash!)) {
      await saveOneTimeCode(trx, { ...row, code_hash: null, expires_at: null });
      return 'ok';
    }
    // No code was ever asked for this number: nothing to count against (and no row for made-up numbers).
    if (row.code_hash === null && row.sends === 0 && row.failures === 0) return 'wrong';
    await saveOneTimeCode(trx, { ...row, failures: row.failures + 1 });
    return 'wrong';
  });
}
