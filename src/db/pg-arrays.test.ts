import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDbContext } from '../../test/test-db.js';
import { bigintArray, intArray, textArray, texts } from './pg-arrays.js';

describe('binary array parameters for bulk statements [postgres]', () => {
  const ctx = new TestDbContext('postgres');
  beforeAll(() => ctx.open(), 60_000);
  afterAll(() => ctx.close());

  it('read back as the same texts, whatever the characters, and null as NULL', async () => {
    const values = ['EA000000001CN', '', 'NULL', 'null', 'a,b', '{x}', ' lead and trail ', 'say "hi"', 'back\\slash', '\\"', '"', '\\', '武汉市 江岸区', "it's", 'tab\there', 'new\nline', 'EA武汉😀x', 'x'.repeat(70_000), null];
    const { rows } = await ctx.pool.query<{ a: (string | null)[] }>('SELECT $1::text[] AS a', [textArray(values, (v) => v)]);
    expect(rows[0]!.a).toEqual(values);
  });

  it('read back as the same integers, with their positions, and null as NULL', async () => {
    const values = [0, -1, 1_764_547_200_000, -1_764_547_200_001, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 32, -(2 ** 32), null, 42];
    const small = [0, -1, 2_147_483_647, -2_147_483_648, null, 480];
    const { rows } = await ctx.pool.query<{ a: (string | null)[]; i: string[]; s: (number | null)[] }>('SELECT $1::bigint[] AS a, $2::int[] AS i, $3::int[] AS s', [
      bigintArray(values, (v) => v),
      intArray(values, (_, i) => i),
      intArray(small, (v) => v),
    ]);
    expect(rows[0]!.a.map((v) => (v === null ? null : Number(v)))).toEqual(values);
    expect(rows[0]!.i.map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows[0]!.s).toEqual(small);
  });

  it('are empty arrays for no rows, and refuse a number that is not an integer', async () => {
    const { rows } = await ctx.pool.query<{ t: string[]; n: string[]; i: number[] }>('SELECT $1::text[] AS t, $2::bigint[] AS n, $3::int[] AS i', [
      texts([]),
      bigintArray([], () => 0),
      intArray([], () => 0),
    ]);
    expect(rows[0]).toEqual({ t: [], n: [], i: [] });
    expect(() => bigintArray([1.5], (v) => v)).toThrow(/1\.5 \(element 0\) is not an integer/);
    expect(() => bigintArray([Number.NaN], (v) => v)).toThrow(/element 0/);
    expect(() => intArray([0, 2 ** 31], (v) => v)).toThrow(/2147483648 \(element 1\) does not fit in 32 bits/);
  });

  it('say their element type, so a statement casting to another refuses them', async () => {
    await expect(ctx.pool.query('SELECT $1::int[]', [bigintArray([1], (v) => v)])).rejects.toThrow(/element type/);
    await expect(ctx.pool.query('SELECT $1::bigint[]', [texts(['1'])])).rejects.toThrow(/element type/);
  });
});
