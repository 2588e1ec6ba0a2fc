import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../errors.js';
import { callerMayUse } from '../modules/auth/api-token.service.js';
import { ROLES } from '../modules/auth/api-token.table.js';
import { isUnsafeMethod } from '../modules/users/csrf-guard.js';
import { SESSION_COOKIE } from '../modules/users/session-cookie.js';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_PAYLOADS, type WebhookEventType } from '../modules/webhooks/webhook-event.schemas.js';
import { withErrorCodes } from './error-answers.js';

// 3.1: JSON Schema 2020-12 (null is a type, not `nullable`), and the `webhooks` section for what Songda pushes.
const OPENAPI_VERSION = '3.1.0';

type Transform = typeof jsonSchemaTransform;
type TransformInput = Parameters<Transform>[0];
type RouteSchema = NonNullable<TransformInput['schema']>;
type DocumentOptions = NonNullable<FastifyDynamicSwaggerOptions['openapi']>;
/** The `webhooks` of the 3.1 (and later) document types; 3.0 has none. */
type Webhooks = DocumentOptions extends infer D ? (D extends unknown ? ('webhooks' extends keyof D ? NonNullable<D['webhooks']> : never) : never) : never;

/** How @fastify/swagger describes Songda's API at /api/openapi.json (and /api/docs). */
export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: OPENAPI_VERSION,
      info: {
        title: 'Songda API',
        description:
          'Government-document delivery: units, items, scans, timelines. Every error answer is `{error: {code, message, details?}}`; ' +
          'each operation lists the codes it can answer. What Songda pushes to partners is under `webhooks`.',
        version: '1',
        license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
      },
      // Relative: the document is served by the server it describes, whatever its address.
      servers: [{ url: '/', description: 'the server that serves this document' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token (`sd_…`): POST /api/v1/tokens or `songda token create`' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'the web console’s session (POST /api/v1/session); requests that change something also need `x-songda-csrf: 1`',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      webhooks: webhooksSection(),
    },
    transform: describeRoute,
  };
}

/** The zod → JSON Schema conversion of the routes, plus what every route of a kind answers at the edge. */
function describeRoute(input: TransformInput): ReturnType<Transform> {
  const { schema, route } = input;
  if (!schema || schema.hide) return jsonSchemaTransform(input);
  const response = withErrorCodes((schema.response ?? {}) as Record<string, unknown>, edgeCodes(schema, route));
  const described = jsonSchemaTransform({ ...input, schema: { ...schema, response } });
  const typed = { ...described, schema: withTypeArrays(described.schema) as typeof described.schema };
  return input.url.endsWith('/*') ? nameWildcard(typed) : typed;
}

/**
 * zod writes a nullable value as `anyOf: [<schema>, {type: 'null'}]`; where the schema has one plain
 * type this becomes the 3.1 type array (`type: ['string', 'null']`), the form generators and
 * validators read most simply. A schema with `enum` or `const` keeps its anyOf: a type array would
 * not admit null past the enum.
 */
function withTypeArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withTypeArrays);
  if (value === null || typeof value !== 'object') return value;
  const node = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withTypeArrays(child)]));
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return node;
  const isNull = (b: unknown) => typeof b === 'object' && b !== null && Object.keys(b).length === 1 && (b as { type?: unknown }).type === 'null';
  const other = branches.find((b) => !isNull(b)) as Record<string, unknown> | undefined;
  if (!other || !branches.some(isNull) || typeof other.type !== 'string' || 'enum' in other || 'const' in other || 'anyOf' in other) return node;
  const { anyOf: _, ...rest } = node;
  return { ...rest, ...other, type: [other.type, 'null'] };
}

/**
 * The answers the edge gives before a service runs: the schemas' 400, the /api/v1 gate's 401 and 403
 * (by the same rule the gate applies: some role is refused, or a cookie request that changes something
 * may lack its CSRF header), and the body parser's 413 and 415. Routes that set `security: []` are
 * outside the gate.
 */
