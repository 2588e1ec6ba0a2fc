import type { FastifySchemaValidationError } from 'fastify';
import { CATALOG } from '../i18n/catalog/index.js';
import { Message, type MessageKey, msg } from '../i18n/message.js';

// Schema refusals in the reader's language. A schema's own message may be a catalog key (e.g.
// `.regex(re, 'validation.divisionCode')`): it is rendered as such. Any other message is zod's
// English, kept for English readers; Chinese readers get the issue's kind with its limit.

export interface ValidationProblems {
  message: Message;
  details: { field: string; message: Message }[];
}

const PARTS: Record<string, MessageKey> = {
  body: 'validation.part.body',
  querystring: 'validation.part.querystring',
  params: 'validation.part.params',
  headers: 'validation.part.headers',
};

/** The first issue as the answer's message, every issue as `{field, message}`. */
export function validationProblems(issues: readonly FastifySchemaValidationError[], context: string | undefined): ValidationProblems {
  const details = issues.map((v) => ({ field: fieldOf(v.instancePath), message: issueMessage(v.keyword, v.message, v.params) }));
  const whereKey = PARTS[context ?? 'body'];
  const where: Message | string = whereKey ? msg(whereKey as 'validation.part.body') : (context ?? 'request');
  const first = details[0];
  if (!first) return { message: msg('validation.invalidPart', { where }), details };
  return {
    message: first.field ? msg('validation.at', { where, field: first.field, problem: first.message }) : msg('validation.atPart', { where, problem: first.message }),
    details,
  };
}

/** One zod issue (its code, message and the rest of its fields) as a message. */
export function issueMessage(code: string, message: string | undefined, params: Record<string, unknown> = {}): Message {
  // A schema's own key; a refinement passes its parameters as the issue's `params`, a length or size check its limit.
  if (message !== undefined && isKey(message)) return new Message(message as MessageKey, { ...limitsOf(params), ...((params.params ?? {}) as Record<string, string | number>) });
  // Rendered by its kind in Chinese, and as zod said it in English.
  const kind = kindOf(code, message, params);
  return new Message(kind.key, kind.params, message);
}

function kindOf(code: string, message: string | undefined, p: Record<string, unknown>): Message {
  const max = p.maximum as number | bigint | undefined;
  const min = p.minimum as number | bigint | undefined;
  switch (code) {
    case 'invalid_type':
      if (message?.includes('received undefined')) return msg('validation.required');
      return msg('validation.wrongType', { expected: typeName(String(p.expected)) });
    case 'too_big':
      if (p.origin === 'string') return msg('validation.tooLong', { max: Number(max) });
      if (p.origin === 'array' || p.origin === 'set') return msg('validation.tooManyItems', { max: Number(max) });
      return msg('validation.tooBig', { max: String(max) });
    case 'too_small':
      if (p.origin === 'string') return msg(Number(min) === 1 ? 'validation.required' : 'validation.tooShort', { min: Number(min) } as never);
      if (p.origin === 'array' || p.origin === 'set') return msg('validation.tooFewItems', { min: Number(min) });
      return msg('validation.tooSmall', { min: String(min) });
    case 'invalid_value':
    case 'invalid_enum_value':
      return msg('validation.notOneOf', { values: (Array.isArray(p.values) ? p.values : []).map(String) });
    case 'invalid_format':
      return msg('validation.pattern');
    case 'unrecognized_keys':
      return msg('validation.unknownKeys', { keys: (Array.isArray(p.keys) ? p.keys : []).map(String) });
    default:
      return msg('validation.invalid');
  }
}

function typeName(expected: string): Message {
  switch (expected) {
    case 'string':
      return msg('validation.type.string');
    case 'number':
      return msg('validation.type.number');
    case 'int':
    case 'integer':
      return msg('validation.type.integer');
    case 'boolean':
      return msg('validation.type.boolean');
    case 'array':
      return msg('validation.type.array');
    case 'object':
      return msg('validation.type.object');
    default:
      return msg('validation.type.other', { type: expected });
  }
}

const isKey = (text: string) => Object.hasOwn(CATALOG, text);

/** A .min/.max check's limit, as the `{min}` / `{max}` of its key's text. */
function limitsOf(p: Record<string, unknown>): Record<string, number> {
  const limits: Record<string, number> = {};
  if (p.minimum !== undefined) limits.min = Number(p.minimum);
  if (p.maximum !== undefined) limits.max = Number(p.maximum);
  return limits;
}
const fieldOf = (instancePath: string) => instancePath.replace(/^\//, '').replaceAll('/', '.');
