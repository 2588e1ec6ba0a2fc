import type { zhLang } from './zh-lang';

// UI strings of a user's own account, English. Every key of zh-lang.ts, checked by the type.
export const enLang: Record<keyof typeof zhLang, string> = {
  'password.open': 'Change password',
  'password.title': 'Change my password',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.newHint': 'At least 8 characters; your sign-ins on other devices end when it changes',
  'password.repeat': 'New password again',
  'password.required': 'Required',
  'password.tooShort': 'At least 8 characters',
  'password.mismatch': 'The two new passwords differ',
  'password.save': 'Save new password',
  'password.cancel': 'Cancel',
  'password.changed': 'Password changed; {n} sign-ins on other devices ended',
  'auditAction.user.password_change': 'Own password changed',
};
