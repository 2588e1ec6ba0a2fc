import { z } from 'zod';
import { countCharacters, findForbiddenCharacter, normaliseText } from '../domain/text.js';

/**
 * A one-line free-text field (a name, an address, a description): refuses lone surrogates, U+FFFD,
 * control, bidi and invisible formatting characters, then stores the text in NFC without surrounding
 * spaces. `max` counts characters as a person does, not UTF-16 units. Zod names the field in the
 * issue's path, so the answer says `body.name: contains …` or, per element, `field: "name"`.
 */
export function ZText({ max, min = 1 }: { max: number; min?: number }) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const problem = findForbiddenCharacter(text);
      // Abort: the length checks below would only repeat the problem in other words.
      if (problem) ctx.addIssue({ code: 'custom', message: problem.key, params: problem.params, input: text, continue: false });
    })
    .overwrite(normaliseText)
    .refine((text) => countCharacters(text) >= min, min === 1 ? { message: 'text.empty', abort: true } : { message: 'text.tooShort', params: { min }, abort: true })
    .refine((text) => countCharacters(text) <= max, { message: 'text.tooLong', params: { max } })
    .meta({ maxLength: max });
}

/**
 * A key or filter matched exactly against what is stored (a code in a path, an audit filter): kept
 * as sent, but a control, invisible or broken character is refused here, since no stored key holds
 * one and PostgreSQL cannot even be asked about a NUL.
 */
export function ZPlainText({ max }: { max: number }) {
  return z
    .string()
    .max(max)
    .superRefine((text, ctx) => {
      const problem = findForbiddenCharacter(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.key, params: problem.params, input: text });
    });
}
