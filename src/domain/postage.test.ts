import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TARIFF,
  type Tariff,
  basePostageFen,
  discountPercent,
  percentOfHalfUp,
  postageZone,
  priceItem,
  sharesToWeights,
  splitLargestRemainder,
} from './postage.js';

const one = (payer: string) => [{ payer, weight: 1 }];

describe('postageZone', () => {
  it('is same_province only when the province codes are equal', () => {
    expect(postageZone('420000', '420000')).toBe('same_province');
    expect(postageZone('420000', '110000')).toBe('cross_province');
  });
});

describe('basePostageFen (default tariff: 500 g first, 500 g steps; 10 + 2 yuan same province, 15 + 5 across)', () => {
  it.each([
    ['same_province', null, 1000],
    ['same_province', 1, 1000],
    ['same_province', 500, 1000],
    ['same_province', 501, 1200],
    ['same_province', 1000, 1200],
    ['same_province', 1001, 1400],
    ['cross_province', null, 1500],
    ['cross_province', 500, 1500],
    ['cross_province', 501, 2000],
    ['cross_province', 2000, 3000],
  ] as const)('%s, %s g → %i fen', (zone, weight, fen) => {
    expect(basePostageFen(DEFAULT_TARIFF, zone, weight)).toBe(fen);
  });

  it('charges a started additional step whole, on any tariff', () => {
    const tariff: Tariff = { firstWeightGrams: 100, additionalWeightGrams: 50, zones: { same_province: { firstFen: 300, additionalFen: 70 }, cross_province: { firstFen: 400, additionalFen: 90 } } };
    expect(basePostageFen(tariff, 'same_province', 151)).toBe(300 + 2 * 70);
    expect(basePostageFen(tariff, 'cross_province', 150)).toBe(400 + 90);
  });
});

describe('discountPercent', () => {
  it('is 100 outside veterans programs, whatever the category', () => {
    expect(discountPercent(false, 'ordinary')).toBe(100);
    expect(discountPercent(false, 'martyr_family')).toBe(100);
  });
  it('is 85 for card holders and 80 for each special category on veterans programs', () => {
    expect(discountPercent(true, 'ordinary')).toBe(85);
    for (const c of ['martyr_family', 'combat_veteran', 'disabled_veteran', 'merit_second_class']) expect(discountPercent(true, c)).toBe(80);
  });
});

describe('percentOfHalfUp', () => {
  it('rounds half up to the fen', () => {
    expect(percentOfHalfUp(1010, 85)).toBe(859); // 858.5
    expect(percentOfHalfUp(1001, 85)).toBe(851); // 850.85
    expect(percentOfHalfUp(1003, 85)).toBe(853); // 852.55
    expect(percentOfHalfUp(1009, 80)).toBe(807); // 807.2
    expect(percentOfHalfUp(1000, 100)).toBe(1000);
  });
  it('refuses fractional amounts', () => {
    expect(() => percentOfHalfUp(10.5, 85)).toThrow(RangeError);
  });
});

describe('splitLargestRemainder', () => {
  it('gives the leftover fen to the largest remainders', () => {
    // 1000 × 1/3 = 333.33 each; one fen left, to the first (ties go to the earlier payer).
    expect(splitLargestRemainder(1000, [{ payer: 'a', weight: 1 }, { payer: 'b', weight: 1 }, { payer: 'c', weight: 1 }])).toEqual([
      { payer: 'a', fen: 334 },
      { payer: 'b', fen: 333 },
      { payer: 'c', fen: 333 },
    ]);
    // 850 × 0.5 / 0.3 / 0.2 = 425 / 255 / 170 exactly.
    expect(splitLargestRemainder(850, sharesToWeights([{ partner: 'a', share: 0.5 }, { partner: 'b', share: 0.3 }, { partner: 'c', share: 0.2 }]))).toEqual([
      { payer: 'a', fen: 425 },
      { payer: 'b', fen: 255 },
      { payer: 'c', fen: 170 },
    ]);
    // 10 × 0.45 / 0.35 / 0.2 = 4.5 / 3.5 / 2: remainders .5 and .5 → one fen to the earlier.
    expect(splitLargestRemainder(10, sharesToWeights([{ partner: 'a', share: 0.45 }, { partner: 'b', share: 0.35 }, { partner: 'c', share: 0.2 }]))).toEqual([
      { payer: 'a', fen: 5 },
      { payer: 'b', fen: 3 },
      { payer: 'c', fen: 2 },
    ]);
    // 7 × 0.6 / 0.4 = 4.2 / 2.8: the larger remainder (.8) gets the fen.
    expect(splitLargestRemainder(7, [{ payer: 'a', weight: 6 }, { payer: 'b', weight: 4 }])).toEqual([
      { payer: 'a', fen: 4 },
      { payer: 'b', fen: 3 },
    ]);
  });

  it('always sums to the total, and no part is off its exact quota by a fen or more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 6 }), (total, weights) => {
        const parts = splitLargestRemainder(total, weights.map((weight, i) => ({ payer: `p${i}`, weight })));
        const sum = weights.reduce((s, w) => s + w, 0);
        expect(parts.reduce((s, p) => s + p.fen, 0)).toBe(total);
        parts.forEach((p, i) => expect(Math.abs(p.fen - (total * weights[i]!) / sum)).toBeLessThan(1));
      }),
    );
  });

  it('refuses no payers and non-positive weights', () => {
    expect(() => splitLargestRemainder(10, [])).toThrow(RangeError);
    expect(() => splitLargestRemainder(10, [{ payer: 'a', weight: 0 }])).toThrow(RangeError);
  });
});

