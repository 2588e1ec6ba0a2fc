import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { ZTimeline } from '../modules/items/item.schemas.js';
import { ZPublicTracking } from '../modules/public/public.schemas.js';
import { compiledAnswers } from './compiled-answer.js';
import { errorAnswers } from './error-answers.js';

const route = { method: 'GET', url: '/x', httpStatus: '200' };
const event = {
  code: 'ARRIVED',
  at: '2026-11-20T09:00:00.000+08:00',
  site: 'P420000',
  siteName: '武汉邮区中心局',
  operator: null,
  reason: 'a "quoted" reason\n on two lines',
  nextSite: null,
  receivedAt: '2026-11-20T01:00:05.000Z',
  viaConsignment: 'CN000000001CN',
};
const page = {
  trackingNo: 'EA200000006CN',
  status: 'ARRIVED',
  originUnit: 'C420607',
  destination: { divisionCode: '420106', divisionName: '湖北省武汉市武昌区', address: null },
  weightGrams: 120,
  lastEvent: event,
  events: [{ ...event, suspect: true }, { ...event, code: 'DELIVERED', operator: 'op-1', suspect: false }],
  requestedAt: null,
  consignments: [{ trackingNo: 'CN000000001CN', fromPartner: 'P1', toUnit: null, toPartner: 'P2', openedAt: null, openedSite: null }],
  breakpoints: [{ type: 'MISSING_INBOUND', responsibleUnit: 'D420106', visit: 2, openedAt: '2026-11-21T01:00:00.000Z', closedAt: null, detail: '未见进站扫描' }],
};

describe('answers compiled from their JSON Schema', () => {
  it('writes what zod’s serializer writes, for values and for nulls where objects may be', () => {
    const zod = serializerCompiler({ ...route, schema: ZTimeline });
    const compiled = compiledAnswers({ ...route, schema: ZTimeline });
    expect(compiled(page)).toBe(zod(page));
    const bare = { ...page, destination: null, lastEvent: null, events: [], consignments: [], breakpoints: [], originUnit: null, weightGrams: null };
    expect(compiled(bare)).toBe(zod(bare));
  });

  it('leaves out fields the schema does not have, as zod does', () => {
    const compiled = compiledAnswers({ ...route, schema: ZPublicTracking });
    const answer = { trackingNo: 'EA200000006CN', programName: '优待证', status: 'ARRIVED', recipient: { name: '王*国', phone: '139****1234', sealed: 'x' }, destination: null, events: [{ code: 'ARRIVED', at: event.at, siteName: null, reason: null, operator: 'op-1' }], internal: 1 };
    const written = JSON.parse(compiled(answer));
    expect(written).toEqual(JSON.parse(serializerCompiler({ ...route, schema: ZPublicTracking })(answer)));
    expect(written.recipient).toEqual({ name: '王*国', phone: '139****1234' });
    expect(written.events[0]).not.toHaveProperty('operator');
    expect(written).not.toHaveProperty('internal');
  });

  it('leaves other answers to zod’s serializer', () => {
    const schema = errorAnswers('not_found')[404]!;
    const body = { error: { code: 'not_found', message: '无此邮件', details: [{ field: 'trackingNo' }] } };
    expect(compiledAnswers({ ...route, httpStatus: '404', schema })(body)).toBe(serializerCompiler({ ...route, httpStatus: '404', schema })(body));
  });
});
