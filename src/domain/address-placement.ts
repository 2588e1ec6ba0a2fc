// Placing a free-text mainland address in a GB/T 2260 county (区/县/县级市), so that a recipient
// can be routed to a delivery office. An address is placed only when the place is written in it (or
// given as a division code that agrees with it): never by guessing from a street or a short name.
import { createRequire } from 'node:module';
import { type Division, findDivision, listDivisions } from './divisions.js';
import { type Message, type Param, msg } from '../i18n/message.js';

/** One reading of an address by the `address-parse` package. */
interface ParsedAddress {
  province: string;
  city: string;
  area: string;
  details: string;
  /** The most precise division found: a county, city or province code (address-parse's own data). */
  code: string;
  /** `true` when a province or city was found first (parseByProvince / parseByCity); 0 or false for readings found from a county name alone. */
  __parse?: boolean | number;
}

// address-parse is CommonJS without types; createRequire loads it the same way under tsx, vitest and dist/.
const addressParse = (createRequire(import.meta.url)('address-parse') as { default: { parse(text: string): ParsedAddress[] } }).default;

export type AddressPlacement =
  /** Placed in one county-level division. */
  | { kind: 'county'; county: Division }
  /** The address names a county that exists in several places and nothing that tells which. */
  | { kind: 'ambiguous'; counties: Division[] }
  /** The address names a province or city, but no county in it. */
  | { kind: 'region'; region: Division }
  | { kind: 'none' };

export type PlacementResult =
  | { ok: true; division: Division }
  | { ok: false; field: 'address' | 'divisionCode'; message: Message };

/**
 * A division a mail piece can be addressed to: a county, or one of the few cities that have no
 * counties (东莞, 中山, 儋州), whose streets and towns belong to the city directly.
 */
export function isCountyLevel(division: Division): boolean {
  if (division.level === 'county') return true;
  return division.level === 'city' && countyIndex().countiesOfCity(division.code).length === 0;
}

/**
 * Where the address is, and whether `divisionCode` (optional, as given beside it) agrees. With no
 * code, the address must be placed in one county on its own; a code must be a real county and agree
 * with every place the address names, and places the address when it names no county.
 */
export function placeAddress(address: string, divisionCode?: string): PlacementResult {
  const placement = readAddressPlace(address);
  if (divisionCode === undefined) {
    switch (placement.kind) {
      case 'county':
        return { ok: true, division: placement.county };
      case 'ambiguous':
        return fail('address', msg('address.ambiguous', { places: either(placement.counties) }));
      case 'region':
        return fail('address', msg('address.noCounty', { region: describe(placement.region) }));
      case 'none':
        return fail('address', msg('address.noPlace'));
    }
  }
  const given = findDivision(divisionCode);
  if (!given) return fail('divisionCode', msg('address.unknownDivision', { code: divisionCode }));
  if (!isCountyLevel(given)) return fail('divisionCode', msg('address.notCounty', { division: describe(given) }));
  const disagree = (where: Param) => fail('divisionCode', msg('address.disagrees', { division: describe(given), where }));
  switch (placement.kind) {
    case 'county':
      return placement.county.code === given.code ? { ok: true, division: given } : disagree(describe(placement.county));
    case 'ambiguous':
      return placement.counties.some((c) => c.code === given.code) ? { ok: true, division: given } : disagree(either(placement.counties));
    case 'region':
      return contains(placement.region, given) ? { ok: true, division: given } : disagree(describe(placement.region));
    case 'none':
      return { ok: true, division: given };
  }
}

/** The places an address names, read from the division data first and then with address-parse. */
export function readAddressPlace(address: string): AddressPlacement {
  const text = address.replace(/[\s\u3000]+/g, '');
  if (text === '') return { kind: 'none' };
  // Fast and exact: an address that starts with a county's full name (湖北省宜昌市夷陵区…), as most
  // lists written from an agency's records do, needs no parsing.
  const byFullName = countyIndex().byFullNamePrefix(text);
  if (byFullName) return { kind: 'county', county: byFullName };
  // Just as exact: one that starts with its city's and its own name (宜昌市夷陵区…), or with its name
  // alone for a county its province governs directly (仙桃市…), when no other county in the country
  // is written that way. address-parse takes a millisecond or more for each of these.
  const byCityName = countyIndex().byCityNamePrefix(text);
  if (byCityName) return { kind: 'county', county: byCityName };
  return fromParsed(text, addressParse.parse(text));
}

function fromParsed(text: string, readings: readonly ParsedAddress[]): AddressPlacement {
  const counties = new Map<string, Division>();
  let region: Division | undefined;
  for (const r of readings) {
    const county = namedCounty(text, r);
    if (county) {
      counties.set(county.code, county);
      continue;
    }
    // A city or province counts only when found from the top (address-parse's own confidence) or
    // written out in full; readings guessed from a county's short name are left out.
    const confident = r.__parse === true;
    const city = r.city ? findDivision(`${r.code.slice(0, 4)}00`) : undefined;
    if (city?.level === 'city' && (confident || text.includes(city.name))) {
      // address-parse may not know a county (a new district, a development zone): look for ours by name.
      const inCity = countyIndex().countiesOfCity(city.code).filter((c) => text.includes(c.name));
      if (inCity.length === 1) counties.set(inCity[0]!.code, inCity[0]!);
      else if (isCountyLevel(city)) counties.set(city.code, city);
      else region ??= city;
      continue;
    }
    const province = r.province ? findDivision(`${r.code.slice(0, 2)}0000`) : undefined;
    if (province && (confident || text.includes(province.name))) region ??= province;
  }
  // 临高县 contains 高县: a name found only inside a longer candidate's name was not written on its own.
  const found = [...counties.values()].filter((c, _, all) => !all.some((o) => o.name.length > c.name.length && o.name.includes(c.name)));
  if (found.length === 1) return { kind: 'county', county: found[0]! };
  if (found.length > 1) return { kind: 'ambiguous', counties: found.sort((a, b) => a.code.localeCompare(b.code)) };
  return region ? { kind: 'region', region } : { kind: 'none' };
}

