import type { TUnit } from '../api/types';

export interface DivisionNode {
  code: string;
  level: 'province' | 'city' | 'county';
  name: string;
  /** A grouping level with no name of its own (省直辖县级行政区划, a municipality's 市辖区). */
  placeholder: boolean;
  /** Units in this division and below. */
  unitCount: number;
  children: DivisionNode[];
}

const PROVINCE_NAME = /^(.+?(?:省|自治区|特别行政区|市))/;
const CITY_NAME = /^(.+?(?:市|自治州|地区|盟))/;

/**
 * Province → city → county from the units' own divisions. Units carry the full name of their
 * division (湖北省宜昌市夷陵区); a province or city is named by a unit placed at it (a city's
 * processing centre) or else by the front of a full name below it, and by its code when neither works
 * (placeholder levels such as 省直辖县级行政区划 have no name of their own in full names).
 */
export function buildDivisionTree(units: readonly TUnit[]): DivisionNode[] {
  const exactName = new Map<string, string>();
  for (const u of units) if (u.divisionName) exactName.set(u.divisionCode, u.divisionName);

  const provinces = new Map<string, DivisionNode>();
  const cities = new Map<string, DivisionNode>();
  const counties = new Map<string, DivisionNode>();

  const nodeOf = (map: Map<string, DivisionNode>, code: string, level: DivisionNode['level'], parent: DivisionNode | undefined, name: string) => {
    let node = map.get(code);
    if (!node) {
      node = { code, level, name, placeholder: false, unitCount: 0, children: [] };
      map.set(code, node);
      parent?.children.push(node);
    }
    return node;
  };

  for (const u of units) {
    const full = u.divisionName ?? '';
    const provinceFull = exactName.get(u.provinceCode) ?? PROVINCE_NAME.exec(full)?.[1] ?? u.provinceCode;
    const province = nodeOf(provinces, u.provinceCode, 'province', undefined, provinceFull);
    province.unitCount++;
    if (!u.cityCode || u.divisionCode === u.provinceCode) continue;

    const cityFull = exactName.get(u.cityCode);
    const afterProvince = full.startsWith(provinceFull) ? full.slice(provinceFull.length) : full;
    // A county's full name leaves out a placeholder city: 湖北省仙桃市 is a county of 省直辖县级行政区划.
    const cityPart = CITY_NAME.exec(afterProvince)?.[1];
    const placeholder = !cityFull && u.divisionCode !== u.cityCode && (!cityPart || cityPart === afterProvince);
    const cityName = cityFull ? stripPrefix(cityFull, provinceFull) : placeholder ? u.cityCode : (cityPart ?? u.cityCode);
    const city = nodeOf(cities, u.cityCode, 'city', province, cityName || u.cityCode);
    city.placeholder = city.placeholder || placeholder;
    city.unitCount++;
    if (u.divisionCode === u.cityCode) continue;

    const cityPrefix = placeholder ? provinceFull : (cityFull ?? `${provinceFull}${cityName}`);
    const countyName = full.startsWith(cityPrefix) ? full.slice(cityPrefix.length) : stripPrefix(full, provinceFull);
    const county = nodeOf(counties, u.divisionCode, 'county', city, countyName || u.divisionCode);
    county.unitCount++;
  }
  const byCode = (a: DivisionNode, b: DivisionNode) => a.code.localeCompare(b.code);
  const sortDeep = (nodes: DivisionNode[]): DivisionNode[] => nodes.sort(byCode).map((n) => ({ ...n, children: sortDeep(n.children) }));
  return sortDeep([...provinces.values()]);
}

function stripPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) && text.length > prefix.length ? text.slice(prefix.length) : text;
}

/** Does the unit lie in the division (province, city or county code)? */
export function unitInDivision(unit: TUnit, code: string, level: DivisionNode['level'] | undefined): boolean {
  if (level === 'province') return unit.provinceCode === code;
  if (level === 'city') return unit.cityCode === code;
  return unit.divisionCode === code;
}

/** Cities that have units, named as in the tree (`placeholderName` for the unnamed ones), for filters. */
export function citiesOf(tree: readonly DivisionNode[], placeholderName: string): { code: string; name: string }[] {
  return tree.flatMap((province) =>
    province.children.map((city) => {
      const name = city.placeholder ? `${placeholderName} ${city.code}` : city.name;
      return { code: city.code, name: tree.length > 1 ? `${province.name}${name}` : name };
    }),
  );
}
