import { randomUUID } from 'node:crypto';
import type { SmsConfig } from '../../config.js';
import type { Db } from '../../db/database.js';
import { failureReasonText } from '../../domain/failure-reasons.js';
import { maskName } from '../../domain/mask-name.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { isValidResidentId } from '../../domain/resident-id.js';
import { isValidS10 } from '../../domain/s10.js';
import type { ScanInput } from '../../domain/scan-input.js';
import { EARLIEST_INSTANT_MS, parseInstant } from '../../domain/scan-time.js';
import { firstIssue } from '../../http/per-element.js';
import { type Message, msg } from '../../i18n/message.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Caller } from '../auth/api-token.service.js';
import { findItem } from '../items/item.repository.js';
import { getProgram } from '../programs/program.service.js';
import { recipientIdHashes } from '../recipients/recipient.service.js';
import { findRecipientIdHashes } from '../requests/request-lookup.repository.js';
import type { AttachedRows, ScanRecorder } from '../scans/record-scans.js';
import { MAX_FUTURE_SKEW_MS } from '../scans/scan.schemas.js';
import type { ScanCode } from '../scans/scan-event.table.js';
import { type DoorRequirements, type IdComparison, checkRequirements } from './check-requirements.js';
import { PROOF_WRITER, type ProofRows } from './delivery-proof.writer.js';
import { findClientIds, insertIdMismatches } from './delivery.repository.js';
import { type DeliveryField, type RequirementCode, type TDeliveryOutcome, ZDeliveryOutcome } from './delivery.schemas.js';
import type { DeliveryImageTable, DeliveryOutcomeTable, Outcome } from './delivery.table.js';
import { giveHeldItemsTheirCodes } from './hold-items.js';
import { comparePickupCode, countWrongPickupCodes, findPickupCodes } from './pickup-codes.js';
import { decodeProofImage } from './proof-images.js';

export interface DeliveryDeps {
  db: Db;
  recorder: ScanRecorder;
  cipher: PersonalDataCipher;
  isKnownSite(code: string): boolean;
  /** Outcomes dated further back are refused, as scans are (SONGDA_MAX_SCAN_AGE_DAYS). */
  maxAgeMs?: number;
  /** The zone a held item's last day is counted in (config.timeZone). */
  timeZone: string;
  /** How a held item's recipient is told the pickup code. */
  sms: SmsConfig;
}

export interface DeliveryRejection {
  index: number;
  field?: DeliveryField;
  requirement?: RequirementCode;
  message: Message;
}

export interface DeliveryAnswer {
  accepted: number;
  duplicates: number;
  rejected: DeliveryRejection[];
}

const DAY_MS = 86_400_000;
const EVENT_OF: Record<Outcome, ScanCode> = { delivered: 'DELIVERED', failed: 'DELIVERY_FAILED', held: 'HELD' };

interface ItemFacts {
  lastSite: string | null;
  requirements: DoorRequirements;
  programCode: string | null;
  recipientIdHash: string | undefined;
}

/**
 * POST /deliveries: each outcome checked on its own (shape, item, office, the program's
 * requirements), the good ones stored with their events in one transaction of the scan write path.
 * A clientId already stored answers as a duplicate and stores nothing; an ID number that is not the
 * recipient's is refused and counted.
 */
