import { type Division, findDivision, listDivisions } from '../domain/divisions.js';
import type { TUnitInput } from '../modules/units/unit.schemas.js';
import { parseClockTime } from './local-time.js';

export const DELIVERY_OFFICE_END_OF_SHIFT = '21:00';

/**
 * The postal network of one province, built from its real GB/T 2260 divisions:
 * - one provincial processing centre `P<province>` (邮区中心), placed in the capital's division;
 * - one processing centre `P<city>` (邮区中心局) per prefecture-level city, under the province centre;
 * - per county one counter `C<county>` (营业部) and one delivery office `D<county>` (揽投部, end of
 *   shift 21:00), under their city's centre.
 *
 * Rules for the irregular parts of GB/T 2260:
 * - The capital is the province's `XX0100` city (it is in every province); a municipality's XX0100
 *   is a placeholder (市辖区), so its centre sits in the province's own division.
 * - Placeholder cities (市辖区 and 县 of a municipality, 省直辖县级行政区划 such as 仙桃, 潜江) get no
 *   centre of their own: their counties hang directly off the province centre.
 * - A city without counties (东莞, 中山, 儋州) gets its counter and office in the city's division.
 * - County names repeated inside the province (two 鼓楼区 in 江苏) are prefixed with the city name.
 *
 * Parents come before their children in the result, so it can be upserted in one batch.
 */
export function buildProvinceUnits(provinceCode: string): TUnitInput[] {
  const province = findDivision(provinceCode);
  if (!province || province.level !== 'province') {
    throw new RangeError(`${provinceCode} is not a GB/T 2260 province code`);
  }
  const provinceCentre = `P${province.code}`;
  const cities = listDivisions({ parentCode: province.code, level: 'city' });
  const capital = cities.find((c) => c.code === `${province.code.slice(0, 2)}0100` && !isPlaceholderCity(c, province));

  const units: TUnitInput[] = [
    { code: provinceCentre, name: `${province.name}邮区中心`, kind: 'processing_centre', divisionCode: capital?.code ?? province.code },
  ];
  const counties = listDivisions({ parentCode: province.code, level: 'county' });
  const nameCounts = new Map<string, number>();
  for (const c of counties) nameCounts.set(c.name, (nameCounts.get(c.name) ?? 0) + 1);

  for (const city of cities) {
    const placeholder = isPlaceholderCity(city, province);
    const hub = placeholder ? provinceCentre : `P${city.code}`;
    if (!placeholder) {
      units.push({ code: hub, name: `${city.name}邮区中心局`, kind: 'processing_centre', divisionCode: city.code, parentCode: provinceCentre });
    }
    const cityCounties = counties.filter((c) => c.cityCode === city.code);
    // A city with no counties of its own is served as one county.
    const served = cityCounties.length > 0 ? cityCounties : placeholder ? [] : [city];
    for (const county of served) {
      const repeated = (nameCounts.get(county.name) ?? 0) > 1 && !placeholder && county !== city;
      const name = repeated ? `${city.name}${county.name}` : county.name;
      units.push({ code: `C${county.code}`, name: `${name}营业部`, kind: 'counter', divisionCode: county.code, parentCode: hub });
      units.push({
        code: `D${county.code}`,
        name: `${name}揽投部`,
        kind: 'delivery_office',
        divisionCode: county.code,
        parentCode: hub,
        endOfShift: DELIVERY_OFFICE_END_OF_SHIFT,
      });
    }
  }
  return units;
}

/** 市辖区, 县, 省直辖县级行政区划: the divisions module leaves their names out of full names. */
function isPlaceholderCity(city: Division, province: Division): boolean {
  return city.fullName === province.fullName;
}

/**
 * A set of units seen as a network: units by index, their operators, and the processing centres a
 * mail piece passes between two units (up the parent chain to the first shared centre, then down).
 */
