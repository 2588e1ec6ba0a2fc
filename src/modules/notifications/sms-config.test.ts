import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

function settingOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).setting;
  }
  throw new Error('expected a ConfigError');
}

describe('SMS settings', () => {
  it('reads the http provider with its gateway, secret, signature and schedule', () => {
    const config = loadConfig({ SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: 'https://sms.example.cn/send', SONGDA_SMS_SECRET: SECRET, SONGDA_SMS_SIGNATURE: '宜昌邮政', SONGDA_SMS_RETRY_SCHEDULE: '1s,1m' });
    expect(config.sms).toEqual({ provider: 'http', url: 'https://sms.example.cn/send', secret: SECRET, signature: '宜昌邮政', retryScheduleMs: [1000, 60_000] });
  });

  it.each([
    ['SONGDA_SMS_PROVIDER', { SONGDA_SMS_PROVIDER: 'aliyun' }],
    ['SONGDA_SMS_URL', { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_SECRET: SECRET }],
    ['SONGDA_SMS_URL', { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: 'ftp://sms.example.cn', SONGDA_SMS_SECRET: SECRET }],
    ['SONGDA_SMS_SECRET', { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: 'https://sms.example.cn/send' }],
    ['SONGDA_SMS_SECRET', { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: 'https://sms.example.cn/send', SONGDA_SMS_SECRET: 'password' }],
    ['SONGDA_SMS_SIGNATURE', { SONGDA_SMS_SIGNATURE: '【中国邮政】' }],
    ['SONGDA_SMS_RETRY_SCHEDULE', { SONGDA_SMS_RETRY_SCHEDULE: '5s,soon' }],
  ])('names %s', (setting, env) => {
    expect(settingOf(env)).toBe(setting);
  });
});