export async function recordDeliveries(deps: DeliveryDeps, elements: readonly unknown[], caller: Caller, now: number): Promise<DeliveryAnswer> {
  const rejected: DeliveryRejection[] = [];
  const parsed: { index: number; o: TDeliveryOutcome; atMs: number; offsetMin: number }[] = [];
  elements.forEach((value, index) => {
    const result = parseElement(value, deps, caller, now);
    if ('message' in result) rejected.push({ index, ...result });
    else parsed.push({ index, ...result });
  });

  const trackingNos = [...new Set(parsed.map((p) => p.o.trackingNo))];
  const items = await itemFactsOf(deps.db, trackingNos);
  const pickupCodes = await findPickupCodes(deps.db, [...new Set(parsed.filter((p) => p.o.pickupCode !== undefined).map((p) => p.o.trackingNo))]);
  const wrongCodes: string[] = [];
  const stored = await findClientIds(deps.db, [...new Set(parsed.map((p) => p.o.clientId))]);
  const seen = new Map<string, string>();
  let duplicates = 0;
  const scans: ScanInput[] = [];
  const rows: ProofRows = { outcomes: [], images: [] };
  const mismatches: { index: number; trackingNo: string; programCode: string | null; site: string }[] = [];

  for (const { index, o, atMs, offsetMin } of parsed) {
    const earlier = stored.get(o.clientId) ?? seen.get(o.clientId);
    if (earlier !== undefined) {
      if (earlier === o.trackingNo) duplicates++;
      else rejected.push({ index, field: 'clientId', message: msg('delivery.clientIdTaken', { clientId: o.clientId }) });
      continue;
    }
    const item = items.get(o.trackingNo);
    // A courier acts on the items whose last scan is at their office (decision 0032); where else an item is, they are not told.
    if (!item || (caller.role === 'courier' && item.lastSite !== caller.unit)) {
      rejected.push({ index, field: 'trackingNo', message: item ? msg('courier.otherOffice', { trackingNo: o.trackingNo, unit: caller.unit ?? '' }) : msg('delivery.unknownItem', { trackingNo: o.trackingNo }) });
      continue;
    }
    const idNumber = o.idNumber?.trim().toUpperCase();
    if (idNumber !== undefined && !isValidResidentId(idNumber)) {
      rejected.push({ index, field: 'idNumber', message: msg('delivery.idInvalid') });
      continue;
    }
    const id = compareId(deps.cipher, idNumber, item.recipientIdHash);
    const code = comparePickupCode(deps.cipher, o.trackingNo, o.pickupCode, pickupCodes.get(o.trackingNo));
    const problem = checkRequirements(o, item.requirements, id, o.trackingNo, code);
    if (problem) {
      rejected.push({ index, ...problem });
      if (problem.requirement === 'pickup_code_wrong') wrongCodes.push(o.trackingNo);
      if (problem.requirement === 'id_mismatch') mismatches.push({ index, trackingNo: o.trackingNo, programCode: item.programCode, site: o.site });
      continue;
    }
    const images = imagesOf(o);
    if ('message' in images) {
      rejected.push({ index, ...images });
      continue;
    }
    seen.set(o.clientId, o.trackingNo);
    const outcomeId = randomUUID();
    const reason = o.reason === undefined ? null : failureReasonText(o.reason, o.reasonNote ?? null);
    scans.push({ line: index + 1, trackingNo: o.trackingNo, code: EVENT_OF[o.outcome], atMs, atOffsetMin: offsetMin, site: o.site, operator: o.operator ?? null, reason, nextSite: null });
    rows.outcomes.push(outcomeRow(outcomeId, o, { atMs, offsetMin, reason, idMatched: id === 'matched' ? 1 : null, recordedBy: caller.actor, now }));
    for (const image of images) rows.images.push({ tracking_no: o.trackingNo, outcome_id: outcomeId, ...image });
  }

  if (mismatches.length > 0) await countMismatches(deps.db, mismatches, caller, now);
  if (wrongCodes.length > 0) await countWrongCodes(deps.db, wrongCodes, caller, now);
  if (scans.length > 0) {
    // A delivered outcome is the proof a plain DELIVERED scan lacks: it opens no MISSING_PROOF, and closes one (decision 0038).
    const proves = rows.outcomes.filter((o) => o.outcome === 'delivered').map((o) => o.tracking_no);
    const attached: AttachedRows = { writer: PROOF_WRITER, rows, proves };
    await deps.recorder.record(scans, now, attached);
    const mayBeHeld = rows.outcomes.filter((o) => o.outcome !== 'delivered').map((o) => o.tracking_no);
    if (mayBeHeld.length > 0) await giveHeldItemsTheirCodes({ db: deps.db, cipher: deps.cipher, timeZone: deps.timeZone, sms: deps.sms }, [...new Set(mayBeHeld)], now);
  }
  return { accepted: rows.outcomes.length, duplicates, rejected: rejected.sort((a, b) => a.index - b.index) };
}

type ParsedElement = { o: TDeliveryOutcome; atMs: number; offsetMin: number };

/** The element's shape, and what it names that needs no lookup: a real S10 number, instant and site. */
function parseElement(value: unknown, deps: DeliveryDeps, caller: Caller, now: number): ParsedElement | Omit<DeliveryRejection, 'index'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { message: msg('delivery.notObject') };
  const result = ZDeliveryOutcome.safeParse(value);
  if (!result.success) {
    const { field, error } = firstIssue(result.error);
    return { field: field?.split('.')[0] as DeliveryField | undefined, message: error };
  }
  const o = result.data;
  if (!isValidS10(o.trackingNo)) return { field: 'trackingNo', message: msg('s10.invalid') };
  const instant = parseInstant(o.at);
  if (!instant.ok) return { field: 'at', message: instant.message };
  if (instant.ms > now + MAX_FUTURE_SKEW_MS) return { field: 'at', message: msg('scan.future', { at: o.at, minutes: MAX_FUTURE_SKEW_MS / 60_000 }) };
  if (deps.maxAgeMs !== undefined && instant.ms < now - deps.maxAgeMs) return { field: 'at', message: msg('scan.tooOld', { at: o.at, days: deps.maxAgeMs / DAY_MS }) };
  if (instant.ms < EARLIEST_INSTANT_MS) return { field: 'at', message: msg('scan.before2000', { at: o.at }) };
  if (caller.role === 'courier' && o.site !== caller.unit) return { field: 'site', message: msg('courier.siteNotOwn', { unit: caller.unit ?? '' }) };
  if (!deps.isKnownSite(o.site)) return { field: 'site', message: msg('scan.unknownSite', { site: o.site }) };
  return { o, atMs: instant.ms, offsetMin: instant.offsetMin };
}

