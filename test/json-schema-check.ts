// Checks a value against the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that our served
// documents use, with the standard's meaning: `maxLength` counts characters (code points), `pattern`
// is a Unicode regular expression, a `type` list with 'null' admits null. A contract test must read the document as a client's
// validator would; zod cannot be asked, since it made the document.

type TypeName = 'string' | 'integer' | 'number' | 'object' | 'array' | 'boolean' | 'null';

export interface JsonSchema {
  type?: TypeName | TypeName[];
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | Record<string, never>;
  items?: JsonSchema;
  description?: string;
}

const UNDERSTOOD = new Set(['type', 'enum', 'pattern', 'maxLength', 'minimum', 'maximum', 'properties', 'required', 'additionalProperties', 'items', 'description']);

/** Keywords in `schema` (at any depth) that `faults` would ignore; a check must not pass by not knowing one. */
export function unknownKeywords(schema: JsonSchema): string[] {
  const found = Object.keys(schema).filter((k) => !UNDERSTOOD.has(k));
  const nested = [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : [])];
  if (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties).length > 0) found.push('additionalProperties (a schema)');
  return [...found, ...nested.flatMap(unknownKeywords)];
}

/** Where `value` breaks `schema`: one path per fault ('' for the value itself, 'operator', 'rejected.0.line'). */
export function faults(schema: JsonSchema, value: unknown, path = ''): string[] {
  if (value === null) return admitsNull(schema) ? [] : [path];
  if (!hasType(schema.type, value)) return [path];
  if (schema.enum && !schema.enum.includes(value)) return [path];
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return [path];
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return [path];
  }
  if (typeof value === 'number') {
    if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) return [path];
  }
  if (Array.isArray(value)) return schema.items ? value.flatMap((v, i) => faults(schema.items!, v, join(path, String(i)))) : [];
  if (typeof value === 'object' && schema.properties) return objectFaults(schema, value as Record<string, unknown>, path);
  return [];
}

function objectFaults(schema: JsonSchema, value: Record<string, unknown>, path: string): string[] {
  const found: string[] = [];
  for (const [name, property] of Object.entries(schema.properties!)) {
    const v = value[name];
    if (v === undefined) {
      if (schema.required?.includes(name)) found.push(join(path, name));
    } else found.push(...faults(property, v, join(path, name)));
  }
  if (schema.additionalProperties === false) {
    for (const name of Object.keys(value)) if (!(name in schema.properties!)) found.push(join(path, name));
  }
  return found;
}

/** Whether the schema's type list names null (a plain type does not). */
export function admitsNull(schema: JsonSchema): boolean {
  return Array.isArray(schema.type) && schema.type.includes('null');
}

function hasType(type: JsonSchema['type'], value: unknown): boolean {
  if (Array.isArray(type)) return type.filter((t) => t !== 'null').some((t) => hasType(t, value));
  switch (type) {
    case undefined:
      return true;
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
