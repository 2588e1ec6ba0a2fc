import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, CATALOG_AREAS } from './catalog/index.js';
import { GLOSSARY } from './glossary.js';
import { langOf } from './lang.js';
import { Message, msg, render } from './message.js';

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

  it('rebuilds a message that crossed a worker thread (structured clone drops its class), nested messages and terms too', () => {
    const problem = msg('table.badRow', { name: msg('table.fileName', { file: '名单.csv' }), row: 3, problem: msg('csv.quoteNotClosed') });
    const crossed = structuredClone({ key: problem.key, params: problem.params });
    expect(crossed).not.toBeInstanceOf(Message);
    const revived = Message.revive(crossed)!;
    expect(render('zh-CN', revived)).toBe(render('zh-CN', problem));
    expect(render('en', revived)).toBe(render('en', problem));
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

/** Every non-test .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('schema messages', () => {
  // A zod check's own message (`.regex(re, '…')`, `message: '…'` of a refinement or an issue) is what a
  // person reads when the check fails: it must be a catalog key, or a Chinese reader gets English.
  const CHECK = /\.(?:regex|min|max|gt|gte|lt|lte|int|length|refine|superRefine)\(|addIssue\(/;
  const MESSAGE = /(?:message:\s*|,\s*)(['`])([^'`]*\s[^'`]*)\1\s*[,})]/g;

  it('are catalog keys, never English sentences', () => {
    const root = join(import.meta.dirname, '..');
    const sentences: string[] = [];
    for (const file of sourceFiles(root)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!CHECK.test(line) && !/^\s*(?:ctx\.addIssue|message:)/.test(line)) return;
        for (const m of line.matchAll(MESSAGE)) {
          const text = m[2]!;
          if (!Object.hasOwn(CATALOG, text)) sentences.push(`${file.slice(root.length + 1)}:${i + 1}: ${text}`);
        }
      });
    }
    expect(sentences).toEqual([]);
  });
});