/**
 * The county of a reading, in our division data, when its name is written in full in the address.
 * address-parse's own codes differ from GB/T 2260 for a few divisions, so a code we do not know is
 * looked up by name within its city.
 */
function namedCounty(text: string, r: ParsedAddress): Division | undefined {
  if (!r.area || !/^\d{6}$/.test(r.code) || r.code.endsWith('00')) return undefined;
  const byCode = findDivision(r.code);
  const county = byCode?.level === 'county' && byCode.name === r.area ? byCode : countyIndex().byCityAndName(`${r.code.slice(0, 4)}00`, r.area);
  return county && text.includes(county.name) ? county : undefined;
}

function contains(region: Division, county: Division): boolean {
  return region.level === 'province' ? county.provinceCode === region.code : county.cityCode === region.code || county.code === region.code;
}

const describe = (d: Division) => `${d.fullName} (${d.code})`;

/** Places to choose from: 甲或乙 / A or B. */
const either = (divisions: readonly Division[]): Message => divisions.slice(1).reduce<Message>((all, d) => msg('address.either', { all, next: describe(d) }), msg('address.one', { place: describe(divisions[0]!) }));

function fail(field: 'address' | 'divisionCode', message: Message): PlacementResult {
  return { ok: false, field, message };
}

// ---- Index of county-level divisions -------------------------------------------------------------

interface CountyIndex {
  byFullNamePrefix(text: string): Division | undefined;
  byCityNamePrefix(text: string): Division | undefined;
  byCityAndName(cityCode: string, name: string): Division | undefined;
  countiesOfCity(cityCode: string): Division[];
}

let index: CountyIndex | undefined;

function countyIndex(): CountyIndex {
  index ??= buildCountyIndex();
  return index;
}

// The grouping levels under which a province lists the counties it governs directly: such a county
// is written from the province down as 湖北省仙桃市, and without the province by its name alone.
const PROVINCE_DIRECT_GROUPS: ReadonlySet<string> = new Set(['省直辖县级行政区划', '自治区直辖县级行政区划']);

function buildCountyIndex(): CountyIndex {
  const counties = listDivisions({ level: 'county' });
  const cityCounties = new Map<string, Division[]>();
  for (const c of counties) {
    if (!c.cityCode) continue;
    const list = cityCounties.get(c.cityCode) ?? [];
    list.push(c);
    cityCounties.set(c.cityCode, list);
  }
  const countyLevel = [...counties, ...listDivisions({ level: 'city' }).filter((c) => !cityCounties.has(c.code))];
  const byFullName = new Map(countyLevel.map((d) => [d.fullName, d]));
  // The lengths of the full names that start with each two characters, longest first.
  const lengthsByStart = new Map<string, number[]>();
  for (const d of countyLevel) {
    const start = d.fullName.slice(0, 2);
    const lengths = lengthsByStart.get(start) ?? [];
    if (!lengths.includes(d.fullName.length)) lengths.push(d.fullName.length);
    lengthsByStart.set(start, lengths);
  }
  for (const lengths of lengthsByStart.values()) lengths.sort((a, b) => b - a);
  const byCityName = new Map(counties.map((d) => [`${d.cityCode}|${d.name}`, d]));
  // How a list written from the city down names a county: city name + county name (宜昌市夷陵区), or
  // the name alone of a county its province governs directly (仙桃市) or of a city without counties
  // (东莞市). Kept only where it names one county in the whole country; a name alone, moreover, only
  // where no division of any level has the same name (a city and a county may share one).
  const divisionsNamed = new Map<string, number>();
  for (const d of listDivisions()) divisionsNamed.set(d.name, (divisionsNamed.get(d.name) ?? 0) + 1);
  const cityAndCounty = new Map<string, Division | null>();
  const addFromCity = (key: string, d: Division) => cityAndCounty.set(key, cityAndCounty.has(key) ? null : d);
  for (const c of counties) {
    const city = c.cityCode ? findDivision(c.cityCode) : undefined;
    if (city?.level !== 'city') continue;
    if (!PROVINCE_DIRECT_GROUPS.has(city.name)) addFromCity(`${city.name}${c.name}`, c);
    else if (divisionsNamed.get(c.name) === 1) addFromCity(c.name, c);
  }
  for (const c of countyLevel) if (c.level === 'city' && divisionsNamed.get(c.name) === 1) addFromCity(c.name, c);
  const cityAndCountyLengths = [...new Set([...cityAndCounty.keys()].map((k) => k.length))].sort((a, b) => b - a);
  return {
    byCityNamePrefix(text) {
      for (const n of cityAndCountyLengths) {
        if (n > text.length) continue;
        const hit = cityAndCounty.get(text.slice(0, n));
        if (hit !== undefined) return hit ?? undefined;
      }
      return undefined;
    },
    byFullNamePrefix(text) {
      // Longest first, so that a county whose full name extends another's wins.
      for (const n of lengthsByStart.get(text.slice(0, 2)) ?? []) {
        if (n > text.length) continue;
        const hit = byFullName.get(text.slice(0, n));
        if (hit) return hit;
      }
      return undefined;
    },
    byCityAndName: (cityCode, name) => byCityName.get(`${cityCode}|${name}`),
    countiesOfCity: (cityCode) => cityCounties.get(cityCode) ?? [],
  };
}
