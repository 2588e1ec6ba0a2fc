import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { FAILURE_REASONS } from '../../src/domain/failure-reasons.js';
import { expect, it } from 'vitest';
import { s10CheckDigit } from '../../src/domain/s10.js';
import { CONSIGNMENT_SCAN_CODES, type ScanInput, type ScanRejection, validateScan } from '../../src/modules/scans/parse-scan-lines.js';
import { SCAN_CODES } from '../../src/modules/scans/scan-event.table.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, createSite, newTestApp, newTrackingNo, shanghai, storedEvents } from '../factories.js';
import { type JsonSchema, admitsNull, faults, unknownKeywords } from '../json-schema-check.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';
import { type Localized, localize } from '../../src/i18n/message.js';

// The OpenAPI document is what scanner vendors build against; the line validator is what Songda
// runs. Each check reads the document as served and asks the validator, so neither can change alone.

interface Contract {
  t: TestApp;
  sites: string[];
  event: JsonSchema;
  result: JsonSchema;
  /** The validator with the route's settings, on one line. */
  check(value: unknown): Localized<ScanInput | ScanRejection>;
}

async function contract(ctx: TestDbContext): Promise<Contract> {
  const t = await newTestApp(ctx);
  const sites = [await createSite(t, { kind: 'counter' }), await createSite(t, { kind: 'processing_centre' })];
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const post = doc.paths['/api/v1/scans'].post;
  const body = post.requestBody.content['application/json'].schema as JsonSchema;
  const lineContext = { now: t.now, maxAgeMs: t.config.maxScanAgeMs, isKnownSite: (code: string) => sites.includes(code) };
  return {
    t,
    sites,
    event: body.items!,
    result: post.responses['200'].content['application/json'].schema,
    // The English text of a rejection, as POST /scans answers an English reader.
    check: (value) => localize('en', validateScan(1, value, lineContext)),
  };
}

const isRejection = (r: ScanInput | Localized<ScanRejection>): r is Localized<ScanRejection> => 'message' in r;
const good = (c: Contract, fields: Record<string, unknown> = {}) => ({ trackingNo: newTrackingNo(), code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site: c.sites[0], ...fields });
const without = (value: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== name));
const textFields = (c: Contract) => Object.entries(c.event.properties!).filter(([, p]) => p.maxLength !== undefined);

/** Every upper-case word the scan and consignment modules' code names: a code the validator accepts must be one of them or be guessed. */
function codeLiteralsInSource(): string[] {
  const words = new Set<string>();
  for (const dir of ['src/modules/scans', 'src/modules/consignments']) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(`${dir}/${file}`, 'utf8').matchAll(/['"`]([A-Z][A-Z0-9_]{2,})['"`]/g)) words.add(m[1]!);
    }
  }
  return [...words];
}

