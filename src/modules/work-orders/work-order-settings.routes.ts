import { AppError } from '../../errors.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { msg } from '../../i18n/message.js';
import { getPartnerSettings, getProgramSettings, getUnitCalendar, setPartnerSettings, setProgramSettings, setUnitCalendar } from './work-order-settings.js';
import {
  ZCodeParams,
  ZPartnerGreenChannel,
  ZPartnerGreenChannelInput,
  ZProgramWorkOrderSettings,
  ZProgramWorkOrderSettingsInput,
  ZUnitCalendar,
  ZUnitCalendarInput,
} from './work-order-settings.schemas.js';

const tags = ['work-orders'];
const ADMIN = { permission: 'admin' } as const;
const READ = { permission: 'read' } as const;

/** What an admin sets for work orders: programs' green channel, deadlines and proactive service; partners' green channel; units' calendars. */
export const workOrderSettingsRoutes: ApiRoutes = (app, ctx) => {
  const actorOf = (req: { caller?: { actor: string } }) => {
    if (!req.caller) throw new AppError('unauthorized', msg('access.noCaller'));
    return { handle: ctx.store, actor: req.caller.actor, now: ctx.clock() };
  };

  app.get(
    '/work-orders/settings/programs/:code',
    { config: READ, schema: { operationId: 'getProgramWorkOrderSettings', tags, summary: 'A program’s work-order settings: green channel, own deadlines, proactive service', params: ZCodeParams, response: { 200: ZProgramWorkOrderSettings, ...errorAnswers('not_found') } } },
    async (req) => getProgramSettings(ctx.db, req.params.code),
  );

  app.put(
    '/work-orders/settings/programs/:code',
    {
      config: ADMIN,
      schema: {
        operationId: 'setProgramWorkOrderSettings',
        tags,
        summary: 'Set a program’s green channel, its own deadlines per type, or its proactive service',
        description:
          'Only the fields sent change; `policy: null` goes back to the defaults (docs/work-orders-deadlines.md). Deadlines are business minutes on the ' +
          'responsible unit’s calendar; urgent orders get half. Orders read the new settings at once; an order’s stored deadlines follow at its next action. ' +
          'Audited as program.workOrderSettings.',
        params: ZCodeParams,
        body: ZProgramWorkOrderSettingsInput,
        response: { 200: ZProgramWorkOrderSettings, ...errorAnswers('invalid_request', 'not_found') },
      },
    },
    async (req) => setProgramSettings(actorOf(req), req.params.code, req.body),
  );

  app.get(
    '/work-orders/settings/partners/:code',
    { config: READ, schema: { operationId: 'getPartnerGreenChannel', tags, summary: 'Whether a partner is on the green channel', params: ZCodeParams, response: { 200: ZPartnerGreenChannel, ...errorAnswers('not_found') } } },
    async (req) => getPartnerSettings(ctx.db, req.params.code),
  );

  app.put(
    '/work-orders/settings/partners/:code',
    {
      config: ADMIN,
      schema: {
        operationId: 'setPartnerGreenChannel',
        tags,
        summary: 'Put a partner on the green channel, or take it off: its programs’ orders and those its credential opens start urgent',
        description: 'Audited as partner.greenChannel.',
        params: ZCodeParams,
        body: ZPartnerGreenChannelInput,
        response: { 200: ZPartnerGreenChannel, ...errorAnswers('invalid_request', 'not_found') },
      },
    },
    async (req) => setPartnerSettings(actorOf(req), req.params.code, req.body.greenChannel),
  );

  app.get(
    '/work-orders/settings/units/:code',
    { config: READ, schema: { operationId: 'getUnitWorkCalendar', tags, summary: 'A unit’s working calendar for work-order deadlines (null: around the clock)', params: ZCodeParams, response: { 200: ZUnitCalendar, ...errorAnswers('not_found') } } },
    async (req) => getUnitCalendar(ctx.db, req.params.code),
  );

  app.put(
    '/work-orders/settings/units/:code',
    {
      config: ADMIN,
      schema: {
        operationId: 'setUnitWorkCalendar',
        tags,
        summary: 'Set a unit’s working calendar: hours, weekdays, holidays and make-up working days (调休); null for around the clock',
        description: 'A bad calendar is a 400 naming the field. The deadlines of the unit’s orders count on it from the next read. Audited as unit.workCalendar.',
        params: ZCodeParams,
        body: ZUnitCalendarInput,
        response: { 200: ZUnitCalendar, ...errorAnswers('invalid_request', 'not_found') },
      },
    },
    async (req) => setUnitCalendar(actorOf(req), req.params.code, req.body.calendar),
  );
};
