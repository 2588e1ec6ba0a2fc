/**
 * Recipient categories of DESIGN §7. `ordinary` card holders pay 85 % of postage on veterans
 * programs; the special categories (martyrs' families, combat veterans, disabled veterans, holders of a
 * 2nd-class merit or higher) pay 80 %. Lists may name a category by code or by its Chinese name.
 */
export const RECIPIENT_CATEGORIES = ['ordinary', 'martyr_family', 'combat_veteran', 'disabled_veteran', 'merit_second_class'] as const;
export type RecipientCategory = (typeof RECIPIENT_CATEGORIES)[number];

export const SPECIAL_CATEGORIES: readonly RecipientCategory[] = ['martyr_family', 'combat_veteran', 'disabled_veteran', 'merit_second_class'];

export const CATEGORY_NAMES_ZH: Readonly<Record<RecipientCategory, string>> = {
  ordinary: '普通',
  martyr_family: '烈士遗属',
  combat_veteran: '参战退役军人',
  disabled_veteran: '伤残军人',
  merit_second_class: '二等功以上',
};

const ALIASES: Readonly<Record<string, RecipientCategory>> = {
  普通: 'ordinary',
  一般: 'ordinary',
  烈士遗属: 'martyr_family',
  烈属: 'martyr_family',
  参战退役军人: 'combat_veteran',
  参战: 'combat_veteran',
  伤残军人: 'disabled_veteran',
  残疾军人: 'disabled_veteran',
  伤残退役军人: 'disabled_veteran',
  二等功以上: 'merit_second_class',
  二等功: 'merit_second_class',
  一等功: 'merit_second_class',
};

/** An empty cell is `ordinary`; anything else must be a known code or Chinese name. */
export function parseRecipientCategory(text: string): RecipientCategory | undefined {
  const value = text.trim();
  if (value === '') return 'ordinary';
  const code = RECIPIENT_CATEGORIES.find((c) => c === value.toLowerCase());
  return code ?? ALIASES[value];
}

export function isSpecialCategory(category: string): boolean {
  return (SPECIAL_CATEGORIES as readonly string[]).includes(category);
}
