import type { zhSms } from './zh-sms';

// UI strings of the SMS sent to recipients, English. Every key of zh-sms.ts.
export const enSms: Record<keyof typeof zhSms, string> = {
  'sms.title': 'SMS to the recipient',
  'sms.none': 'No SMS sent to the recipient yet',
  'sms.loadFailed': 'The SMS log could not be loaded',
  'sms.when': 'When',
  'sms.template': 'Kind',
  'sms.status': 'Status',
  'sms.phone': 'Phone',
  'sms.text': 'Text',
  'sms.tries': 'Tries',
  'sms.template.request_confirmed': 'Request confirmed',
  'sms.template.out_for_delivery': 'Out for delivery',
  'sms.template.attempt_failed': 'Attempt failed',
  'sms.template.held': 'Held for pickup',
  'sms.template.delivered': 'Delivered',
  'sms.template.address_changed': 'Address changed',
  'sms.template.one_time_code': 'One-time code',
  'sms.status.pending': 'Waiting',
  'sms.status.sent': 'Sent',
  'sms.status.failed': 'Failed',
  'sms.status.shown': 'Logged only (not sent)',
};