export class UnitNetwork {
  static readonly OPERATORS_PER_UNIT = 4;
  readonly codes: readonly string[];
  readonly divisionCodes: readonly string[];
  /** Operator ids `op-0001`…; unit u's operators are u × OPERATORS_PER_UNIT + 0…3. */
  readonly operators: readonly string[];
  readonly counters: readonly number[];
  readonly offices: readonly number[];
  /** Per unit: whether it is a delivery office. */
  readonly isOffice: readonly boolean[];
  /** Per unit: its own end of shift in minutes after local midnight, if it names one. */
  readonly endOfShiftMin: readonly (number | undefined)[];
  /** The most processing centres any route can pass. */
  readonly maxHubsOnRoute: number;
  /** Per unit: its parent, the parent's parent, … up to the root. */
  readonly #hubsAbove: readonly (readonly number[])[];
  readonly #officesByDivision = new Map<string, number[]>();
  readonly #officesByParent = new Map<number, number[]>();
  readonly #routes = new Map<number, readonly number[]>();

  constructor(units: readonly TUnitInput[]) {
    const indexOf = new Map(units.map((u, i) => [u.code, i]));
    this.codes = units.map((u) => u.code);
    this.divisionCodes = units.map((u) => u.divisionCode);
    this.isOffice = units.map((u) => u.kind === 'delivery_office');
    this.endOfShiftMin = units.map((u) => (u.endOfShift === undefined ? undefined : parseClockTime(u.endOfShift)));
    this.operators = this.codes.flatMap((_, u) =>
      Array.from({ length: UnitNetwork.OPERATORS_PER_UNIT }, (_, k) => `op-${String(u * UnitNetwork.OPERATORS_PER_UNIT + k + 1).padStart(4, '0')}`),
    );
    this.#hubsAbove = units.map((unit) => {
      const chain: number[] = [];
      for (let code = unit.parentCode; code !== undefined; code = units[chain.at(-1)!]?.parentCode) {
        const parent = indexOf.get(code);
        if (parent === undefined) throw new RangeError(`unit ${unit.code} has an unknown parent ${code}`);
        if (chain.includes(parent)) throw new RangeError(`the parents of unit ${unit.code} form a cycle`);
        chain.push(parent);
      }
      return chain;
    });
    this.maxHubsOnRoute = 2 * Math.max(0, ...this.#hubsAbove.map((chain) => chain.length));
    const counters: number[] = [];
    const offices: number[] = [];
    units.forEach((u, i) => {
      if (u.kind === 'counter') counters.push(i);
      if (u.kind !== 'delivery_office') return;
      offices.push(i);
      pushTo(this.#officesByDivision, u.divisionCode, i);
      pushTo(this.#officesByParent, this.#hubsAbove[i]?.[0] ?? -1, i);
    });
    if (counters.length === 0 || offices.length === 0) {
      throw new RangeError('the units must include at least one counter and one delivery office');
    }
    this.counters = counters;
    this.offices = offices;
  }

  siteOfOperator(operator: number): number {
    return Math.floor(operator / UnitNetwork.OPERATORS_PER_UNIT);
  }

  /** Delivery offices in the same division as the unit. */
  officesInDivisionOf(unit: number): readonly number[] | undefined {
    return this.#officesByDivision.get(this.divisionCodes[unit] ?? '');
  }

  /** Delivery offices under the same parent as the unit. */
  officesUnderParentOf(unit: number): readonly number[] | undefined {
    return this.#officesByParent.get(this.#hubsAbove[unit]?.[0] ?? -1);
  }

  /** The processing centres between two units; the route depends only on their parents, so it is kept per pair of parents. */
  hubsBetween(from: number, to: number): readonly number[] {
    const parents = this.codes.length + 1;
    const fromParent = this.#hubsAbove[from]?.[0] ?? this.codes.length;
    const toParent = this.#hubsAbove[to]?.[0] ?? this.codes.length;
    const key = fromParent * parents + toParent;
    let route = this.#routes.get(key);
    if (route === undefined) {
      const up = this.#hubsAbove[from] ?? [];
      const down = this.#hubsAbove[to] ?? [];
      const shared = up.findIndex((hub) => down.includes(hub));
      route =
        shared < 0
          ? [...up, ...[...down].reverse()]
          : [...up.slice(0, shared + 1), ...down.slice(0, down.indexOf(up[shared]!)).reverse()];
      this.#routes.set(key, route);
    }
    return route;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