describe('priceItem', () => {
  const base = { tariff: DEFAULT_TARIFF, weightGrams: null, payers: one('GOV') };

  it('charges full postage and no donation outside veterans programs', () => {
    expect(priceItem({ ...base, zone: 'cross_province', veteransProgram: false, category: 'ordinary' })).toEqual({
      basePostageFen: 1500,
      percent: 100,
      postageFen: 1500,
      donationFen: 0,
      charges: [{ payer: 'GOV', postageFen: 1500, discountFen: 0, donationFen: 0 }],
    });
  });

  it('charges card holders 85 % and adds the 10-fen donation on veterans programs', () => {
    expect(priceItem({ ...base, zone: 'same_province', veteransProgram: true, category: 'ordinary' })).toMatchObject({
      basePostageFen: 1000,
      percent: 85,
      postageFen: 850,
      donationFen: 10,
      charges: [{ payer: 'GOV', postageFen: 850, discountFen: 150, donationFen: 10 }],
    });
  });

  it('charges the special categories 80 %, with additional weight, across provinces', () => {
    // 1200 g across provinces: 1500 + 2 × 500 = 2500; 80 % = 2000.
    expect(priceItem({ ...base, zone: 'cross_province', weightGrams: 1200, veteransProgram: true, category: 'combat_veteran' })).toMatchObject({
      basePostageFen: 2500,
      percent: 80,
      postageFen: 2000,
      donationFen: 10,
    });
  });

  it('splits postage, discount and donation among several payers so each sums to the item', () => {
    // 501 g within the province: 1200; 85 % = 1020; shares 0.45 / 0.35 / 0.2 → 459 / 357 / 204; discount
    // 180 → 81 / 63 / 36; donation 4.5 / 3.5 / 2 → 4 / 3 / 2, the fen left to the larger remainder, A's (tie, first) → 5 / 3 / 2.
    const price = priceItem({
      ...base,
      zone: 'same_province',
      weightGrams: 501,
      veteransProgram: true,
      category: 'ordinary',
      payers: sharesToWeights([{ partner: 'A', share: 0.45 }, { partner: 'B', share: 0.35 }, { partner: 'C', share: 0.2 }]),
    });
    expect(price.postageFen).toBe(1020);
    expect(price.charges).toEqual([
      { payer: 'A', postageFen: 459, discountFen: 81, donationFen: 5 },
      { payer: 'B', postageFen: 357, discountFen: 63, donationFen: 3 },
      { payer: 'C', postageFen: 204, discountFen: 36, donationFen: 2 },
    ]);
  });

  it('rounds a discounted amount half up before splitting it', () => {
    const tariff: Tariff = { ...DEFAULT_TARIFF, zones: { ...DEFAULT_TARIFF.zones, same_province: { firstFen: 1010, additionalFen: 200 } } };
    const price = priceItem({ ...base, tariff, zone: 'same_province', veteransProgram: true, category: 'ordinary', payers: [{ payer: 'A', weight: 1 }, { payer: 'B', weight: 1 }] });
    expect(price.postageFen).toBe(859);
    expect(price.charges.map((c) => c.postageFen)).toEqual([430, 429]);
    // The discount, 1010 − 859 = 151, split apart: each payer's gross share adds up to the base.
    expect(price.charges.map((c) => c.discountFen)).toEqual([76, 75]);
    expect(price.charges.reduce((s, c) => s + c.postageFen + c.discountFen, 0)).toBe(1010);
  });

  it('never gives a payer a negative part, however small its share', () => {
    const price = priceItem({ ...base, zone: 'cross_province', weightGrams: 5000, veteransProgram: true, category: 'martyr_family', payers: sharesToWeights([{ partner: 'A', share: 0.999999 }, { partner: 'B', share: 0.000001 }]) });
    for (const c of price.charges) expect(Math.min(c.postageFen, c.discountFen, c.donationFen)).toBeGreaterThanOrEqual(0);
    expect(price.charges.reduce((s, c) => s + c.postageFen + c.discountFen, 0)).toBe(price.basePostageFen);
  });
});
