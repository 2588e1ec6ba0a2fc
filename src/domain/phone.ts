import { type Message, msg } from '../i18n/message.js';
/** Mainland China mobile numbers: 11 digits starting 13–19; an optional +86 / 86 prefix, spaces and dashes are dropped. */
export type PhoneParseResult = { ok: true; value: string } | { ok: false; message: Message };

export function parseMobileNumber(input: string): PhoneParseResult {
  const compact = input.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^\d+$/.test(compact)) return { ok: false, message: msg('phone.digitsOnly', { input: JSON.stringify(input) }) };
  if (compact.length !== 11) return { ok: false, message: msg('phone.length', { input: JSON.stringify(input), length: compact.length }) };
  if (!/^1[3-9]/.test(compact)) return { ok: false, message: msg('phone.prefix', { input: JSON.stringify(input) }) };
  return { ok: true, value: compact };
}

/** `138****1234`: anything that is not 11 digits is starred out entirely. */
export function maskPhone(phone: string): string {
  if (!/^\d{11}$/.test(phone)) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