function edgeCodes(schema: RouteSchema, route: RouteOptions): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const hasBody = schema.body !== undefined || schema.consumes !== undefined;
  if (hasBody || schema.params !== undefined || schema.querystring !== undefined || schema.headers !== undefined) codes.push('invalid_request');
  if (hasBody) codes.push('payload_too_large', 'unsupported_media_type');
  if (schema.security === undefined) {
    codes.push('unauthorized');
    const methods = [route.method].flat();
    const config = route.config ?? {};
    if (methods.some(isUnsafeMethod) || ROLES.some((role) => !callerMayUse({ role }, config))) codes.push('forbidden');
  }
  return codes;
}

// The citizen-link routes take the signed token as a wildcard (it is longer than a route parameter may
// be); clients see it as the path parameter `token`, which is what a generator can name.
const WILDCARD_NAME = 'token';

function nameWildcard(described: ReturnType<Transform>): ReturnType<Transform> {
  const schema = described.schema as { params?: { properties?: Record<string, unknown>; required?: string[] } };
  const params = schema.params;
  if (params?.properties?.['*'] !== undefined) {
    const { '*': wildcard, ...rest } = params.properties;
    params.properties = { ...rest, [WILDCARD_NAME]: wildcard };
    params.required = params.required?.map((name) => (name === '*' ? WILDCARD_NAME : name));
  }
  return { ...described, url: described.url.replace(/\*$/, `:${WILDCARD_NAME}`) };
}

const SIGNATURE_HEADERS = [
  { name: 'webhook-id', description: 'the message id: the same on every attempt of one message, so a receiver drops repeats', example: 'msg_2b8f0c1e' },
  { name: 'webhook-timestamp', description: 'Unix seconds of this attempt; refuse one far from your clock (replay)', example: '1767225600' },
  {
    name: 'webhook-signature',
    description:
      '`v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">` keyed with the endpoint secret (the bytes after `whsec_`, base64-decoded); ' +
      'space-separated when two secrets are live after a rotation: accept the message if any one matches',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  },
].map(({ name, description, example }) => ({ name, in: 'header', required: true, description, schema: { type: 'string' }, example }));

const EVENT_SUMMARIES: Record<WebhookEventType, string> = {
  'item.status_changed': 'An item of the partner’s scope changed: a scan was recorded (data.sequence orders the changes of one item)',
  'breakpoint.opened': 'A break-point opened on an item of the partner’s scope',
  'breakpoint.closed': 'A break-point of an item of the partner’s scope closed (a late scan filled it, or the item moved on)',
  'request.created': 'A request was made in a program of the partner’s scope',
  'request.mailed': 'A request became an item; data.trackingNo is its tracking number',
  'work_order.updated': 'A work order of the partner’s programs was opened or acted on (data.sequence orders the actions of one order)',
  'work_order.escalated': 'The escalation job raised a work order of a program of the partner’s scope one level (data.escalationLevel: 1 the unit’s manager, 2 the city, 3 the province)',
  'report.weekly_ready': 'A program’s weekly report (an ISO week’s figures) was stored: data.links are where it is read, as JSON, XLSX and PDF',
};

/** OpenAPI 3.1 `webhooks`: one POST per v1 event, its body converted from WEBHOOK_PAYLOADS like a route's. */
function webhooksSection(): Webhooks {
  return Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, { post: webhookOperation(type) }])) as Webhooks;
}

function webhookOperation(type: WebhookEventType): Record<string, unknown> {
  const converted = jsonSchemaTransform({
    schema: { body: WEBHOOK_PAYLOADS[type] },
    url: `/webhooks/${type}`,
    route: {} as RouteOptions,
    openapiObject: { openapi: OPENAPI_VERSION },
  } as TransformInput);
  return {
    operationId: `receive${type.split(/[._]/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`,
    tags: ['webhooks'],
    summary: EVENT_SUMMARIES[type],
    description:
      'Sent to each enabled endpoint of the partner subscribed to this event, signed as Standard Webhooks says. Answer 2xx within 15 s; ' +
      'anything else is retried on the schedule of docs/webhooks.md with the same webhook-id. 410 disables the endpoint; ' +
      '429 and 503 are retried after their Retry-After.',
    security: [],
    parameters: SIGNATURE_HEADERS,
    requestBody: { required: true, content: { 'application/json': { schema: withTypeArrays((converted.schema as { body: unknown }).body) } } },
    responses: {
      200: { description: 'received (any 2xx)' },
      410: { description: 'the endpoint is gone: Songda disables it and sends it nothing more' },
      429: { description: 'slow down: retried after Retry-After' },
    },
  };
}
