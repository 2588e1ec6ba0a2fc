/** The languages a person reads Songda in. zh-CN is the default: the console's users read Chinese. */
export type Lang = 'zh-CN' | 'en';

export const DEFAULT_LANG: Lang = 'zh-CN';

/**
 * The language of an `Accept-Language` header: the highest-weighted tag that is English gives `en`,
 * anything else (Chinese, another language, no header) gives zh-CN. Weights (q) are honoured, and a
 * tag refused with q=0 is never chosen.
 */
export function langOf(acceptLanguage: string | string[] | undefined): Lang {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return DEFAULT_LANG;
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...attributes] = part.trim().split(';');
    const name = tag.trim().toLowerCase();
    if (name === '') continue;
    const qAttribute = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
    const q = qAttribute === undefined ? 1 : Number(qAttribute.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Lang = name === 'en' || name.startsWith('en-') ? 'en' : 'zh-CN';
    // On equal weights the first tag listed wins, as the header's order says.
    if (best === undefined || q > best.q) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}
