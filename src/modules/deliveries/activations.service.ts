import type { Db } from '../../db/database.js';
import { formatInstant, formatZoned, parseInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Caller } from '../auth/api-token.service.js';
import { findItem } from '../items/item.repository.js';
import { listPrograms } from '../programs/program.repository.js';
import { MAX_FUTURE_SKEW_MS } from '../scans/scan.schemas.js';
import { type ActivationEntry, activationHistories, insertActivationResult, listActivationTasks } from './activation.repository.js';
import type { TActivationInput, TActivationPage, TActivationQuery, TActivationRecorded } from './activation.schemas.js';

/** Programs with an activation bank: code → bank. */
async function banksOfPrograms(db: Db): Promise<Map<string, string>> {
  const banks = new Map<string, string>();
  for (const p of await listPrograms(db)) {
    const bank = (JSON.parse(p.requirements) as { activationBank?: string }).activationBank;
    if (bank) banks.set(p.code, bank);
  }
  return banks;
}

/** The bank whose tasks the caller may see: a partner its own, staff any (or all). */
function bankOfCaller(caller: Caller, asked: string | undefined): string | undefined {
  return caller.role === 'partner' ? (caller.partner ?? '\u0000') : asked;
}

const entry = (e: ActivationEntry) => ({ source: e.source, result: e.result, at: formatInstant(e.atMs, e.offsetMin), staff: e.staff });

/**
 * GET /activations: the items of the programs whose activation bank is the caller (a bank's
 * credential) or the bank asked for (staff), by tracking number, of one status when asked.
 */
export async function listActivations(db: Db, query: TActivationQuery, caller: Caller, timeZone: string): Promise<TActivationPage> {
  const banks = await banksOfPrograms(db);
  const bank = bankOfCaller(caller, query.bank);
  const programs = [...banks].filter(([code, b]) => (bank === undefined || b === bank) && (query.program === undefined || code === query.program)).map(([code]) => code);
  const rows = await listActivationTasks(db, programs, { status: query.status, after: query.cursor, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const histories = await activationHistories(db, page.map((r) => r.tracking_no));
  return {
    rows: page.map((r) => {
      const latest = latestOf(histories.get(r.tracking_no) ?? []);
      return {
        trackingNo: r.tracking_no,
        program: r.program_code,
        bank: banks.get(r.program_code) ?? '',
        itemStatus: r.item_status,
        deliveredAt: r.delivered_at === null ? null : formatZoned(r.delivered_at, timeZone),
        status: r.activation,
        latest: latest ? entry(latest) : null,
      };
    }),
    nextCursor: rows.length > query.limit ? page.at(-1)!.tracking_no : null,
  };
}

/** The result that holds: the bank's latest, else the door's (the order activationHistories gives). */
function latestOf(history: readonly ActivationEntry[]): ActivationEntry | undefined {
  const last = (source: ActivationEntry['source']) => history.filter((e) => e.source === source).at(-1);
  return last('bank') ?? last('door');
}

/**
 * POST /activations/:trackingNo: a result recorded after the door, by the item's bank (or by staff on
 * its behalf), only once the item is delivered and never dated before the delivery. Kept beside the
 * door's result and any earlier one; the latest holds.
 */
export async function recordActivation(db: Db, trackingNo: string, input: TActivationInput, caller: Caller, now: number): Promise<TActivationRecorded> {
  const item = await findItem(db, trackingNo);
  const bank = item?.program_code == null ? undefined : (await banksOfPrograms(db)).get(item.program_code);
  // Another bank's item, or an item no bank activates, is answered as one that does not exist.
  if (!item || bank === undefined || (caller.role === 'partner' && caller.partner !== bank)) {
    throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  }
  if (item.delivered_at === null) throw new AppError('conflict', msg('activation.notDelivered', { trackingNo }));
  const at = parseInstant(input.at);
  if (!at.ok) throw new AppError('invalid_request', at.message, [{ field: 'at' }]);
  if (at.ms > now + MAX_FUTURE_SKEW_MS) throw new AppError('invalid_request', msg('scan.future', { at: input.at, minutes: MAX_FUTURE_SKEW_MS / 60_000 }), [{ field: 'at' }]);
  if (at.ms < Number(item.delivered_at)) throw new AppError('invalid_request', msg('activation.beforeDelivery', { at: input.at }), [{ field: 'at' }]);

  await db.transaction().execute(async (trx) => {
    await insertActivationResult(trx, { tracking_no: trackingNo, result: input.result, at_ms: at.ms, at_offset_min: at.offsetMin, staff: input.staff, recorded_by: caller.actor, created_at: now });
    await recordAudit(trx, { at: now, actor: caller.actor, action: 'activation.record', subject: trackingNo, detail: { result: input.result, at: input.at, bank } });
  });
  const history = (await activationHistories(db, [trackingNo])).get(trackingNo) ?? [];
  return { trackingNo, status: latestOf(history)?.result ?? 'pending', history: history.map(entry) };
}
