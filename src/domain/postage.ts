// Postage of a mailed document, and who pays which part of it (DESIGN §7). Pure: integer fen in,
// integer fen out. No floating-point amount is ever formed, so parts always add up to the whole.
import { isSpecialCategory } from './recipient-category.js';

export const POSTAGE_ZONES = ['same_province', 'cross_province'] as const;
export type PostageZone = (typeof POSTAGE_ZONES)[number];

export interface ZoneRate {
  /** Price of the first weight step, in fen. */
  firstFen: number;
  /** Price of each further step (or part of one), in fen. */
  additionalFen: number;
}

export interface Tariff {
  /** The first weight step, in grams: anything up to it costs `firstFen`. */
  firstWeightGrams: number;
  /** Each further step, in grams; a started step is charged whole. */
  additionalWeightGrams: number;
  zones: Readonly<Record<PostageZone, ZoneRate>>;
}

/**
 * The tariff every program uses until programs carry their own: EMS-style government-document
 * rates, first 500 g then each further 500 g, 10 + 2 yuan within the sponsor's province and 15 + 5
 * yuan across provinces.
 */
export const DEFAULT_TARIFF: Tariff = Object.freeze({
  firstWeightGrams: 500,
  additionalWeightGrams: 500,
  zones: Object.freeze({
    same_province: Object.freeze({ firstFen: 1000, additionalFen: 200 }),
    cross_province: Object.freeze({ firstFen: 1500, additionalFen: 500 }),
  }),
});

/** The donation to the veterans' care fund that each item of a veterans program adds: 0.10 yuan. */
export const VETERANS_DONATION_FEN = 10;

/** Percent of postage that card holders pay on veterans programs (DESIGN §7). */
export const CARD_HOLDER_PERCENT = 85;
export const SPECIAL_CATEGORY_PERCENT = 80;

/** Same province when the sender's and the addressee's province codes are equal. */
export function postageZone(originProvinceCode: string, destinationProvinceCode: string): PostageZone {
  return originProvinceCode === destinationProvinceCode ? 'same_province' : 'cross_province';
}

/**
 * The undiscounted postage of one item. An item of unknown weight is priced at the first step, which
 * is what a card or a document in an envelope weighs.
 */
export function basePostageFen(tariff: Tariff, zone: PostageZone, weightGrams: number | null): number {
  const rate = tariff.zones[zone];
  const weight = weightGrams ?? 0;
  const extraSteps = weight <= tariff.firstWeightGrams ? 0 : Math.ceil((weight - tariff.firstWeightGrams) / tariff.additionalWeightGrams);
  return rate.firstFen + extraSteps * rate.additionalFen;
}

/** 100 outside veterans programs; on them 85 for card holders, 80 for the special categories. */
export function discountPercent(veteransProgram: boolean, category: string): number {
  if (!veteransProgram) return 100;
  return isSpecialCategory(category) ? SPECIAL_CATEGORY_PERCENT : CARD_HOLDER_PERCENT;
}

/** `amountFen × percent / 100`, rounded half up to the fen, in integers only. */
export function percentOfHalfUp(amountFen: number, percent: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`amount must be a whole number of fen ≥ 0, got ${amountFen}`);
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`percent must be a whole number ≥ 0, got ${percent}`);
  return Math.floor((amountFen * percent + 50) / 100);
}

export interface PayerWeight {
  payer: string;
  /** A positive whole number; parts are proportional to it. */
  weight: number;
}

/**
 * Splits `totalFen` in proportion to the weights by the largest-remainder method: each payer gets the
 * floor of its exact quota, then the fen left over go one each to the largest remainders (earlier
 * payers first on a tie), so the parts always sum to the total exactly.
 */
export function splitLargestRemainder(totalFen: number, payers: readonly PayerWeight[]): { payer: string; fen: number }[] {
  if (payers.length === 0) throw new RangeError('at least one payer is needed');
  if (!Number.isSafeInteger(totalFen) || totalFen < 0) throw new RangeError(`total must be a whole number of fen ≥ 0, got ${totalFen}`);
  const sum = payers.reduce((s, p) => s + p.weight, 0);
  if (payers.some((p) => !Number.isSafeInteger(p.weight) || p.weight <= 0) || !Number.isSafeInteger(sum * Math.max(totalFen, 1))) {
    throw new RangeError('weights must be positive whole numbers');
  }
  const parts = payers.map((p, index) => ({ payer: p.payer, index, fen: Math.floor((totalFen * p.weight) / sum), remainder: (totalFen * p.weight) % sum }));
  let left = totalFen - parts.reduce((s, p) => s + p.fen, 0);
  for (const part of [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (left === 0) break;
    part.fen += 1;
    left -= 1;
  }
  return parts.map(({ payer, fen }) => ({ payer, fen }));
}

/**
 * Shares as programs state them (fractions such as 0.5 or 1/3 summing to 1) as whole weights: the
 * fraction in millionths. Exact for any share written with up to six decimals.
 */
export function sharesToWeights(shares: readonly { partner: string; share: number }[]): PayerWeight[] {
  return shares.map((s) => ({ payer: s.partner, weight: Math.round(s.share * 1_000_000) }));
}

export interface ItemPricing {
  tariff: Tariff;
  zone: PostageZone;
  weightGrams: number | null;
  veteransProgram: boolean;
  /** The recipient's category (`ordinary` or a special one). */
  category: string;
  /** Who pays, with their weights; one payer pays everything. */
  payers: readonly PayerWeight[];
}

export interface ItemCharge {
  payer: string;
  /** The payer's share of the discounted postage: what it is billed. */
  postageFen: number;
  /** The payer's share of the discount; postage + discount is its share of the undiscounted price. */
  discountFen: number;
  donationFen: number;
}

export interface ItemPrice {
  basePostageFen: number;
  percent: number;
  postageFen: number;
  donationFen: number;
  /** One row per payer; the rows' postage, discount and donation sum to the item's. */
  charges: ItemCharge[];
}

/**
 * Prices one item: base postage by zone and weight, the card-holder discount rounded half up, the
 * veterans' donation, and the postage, the discount and the donation each split among the payers by
 * largest remainder. A payer's gross share is its postage plus its discount: splitting those two
 * rather than the gross keeps every part ≥ 0 and the gross parts summing to the base (decision 0046).
 */
export function priceItem(p: ItemPricing): ItemPrice {
  const base = basePostageFen(p.tariff, p.zone, p.weightGrams);
  const percent = discountPercent(p.veteransProgram, p.category);
  const postageFen = percentOfHalfUp(base, percent);
  const donationFen = p.veteransProgram ? VETERANS_DONATION_FEN : 0;
  const postageParts = splitLargestRemainder(postageFen, p.payers);
  const discountParts = splitLargestRemainder(base - postageFen, p.payers);
  const donationParts = splitLargestRemainder(donationFen, p.payers);
  const charges = postageParts.map((part, i) => ({ payer: part.payer, postageFen: part.fen, discountFen: discountParts[i]!.fen, donationFen: donationParts[i]!.fen }));
  return { basePostageFen: base, percent, postageFen, donationFen, charges };
}
