import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { addDays, formatLocalDate, localDayBounds, offsetMinutesAt, parseLocalDate } from '../../domain/local-day.js';
import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { getUnit } from '../units/unit.service.js';
import { findHeldTrackingNosAtSite, findTrackingNosAtSite, listEventsOfItems } from './reconciliation.repository.js';
import { officeWindow, reconcileOffice } from './reconciliation.rules.js';
import type { TReconciliation } from './reconciliation.schemas.js';
import { Message, msg, term } from '../../i18n/message.js';

/**
 * How far back, in local days before D, a HELD at the office is looked for to find the items still
 * held when D starts. An item put on the shelf earlier and never touched since is not in the
 * balance (it has long had a SILENT_HELD break-point, DESIGN §5); the bound keeps the read to the
 * office's recent events instead of its whole history.
 */
export const HELD_LOOKBACK_DAYS = 30;

export interface ReconciliationDeps {
  db: Db;
  /** IANA zone the day is cut in (config.timeZone). */
  timeZone: string;
  /** End of shift of an office whose unit sets none; 21:00 when not given. */
  defaultEndOfShift?: string;
}

/** The zone and default end of shift from the configuration, as the break-point rules use them. */
export function reconciliationDeps(db: Db, config: Config): ReconciliationDeps {
  return { db, timeZone: config.timeZone, defaultEndOfShift: config.silence.defaultEndOfShift };
}

/** The three balances of delivery office `officeCode` on local day `dateText` (DESIGN §6). */
export async function getOfficeReconciliation(deps: ReconciliationDeps, officeCode: string, dateText: string): Promise<TReconciliation> {
  const date = parseLocalDate(dateText);
  if (!date) throw new AppError('invalid_request', msg('date.notCalendarDate', { value: dateText }), { field: 'date' });
  const office = await getUnit(deps.db, officeCode);
  if (!office) throw new AppError('not_found', msg('notFound.unit', { code: officeCode }));
  if (office.kind !== 'delivery_office') {
    throw new AppError('invalid_request', notDeliveryOffice(officeCode, office.kind), {
      field: 'code',
    });
  }

  const window = officeWindow(office.code, office.endOfShift ?? deps.defaultEndOfShift ?? null, date, deps.timeZone);
  const lookbackStartMs = localDayBounds(addDays(date, -HELD_LOOKBACK_DAYS), deps.timeZone).startMs;
  const [ofDay, heldBefore] = await Promise.all([
    findTrackingNosAtSite(deps.db, office.code, ['ARRIVED', 'AT_DELIVERY_OFFICE', 'HELD', 'OUT_FOR_DELIVERY'], window.dayStartMs, window.dayEndMs),
    findHeldTrackingNosAtSite(deps.db, office.code, lookbackStartMs, window.dayStartMs),
  ]);
  const events = await listEventsOfItems(deps.db, [...new Set([...ofDay, ...heldBefore])]);
  return {
    office: office.code,
    date: formatLocalDate(date),
    endOfShift: formatInstant(window.endOfShiftMs, offsetMinutesAt(window.endOfShiftMs, deps.timeZone)),
    ...reconcileOffice(window, events),
  };
}

/** The unit kind in its glossary name; in English in lower case within the sentence, as the glossary's names are labels. */
function notDeliveryOffice(code: string, kind: string): Message {
  const english = String(msg('reconciliation.notDeliveryOffice', { code, kind: kind.replace('_', ' ') }));
  return new Message('reconciliation.notDeliveryOffice', { code, kind: term('unitKind', kind) }, english);
}
