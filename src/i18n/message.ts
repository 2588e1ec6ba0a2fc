import { CATALOG } from './catalog/index.js';
import { type GlossaryGroup, termOf } from './glossary.js';
import type { Lang } from './lang.js';

// Every text a person reads from the server is a key of CATALOG with named parameters, rendered in
// the reader's language at the edge (docs/decisions/0024-one-language-layer.md). A service that has
// no request builds a Message; the route or the error handler renders it.

export type MessageKey = keyof typeof CATALOG;

/** The `{name}` placeholders of a text, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type NamesOf<K extends MessageKey> = Placeholders<(typeof CATALOG)[K]['zh']> | Placeholders<(typeof CATALOG)[K]['en']>;

/** A parameter: a value, a message rendered in the same language, or a list of them. */
export type Param = string | number | Message | GlossaryTerm | readonly (string | number | Message | GlossaryTerm)[];

/** A domain term as a parameter, named from the glossary in the reader's language. */
export class GlossaryTerm {
  constructor(
    readonly group: GlossaryGroup,
    readonly value: string,
  ) {}
}

export const term = (group: GlossaryGroup, value: string) => new GlossaryTerm(group, value);
export type ParamsOf<K extends MessageKey> = { readonly [P in NamesOf<K>]: Param };
/** No argument for a text without placeholders, else exactly its parameters. */
export type ParamArgs<K extends MessageKey> = [NamesOf<K>] extends [never] ? [] : [params: ParamsOf<K>];

export class Message {
  constructor(
    readonly key: MessageKey,
    readonly params: Readonly<Record<string, Param>> = {},
    /** An English text given by a library (zod's message), read by English readers instead of the catalog's. */
    readonly english?: string,
  ) {}

  /** The English text, where no reader's language is known (logs, the command line). */
  toString(): string {
    return render('en', this);
  }

  /** A message that crossed a worker thread (structured clone keeps the fields, not the class). */
  static revive(value: unknown): Message | undefined {
    if (value instanceof Message) return value;
    if (typeof value !== 'object' || value === null) return undefined;
    const { key, params } = value as { key?: unknown; params?: unknown };
    if (typeof key !== 'string' || !Object.hasOwn(CATALOG, key)) return undefined;
    const revived: Record<string, Param> = {};
    for (const [name, p] of Object.entries((params ?? {}) as Record<string, unknown>)) revived[name] = reviveParam(p);
    return new Message(key as MessageKey, revived);
  }
}

function reviveParam(p: unknown): Param {
  if (Array.isArray(p)) return p.map((e) => reviveParam(e) as string | Message);
  if (typeof p === 'number' || typeof p === 'string') return p;
  const { group, value } = (p ?? {}) as { group?: unknown; value?: unknown };
  if (typeof group === 'string' && typeof value === 'string') return new GlossaryTerm(group as GlossaryGroup, value);
  return Message.revive(p) ?? String(p);
}

/** A message to render later, where the reader's language is known. */
export function msg<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Message {
  return new Message(key, (params[0] ?? {}) as Record<string, Param>);
}

/** The text of `key` in `lang`. */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: ParamArgs<K>): string {
  return render(lang, msg(key, ...params));
}

const LIST_SEPARATOR: Record<Lang, string> = { 'zh-CN': '、', en: ', ' };

/** A message's text in `lang`; a plain string (text from outside, e.g. a third party) as it is. */
export function render(lang: Lang, message: Message | string): string {
  if (typeof message === 'string') return message;
  if (lang === 'en' && message.english !== undefined) return message.english;
  const texts = CATALOG[message.key] as { zh: string; en: string };
  const text = lang === 'en' ? texts.en : texts.zh;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = message.params[name];
    return value === undefined ? whole : renderParam(lang, value);
  });
}

function renderParam(lang: Lang, value: Param): string {
  if (Array.isArray(value)) return value.map((v) => renderParam(lang, v)).join(LIST_SEPARATOR[lang]);
  if (value instanceof Message) return render(lang, value);
  if (value instanceof GlossaryTerm) return termOf(value.group, value.value, lang === 'en' ? 'en' : 'zh');
  return String(value);
}

/** `T` with each Message in it replaced by its text. */
export type Localized<T> = T extends Message
  ? string
  : T extends readonly (infer E)[]
    ? Localized<E>[]
    : T extends object
      ? { [P in keyof T]: Localized<T[P]> }
      : T;

/** `value` with every Message in it (at any depth) rendered in `lang`: the edge's last step before answering. */
export function localize<T>(lang: Lang, value: T): Localized<T> {
  return walk(lang, value) as Localized<T>;
}

function walk(lang: Lang, value: unknown): unknown {
  if (value instanceof Message) return render(lang, value);
  if (Array.isArray(value)) return value.map((v) => walk(lang, v));
  if (typeof value !== 'object' || value === null || !isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(lang, v);
  return out;
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** An answer type whose `error` text may still be a Message, rendered by the route with `localize`. */
export type WithMessages<T> = T extends { error: string } ? Omit<T, 'error'> & { error: Message | string } : T;

/** A text that is already a message, or a string from code that still builds its text itself. */
export function asMessage(text: Message | string): Message {
  return typeof text === 'string' ? new Message('text.untranslated', { text }, text) : text;
}
