import type { Db } from '../../db/database.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { DbHandle } from '../../db/open-db.js';
import { calendarFrom } from '../../domain/work-order-clock.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import { recordAudit } from '../audit/audit.service.js';
import { findProgramWorkOrderSettings, isPartnerOnGreenChannel, setPartnerGreenChannel, setProgramWorkOrderTerms } from '../programs/work-order-terms.js';
import { findWorkCalendarJson, setWorkCalendar } from '../units/work-calendar.repository.js';
import type { z } from 'zod';
import type { ZProgramWorkOrderSettings, ZProgramWorkOrderSettingsInput, ZUnitCalendar, ZWorkOrderPolicy } from './work-order-settings.schemas.js';

// What an admin sets for work orders (decision 0043): a program's green channel, deadlines and
// proactive service, a partner's green channel, a unit's working calendar. Each change is audited;
// orders read them at once (the deadlines shown are computed at every read), and an order's stored
// due columns follow at its next action.

type Policy = z.infer<typeof ZWorkOrderPolicy>;
export interface SettingsActor {
  handle: DbHandle;
  actor: string;
  now: number;
}

export async function getProgramSettings(db: Db, programCode: string): Promise<z.infer<typeof ZProgramWorkOrderSettings>> {
  const found = await findProgramWorkOrderSettings(db, programCode);
  if (!found) throw new AppError('not_found', msg('notFound.program', { code: programCode }));
  return { programCode, greenChannel: found.greenChannel, sponsorGreenChannel: found.sponsorGreenChannel, policy: found.policyJson === null ? null : (JSON.parse(found.policyJson) as Policy) };
}

export async function setProgramSettings(a: SettingsActor, programCode: string, input: z.infer<typeof ZProgramWorkOrderSettingsInput>) {
  return withWriteTransaction(a.handle, async (trx) => {
    const policyJson = input.policy === undefined ? undefined : input.policy === null ? null : JSON.stringify(input.policy);
    if (!(await setProgramWorkOrderTerms(trx, programCode, { greenChannel: input.greenChannel, policyJson }, a.now))) {
      throw new AppError('not_found', msg('notFound.program', { code: programCode }));
    }
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'program.workOrderSettings', subject: programCode, detail: { ...input } });
    return getProgramSettings(trx, programCode);
  });
}

export async function getPartnerSettings(db: Db, partner: string): Promise<{ partner: string; greenChannel: boolean }> {
  const greenChannel = await isPartnerOnGreenChannel(db, partner);
  if (greenChannel === undefined) throw new AppError('not_found', msg('workOrder.unknownPartner', { code: partner }));
  return { partner, greenChannel };
}

export async function setPartnerSettings(a: SettingsActor, partner: string, greenChannel: boolean) {
  return withWriteTransaction(a.handle, async (trx) => {
    if (!(await setPartnerGreenChannel(trx, partner, greenChannel, a.now))) throw new AppError('not_found', msg('workOrder.unknownPartner', { code: partner }));
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'partner.greenChannel', subject: partner, partner, detail: { greenChannel } });
    return getPartnerSettings(trx, partner);
  });
}

export async function getUnitCalendar(db: Db, unit: string): Promise<z.infer<typeof ZUnitCalendar>> {
  const json = await findWorkCalendarJson(db, unit);
  if (json === undefined) throw new AppError('not_found', msg('notFound.unit', { code: unit }));
  return { unit, calendar: json === null ? null : calendarFrom(JSON.parse(json)) };
}

/** Checks the calendar field by field (`calendarFrom` names the field at fault, `calendar.hours.close`) before storing it. */
export async function setUnitCalendar(a: SettingsActor, unit: string, calendar: unknown) {
  const checked = calendar === null ? null : calendarFrom(calendar, 'calendar');
  return withWriteTransaction(a.handle, async (trx) => {
    if (!(await setWorkCalendar(trx, unit, checked === null ? null : JSON.stringify(checked), a.now))) throw new AppError('not_found', msg('notFound.unit', { code: unit }));
    await recordAudit(trx, { at: a.now, actor: a.actor, action: 'unit.workCalendar', subject: unit, detail: { calendar: checked } });
    return getUnitCalendar(trx, unit);
  });
}
