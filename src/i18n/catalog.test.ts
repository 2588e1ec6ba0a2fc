import { describe, expect, it } from 'vitest';
import { CATALOG, CATALOG_AREAS } from './catalog/index.js';
import { GLOSSARY } from './glossary.js';
import { langOf } from './lang.js';
import { msg, render } from './message.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// What a Chinese text may hold besides Chinese: parameters, codes, header and field names, formats.
const withoutAllowedLatin = (text: string) => text.replace(/\{\w+\}/g, '');
const hasChinese = (text: string) => /[\u3400-\u9fff]/.test(text);

describe('the message catalog', () => {
  const entries = Object.entries(CATALOG) as [string, { zh: string; en: string }][];

  it('has every key once across its areas', () => {
    const keys = Object.values(CATALOG_AREAS).flatMap((area) => Object.keys(area));
    expect(keys.length).toBe(new Set(keys).size);
  });

  it.each(entries)('%s has a text in both languages with the same parameters, the Chinese one in Chinese', (key, texts) => {
    expect(texts.zh.trim(), `${key} zh`).not.toBe('');
    expect(texts.en.trim(), `${key} en`).not.toBe('');
    expect(placeholders(texts.zh), key).toEqual(placeholders(texts.en));
    const bare = withoutAllowedLatin(texts.zh);
    // A text that is only parameters and punctuation (a list joint) is allowed; any Latin letters need Chinese beside them.
    if (/[A-Za-z]/.test(bare)) expect(hasChinese(bare), `${key} zh is Latin-only: ${texts.zh}`).toBe(true);
  });

  it('names every glossary term in both languages, Chinese in Chinese', () => {
    for (const [group, terms] of Object.entries(GLOSSARY)) {
      for (const [value, term] of Object.entries(terms)) {
        expect(hasChinese(term.zh), `${group}.${value}`).toBe(true);
        expect(term.en.trim(), `${group}.${value}`).not.toBe('');
      }
    }
  });

  it('renders parameters, nested messages and lists in the reader’s language', () => {
    const problem = msg('labels.cannotPrint', { count: 2, total: 3, shown: [msg('notFound.item', { trackingNo: 'EA1' }), 'x'], more: '' });
    expect(render('zh-CN', problem)).toBe('2 / 3 个邮件号无法打印，因此未生成任何面单：未找到邮件 EA1、x');
    expect(render('en', problem)).toBe('2 of 3 tracking numbers cannot be printed, so no label was: item EA1 not found, x');
  });
});

describe('the reader’s language', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.5,zh-CN;q=0.9', 'zh-CN'],
    ['zh-CN;q=0.4,en-US;q=0.8', 'en'],
    ['fr-FR', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['*', 'zh-CN'],
  ])('%j reads %s', (header, lang) => {
    expect(langOf(header)).toBe(lang);
  });
});
