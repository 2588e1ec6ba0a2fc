import { z } from 'zod';
import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { perElementBody } from '../../http/per-element.js';
import { type CountRecipients, getPartnerList, getProgramDetail, getProgramList } from './program-read.service.js';
import {
  ZPartner,
  ZPartnerInput,
  ZPartnerListQuery,
  ZProgram,
  ZProgramDetail,
  ZProgramInput,
  ZProgramParams,
  ZUpsertQuery,
  ZUpsertResult,
} from './program.schemas.js';
import { upsertPartners } from './upsert-partners.js';
import { upsertPrograms } from './upsert-programs.js';
import { localize } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';

export const MAX_ELEMENTS_PER_REQUEST = 1_000;

export const programRoutes = (countRecipients: CountRecipients): ApiRoutes => (app, ctx) => {
  app.post(
    '/partners',
    {
      config: { permission: 'operate' },
      validatorCompiler: perElementBody(MAX_ELEMENTS_PER_REQUEST),
      schema: {
        operationId: 'upsertPartners',
        tags: ['programs'],
        summary: 'Create or update partners: agencies, banks, card factories, service stations, admin centres (answer per element)',
        querystring: ZUpsertQuery,
        body: z.array(ZPartnerInput),
        response: { 200: z.array(ZUpsertResult), ...errorAnswers('conflict') },
      },
    },
    async (req) => localize(langOfRequest(req), await upsertPartners(ctx.db, req.body as unknown[], ctx.clock(), req.query)),
  );

  app.get(
    '/partners',
    {
      config: { permission: 'read', partners: true },
      schema: { operationId: 'listPartners', tags: ['programs'], summary: 'List partners (a partner’s credential: itself)', querystring: ZPartnerListQuery, response: { 200: z.array(ZPartner) } },
    },
    async (req) => getPartnerList(ctx.db, { kind: req.query.kind }, scopeOf(req)),
  );

  app.post(
    '/programs',
    {
      config: { permission: 'operate' },
      validatorCompiler: perElementBody(MAX_ELEMENTS_PER_REQUEST),
      schema: {
        operationId: 'upsertPrograms',
        tags: ['programs'],
        summary: 'Create or update programs (answer per element)',
        querystring: ZUpsertQuery,
        body: z.array(ZProgramInput),
        response: { 200: z.array(ZUpsertResult), ...errorAnswers('conflict') },
      },
    },
    async (req) => localize(langOfRequest(req), await upsertPrograms(ctx.db, req.body as unknown[], ctx.clock(), req.query)),
  );

  app.get(
    '/programs',
    {
      config: { permission: 'read', partners: true },
      schema: { operationId: 'listPrograms', tags: ['programs'], summary: 'List programs (a partner’s credential: those it plays a role in)', response: { 200: z.array(ZProgram) } },
    },
    async (req) => getProgramList(ctx.db, ctx.config.timeZone, scopeOf(req)),
  );

  app.get(
    '/programs/:code',
    {
      config: { permission: 'read', partners: true },
      schema: { operationId: 'getProgram', tags: ['programs'], summary: 'One program, with how many recipients are listed', params: ZProgramParams, response: { 200: ZProgramDetail, ...errorAnswers('not_found') } },
    },
    async (req) => getProgramDetail(ctx.db, req.params.code, ctx.config.timeZone, countRecipients, scopeOf(req)),
  );
};
