import fastJson from 'fast-json-stringify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * A route's 200 answer written by fast-json-stringify from its JSON Schema, compiled once when the
 * route is registered, instead of zod's walk of the answer (a copy of it, checked field by field)
 * and then `JSON.stringify`: for the look-ups, which are called most. Like zod's, it writes the
 * schema's fields and nothing else. Any other status is written by zod's serializer as on every
 * route. Set it as a route's `serializerCompiler`.
 */
export function compiledAnswers(route: { schema: unknown; method: string; url: string; httpStatus?: string }): (data: unknown) => string {
  const { schema } = route;
  if (route.httpStatus !== '200' || !(schema instanceof z.ZodType)) return serializerCompiler({ ...route, schema: schema as z.ZodType });
  return fastJson(forFastJson(z.toJSONSchema(schema, { io: 'output', target: 'draft-7' }) as JsonSchema) as Parameters<typeof fastJson>[0]);
}

/**
 * zod writes a nullable object as `anyOf: [object, null]`, which fast-json-stringify resolves on
 * every answer by validating each branch; `type: ['object', 'null']` says the same and is written
 * directly. Every other part of the schema is kept as it is.
 */
function forFastJson(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forFastJson);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = forFastJson(value);
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.length === 2) {
    const [some, none] = branches as JsonSchema[];
    if (none?.type === 'null' && typeof some?.type === 'string') {
      const { anyOf: _, ...rest } = out;
      return { ...rest, ...some, type: [some.type, 'null'] };
    }
  }
  return out;
}