async function itemFactsOf(db: Db, trackingNos: readonly string[]): Promise<Map<string, ItemFacts>> {
  const idHashes = await findRecipientIdHashes(db, trackingNos);
  const programs = new Map<string, DoorRequirements | undefined>();
  const facts = new Map<string, ItemFacts>();
  for (const trackingNo of trackingNos) {
    const item = await findItem(db, trackingNo);
    if (!item) continue;
    const code = item.program_code;
    if (code !== null && !programs.has(code)) programs.set(code, (await getProgram(db, code))?.requirements);
    const requirements = (code === null ? undefined : programs.get(code)) ?? { recipientOnly: false, idCheck: false };
    facts.set(trackingNo, { lastSite: item.last_event_site, requirements, programCode: code, recipientIdHash: idHashes.get(trackingNo) });
  }
  return facts;
}

/** Compared by keyed hash under every key of the ring: during a key rotation the stored hash may be under either. */
function compareId(cipher: PersonalDataCipher, idNumber: string | undefined, onFile: string | undefined): IdComparison {
  if (idNumber === undefined) return 'none given';
  if (onFile === undefined) return 'nothing on file';
  return recipientIdHashes(cipher, idNumber).includes(onFile) ? 'matched' : 'mismatch';
}

function imagesOf(o: TDeliveryOutcome): Omit<DeliveryImageTable, 'tracking_no' | 'outcome_id'>[] | { field: DeliveryField; message: Message } {
  const images: Omit<DeliveryImageTable, 'tracking_no' | 'outcome_id'>[] = [];
  for (const kind of ['signature', 'photo'] as const) {
    const dataUrl = o[kind];
    if (dataUrl === undefined) continue;
    const decoded = decodeProofImage(kind, dataUrl);
    if (!decoded.ok) return { field: kind, message: decoded.message };
    images.push({ kind, media_type: decoded.mediaType, bytes: decoded.bytes });
  }
  return images;
}

function outcomeRow(
  id: string,
  o: TDeliveryOutcome,
  f: { atMs: number; offsetMin: number; reason: string | null; idMatched: number | null; recordedBy: string; now: number },
): DeliveryOutcomeTable {
  return {
    id,
    client_id: o.clientId,
    tracking_no: o.trackingNo,
    outcome: o.outcome,
    code: EVENT_OF[o.outcome],
    at_ms: f.atMs,
    at_offset_min: f.offsetMin,
    site: o.site,
    operator: o.operator ?? null,
    recorded_by: f.recordedBy,
    received_by: o.receivedBy ?? null,
    receiver_masked: o.receiverName === undefined ? null : maskName(o.receiverName),
    id_matched: f.idMatched,
    reason: f.reason,
    latitude: o.location?.lat ?? null,
    longitude: o.location?.lng ?? null,
    activation_result: o.activation?.result ?? null,
    activation_staff: o.activation?.bankStaff ?? null,
    created_at: f.now,
  };
}

/** Each refused ID number is a row managers count, and an audit row; the number itself is kept nowhere. */
async function countMismatches(db: Db, found: readonly { trackingNo: string; programCode: string | null; site: string }[], caller: Caller, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertIdMismatches(
      trx,
      found.map((m) => ({ tracking_no: m.trackingNo, program_code: m.programCode, site: m.site, recorded_by: caller.actor, at: now })),
    );
    for (const m of found) {
      await recordAudit(trx, { at: now, actor: caller.actor, action: 'delivery.id_mismatch', subject: m.trackingNo, detail: { program: m.programCode, site: m.site } });
    }
  });
}

/** Each wrong pickup code counts toward its code's lock (decision 0037), and is an audit row; the code tried is kept nowhere. */
async function countWrongCodes(db: Db, trackingNos: readonly string[], caller: Caller, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await countWrongPickupCodes(trx, trackingNos);
    for (const trackingNo of trackingNos) await recordAudit(trx, { at: now, actor: caller.actor, action: 'delivery.pickup_code_wrong', subject: trackingNo, detail: {} });
  });
}