describeEachDialect('POST /api/v1/scans: the OpenAPI schema says what the line validator accepts', (ctx) => {
  it('uses only schema keywords this check understands', async () => {
    const c = await contract(ctx);
    expect(unknownKeywords(c.event)).toEqual([]);
    expect(unknownKeywords(c.result)).toEqual([]);
    // Fields beyond the listed ones are ignored, and the schema must not say otherwise.
    expect(c.event.additionalProperties).not.toBe(false);
    const withExtras = c.check(good(c, { viaConsignment: 'EA123456785CN', firmware: 3 }));
    expect(withExtras).not.toHaveProperty('message');
    expect(withExtras).not.toHaveProperty('viaConsignment');
  });

  it('lists every code the validator accepts, OPENED included, and no other', async () => {
    const c = await contract(ctx);
    const listed = c.event.properties!.code!.enum as string[];
    expect(listed).toContain('OPENED');
    const candidates = new Set([...SCAN_CODES, ...CONSIGNMENT_SCAN_CODES, ...codeLiteralsInSource(), ...listed]);
    for (const code of candidates) {
      const accepted = !isRejection(c.check(good(c, { code })));
      expect({ code, accepted }).toEqual({ code, accepted: listed.includes(code) });
    }
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[A-Z_]{1,24}$/), fc.string()), (code) => {
        fc.pre(!listed.includes(code));
        expect(c.check(good(c, { code }))).toMatchObject({ field: 'code', message: expect.stringContaining('unknown scan code') });
      }),
    );
  });

  it('gives each text field the length the validator accepts, counted in characters', async () => {
    const c = await contract(ctx);
    expect(textFields(c).map(([name]) => name).sort()).toEqual(['operator', 'reason']);
    for (const [name, { maxLength }] of textFields(c)) {
      for (const unit of ['x', '班', '𠀀' /* U+20000: two UTF-16 units, one character */]) {
        expect(c.check(good(c, { [name]: unit.repeat(maxLength!) })), `${name}: ${maxLength} × ${unit}`).not.toHaveProperty('message');
        expect(c.check(good(c, { [name]: unit.repeat(maxLength! + 1) }))).toMatchObject({ field: name, message: expect.stringContaining(`at most ${maxLength} characters`) });
      }
    }
  });

  it('stores text of the longest length the schema allows, and rejects one character more, naming the field', async () => {
    const c = await contract(ctx);
    expect(textFields(c).map(([name]) => name).sort()).toEqual(['operator', 'reason']);
    const lines: Record<string, unknown>[] = textFields(c).flatMap(([name, { maxLength }]) => [
      { ...good(c), [name]: `${'𠀀'.repeat(maxLength! - 1)}班` },
      { ...good(c), [name]: '班'.repeat(maxLength! + 1) },
    ]);
    const res = await c.t.request('POST', '/api/v1/scans', { role: 'operator', body: lines });
    expect(res.statusCode, res.body).toBe(200);
    expect(faults(c.result, res.json())).toEqual([]);
    expect(res.json()).toEqual({
      accepted: lines.length / 2,
      duplicates: 0,
      rejected: textFields(c).map(([name], i) => ({ line: 2 * i + 2, field: name, message: expect.stringContaining(name) })),
    });
    for (const [i, [name]] of textFields(c).entries()) {
      const [stored] = await storedEvents(c.t.db, lines[2 * i]!.trackingNo as string);
      expect(stored![name as 'operator' | 'reason']).toBe(lines[2 * i]![name]);
    }
  });

  it('requires exactly the fields whose absence the validator rejects', async () => {
    const c = await contract(ctx);
    const names = Object.keys(c.event.properties!);
    expect(c.result.properties!.rejected!.items!.properties!.field!.enum).toEqual(names);
    const refusedWhenAbsent = names.filter((name) => isRejection(c.check(without(good(c, { nextSite: c.sites[1], operator: 'op', reason: 'r' }), name))));
    expect(refusedWhenAbsent).toEqual(c.event.required);
    for (const name of names) {
      const result = c.check(good(c, { [name]: null }));
      if (admitsNull(c.event.properties![name]!)) expect(result, name).not.toHaveProperty('message');
      else expect(result).toMatchObject({ field: name });
    }
  });

  it('rejects every line the schema refuses, naming a field the schema faults', async () => {
    const c = await contract(ctx);
    // Near the schema's length limit on both sides.
    const max = c.event.properties!.operator!.maxLength!;
    const line = fc.record(
      {
        trackingNo: fieldValue(s10(), fc.stringMatching(/^[A-Z]{2}\d{9}[A-Z]{2}$/), fc.string({ maxLength: 15 })),
        code: fieldValue(fc.constantFrom(...SCAN_CODES, ...CONSIGNMENT_SCAN_CODES), fc.stringMatching(/^[A-Z_]{1,20}$/)),
        at: fieldValue(instant(), instant().chain(mutate)),
        site: fieldValue(fc.constantFrom(...c.sites), fc.constantFrom(...c.sites).chain(mutate)),
        operator: fieldValue(text(max), plainText(max - 1, max + 1), text(max + 60, max + 1), fc.string({ unit: 'binary', maxLength: 8 })),
        reason: fieldValue(text(max), plainText(max - 1, max + 1), fc.constantFrom('a\tb', 'a\u202eb', '\ud800', 'a\u2028b', '\ufffd', '\u200b', '\ufdd0')),
        nextSite: fieldValue(fc.constantFrom(...c.sites), fc.constantFrom(...c.sites).chain(mutate), fc.string({ maxLength: 40 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(line, (value) => {
        const found = faults(c.event, value);
        const result = c.check(value);
        if (isRejection(result)) {
          expect(c.result.properties!.rejected!.items!.properties!.field!.enum).toContain(result.field);
          // The first fault the validator finds may come before the schema's, in a field whose rule the schema only states in words.
          if (found.length > 0 && !found.includes(result.field!)) expect(found.every((f) => fieldsAfter(c, result.field!).includes(f))).toBe(true);
        } else expect(found, JSON.stringify(value)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every line built from the schema, given what its descriptions add (check digit, known unit, a real instant, a failure reason code)', async () => {
    const c = await contract(ctx);
    const p = c.event.properties!;
    const fromSchema = <T,>(name: string, value: fc.Arbitrary<T>) =>
      c.event.required!.includes(name) ? value : fc.oneof(value, fc.constant(undefined), ...(admitsNull(p[name]!) ? [fc.constant(null)] : []));
    const line = fc.record({
      trackingNo: fromSchema('trackingNo', fc.stringMatching(new RegExp(p.trackingNo!.pattern!)).map(withCheckDigit)),
      code: fromSchema('code', fc.constantFrom(...(p.code!.enum as string[]))),
      at: fromSchema('at', instant()),
      site: fromSchema('site', fc.constantFrom(...c.sites)),
      operator: fromSchema('operator', textWithin(p.operator!)),
      reason: fromSchema('reason', textWithin(p.reason!)),
      nextSite: fromSchema('nextSite', fc.constantFrom(...c.sites)),
    }).chain((value) =>
      // The description of `reason`: on DELIVERY_FAILED, a code of the one list (OTHER with its note).
      value.code === 'DELIVERY_FAILED' && typeof value.reason === 'string'
        ? fc.constantFrom(...FAILURE_REASONS.filter((r) => r !== 'OTHER'), 'OTHER:门卫不让进').map((reason) => ({ ...value, reason }))
        : fc.constant(value),
    );
    fc.assert(
      fc.property(line, (value) => {
        expect(faults(c.event, value)).toEqual([]);
        const result = c.check(value);
        expect(result, JSON.stringify(value)).not.toHaveProperty('message');
        expect(result).toMatchObject({ trackingNo: value.trackingNo, code: value.code, site: value.site, operator: value.operator ?? null, reason: value.reason ?? null });
      }),
      { numRuns: 1000 },
    );
  });
});

/** Fields the validator checks after `field`, in the order the schema lists them (the validator's order). */
const fieldsAfter = (c: Contract, field: string) => {
  const names = Object.keys(c.event.properties!);
  return names.slice(names.indexOf(field) + 1);
};

/** Mostly a good value; sometimes absent, null, a near miss or anything JSON can hold. */
function fieldValue(goodValue: fc.Arbitrary<unknown>, ...bad: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: goodValue, weight: 12 },
    ...bad.map((arbitrary) => ({ arbitrary, weight: 2 })),
    { arbitrary: fc.constantFrom(undefined, null), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
  );
}

/** A valid S10 number, any service indicator and country. */
const s10 = () => fc.stringMatching(/^[A-Z]{2}\d{9}[A-Z]{2}$/).map(withCheckDigit);
const withCheckDigit = (s: string) => `${s.slice(0, 10)}${s10CheckDigit(s.slice(2, 10))}${s.slice(11)}`;

/** An instant within the route's window (the last 90 days, up to 15 minutes ahead), written in any form scanners use. */
function instant(): fc.Arbitrary<string> {
  const ms = fc.integer({ min: FIXED_NOW - 89 * 24 * HOUR, max: FIXED_NOW + 14 * MINUTE });
  const offset = fc.integer({ min: -12 * 4, max: 14 * 4 }).map((quarters) => quarters * 15);
  const form = fc.record({
    separator: fc.constantFrom('T', ' '),
    seconds: fc.constantFrom('none', 'whole', 'fraction'),
    fraction: fc.stringMatching(/^[.,]\d{1,9}$/),
    zulu: fc.constantFrom('Z', 'z'),
    colon: fc.constantFrom(':', ''),
    hoursOnly: fc.boolean(),
  });
  return fc.tuple(ms, offset, form).map(([at, offsetMin, f]) => {
    const local = new Date(at + offsetMin * MINUTE).toISOString();
    const time = f.seconds === 'none' ? local.slice(11, 16) : f.seconds === 'whole' ? local.slice(11, 19) : local.slice(11, 19) + f.fraction;
    const abs = Math.abs(offsetMin);
    const [hh, mm] = [String(Math.floor(abs / 60)).padStart(2, '0'), String(abs % 60).padStart(2, '0')];
    const zone = offsetMin === 0 && f.zulu ? f.zulu : `${offsetMin < 0 ? '-' : '+'}${hh}${f.hoursOnly && mm === '00' ? '' : f.colon + mm}`;
    return `${local.slice(0, 10)}${f.separator}${time}${zone}`;
  });
}

/** The value with one character dropped, changed or added. */
function mutate(value: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: value.length });
  const char = fc.oneof(fc.constantFrom('', ' ', '0', ':', 'T', '+', '-', 'Z', '.', '\n', 'é'), fc.string({ minLength: 1, maxLength: 1 }));
  return fc.tuple(at, char, fc.boolean()).map(([i, ch, replace]) => value.slice(0, i) + ch + value.slice(replace ? i + 1 : i));
}

/** Free text of up to `max` characters, mixing plain, CJK, astral and refused characters. */
function text(max: number, min = 0): fc.Arbitrary<string> {
  const char = fc.oneof(
    fc.constantFrom('a', ' ', '班', '𠀀', 'é', 'e\u0301', '\t', '\u202e', '\u200b', '\ufffd', '\ud800', '\u2028'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  return fc.array(char, { minLength: min, maxLength: max }).map((chars) => [...chars.join('')].slice(0, max).join(''));
}

/** Text without a refused character, from `min` to `max` characters. */
function plainText(min: number, max: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom('a', ' ', '班', '𠀀', 'é'), { minLength: min, maxLength: max }).map((chars) => chars.join(''));
}

/** Text within a property's pattern and maxLength: characters the pattern refuses become 'x'. */
function textWithin(property: JsonSchema): fc.Arbitrary<string> {
  const allowed = new RegExp(property.pattern!, 'u');
  return fc
    .oneof(text(property.maxLength!), fc.string({ unit: 'binary', minLength: property.maxLength, maxLength: property.maxLength }))
    .map((s) => [...s].map((ch) => (allowed.test(ch) ? ch : 'x')).slice(0, property.maxLength).join(''));
}
