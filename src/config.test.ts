import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The ConfigError that loading `env` throws (fails the test if it does not throw one). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.db).toEqual({ kind: 'sqlite', file: './data/songda.db', url: 'sqlite:./data/songda.db' });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.adminToken).toBeUndefined();
    expect(config.timeZone).toBe('Asia/Shanghai');
    expect(config.s10Ranges.map((r) => r.serviceIndicator)).toEqual(['EA', 'EB', 'EC']);
    expect(config.s10Ranges[0]).toEqual({ serviceIndicator: 'EA', first: 10_000_000, last: 99_999_999 });
    expect(config.maxScanBodyBytes).toBe(64 * 1024 * 1024);
    expect(config.maxScanAgeMs).toBe(90 * 86_400_000);
    expect(config.logLevel).toBe('info');
  });

  it('reads every setting, and treats an empty value as unset', () => {
    const config = loadConfig({
      SONGDA_DB: 'postgres://songda:secret@db.internal:5432/songda',
      SONGDA_PORT: '9000',
      SONGDA_HOST: '127.0.0.1',
      SONGDA_ADMIN_TOKEN: 'a-long-enough-admin-token',
      SONGDA_TZ: 'Asia/Urumqi',
      SONGDA_S10_RANGES: 'EA:00000001-00000100, RR:50000000-59999999',
      SONGDA_MAX_SCAN_BODY_MB: '1.5',
      SONGDA_MAX_SCAN_AGE_DAYS: '365',
      SONGDA_LOG_LEVEL: 'warn',
      SONGDA_DATA_KEY_FILE: '/etc/songda/data.key',
      SONGDA_UNRELATED: 'ignored',
    });
    expect(config).toEqual({
      db: { kind: 'postgres', url: 'postgres://songda:secret@db.internal:5432/songda' },
      port: 9000,
      host: '127.0.0.1',
      adminToken: 'a-long-enough-admin-token',
      timeZone: 'Asia/Urumqi',
      s10Ranges: [
        { serviceIndicator: 'EA', first: 1, last: 100 },
        { serviceIndicator: 'RR', first: 50_000_000, last: 59_999_999 },
      ],
      maxScanBodyBytes: 1_572_864,
      maxScanAgeMs: 365 * 86_400_000,
      logLevel: 'warn',
      silence: { transitMs: 48 * 3_600_000, officeMs: 24 * 3_600_000, heldMs: 72 * 3_600_000, defaultEndOfShift: '21:00', timeZone: 'Asia/Urumqi' },
      dataKey: { kind: 'file', path: '/etc/songda/data.key' },
      secureCookies: 'auto',
      publicUrl: 'http://localhost:9000',
      publicRateLimitPerMinute: 30,
      trustProxy: false,
      webhooks: { allowHttp: false, retryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] },
      sms: { provider: 'log', signature: '中国邮政', retryScheduleMs: [5_000, 30_000, 120_000, 600_000, 1_800_000] },
    });
    expect(loadConfig({ SONGDA_PORT: '', SONGDA_ADMIN_TOKEN: '' })).toMatchObject({ port: 8080, adminToken: undefined });
  });

  it('lets flags override the environment', () => {
    const config = loadConfig({ SONGDA_PORT: '9000', SONGDA_DB: 'sqlite:/tmp/a.db' }, { SONGDA_PORT: '9100', SONGDA_DB: 'postgresql://localhost/songda' });
    expect(config.port).toBe(9100);
    expect(config.db).toEqual({ kind: 'postgres', url: 'postgresql://localhost/songda' });
    expect(loadConfig({ SONGDA_PORT: '9000' }, { SONGDA_PORT: undefined }).port).toBe(9000);
  });

  it('finds the data key inline, in a named file, or next to the SQLite file', () => {
    const key = '0f'.repeat(32);
    expect(loadConfig({ SONGDA_DATA_KEY: key }).dataKey).toEqual({ kind: 'inline', key: Buffer.from(key, 'hex') });
    expect(loadConfig({ SONGDA_DB: 'sqlite:/var/lib/songda/main.db' }).dataKey).toEqual({ kind: 'file', path: '/var/lib/songda/songda.key' });
    expect(loadConfig({ SONGDA_DB: 'postgres://h/db' }).dataKey).toEqual({ kind: 'file', path: 'data/songda.key' });
    expect(() => loadConfig({ SONGDA_DATA_KEY: 'short' })).toThrow(/SONGDA_DATA_KEY: must be 32 bytes/);
  });

  it('reads whom to trust for the client address', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ SONGDA_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ SONGDA_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1');
    expect(loadConfig({ SONGDA_TRUST_PROXY: '::1,fd00::/8' }).trustProxy).toBe('::1,fd00::/8');
    expect(() => loadConfig({ SONGDA_TRUST_PROXY: 'the balancer' })).toThrow(/SONGDA_TRUST_PROXY/);
  });

  it('refuses to believe every client: true, hop counts and /0 name no proxy', () => {
    for (const blanket of ['true', '1', '2', '0.0.0.0/0', '::/0', '10.0.0.0/33', '10.0.0.256', '10.0.0.1/8/8']) {
      expect(() => loadConfig({ SONGDA_TRUST_PROXY: blanket }), blanket).toThrow(ConfigError);
      expect(() => loadConfig({ SONGDA_TRUST_PROXY: blanket }), blanket).toThrow(/SONGDA_TRUST_PROXY: .*list the load balancers' addresses or CIDRs/);
    }
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.s10Ranges)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('keeps the max scan body a whole, positive number of bytes', () => {
    expect(loadConfig({ SONGDA_MAX_SCAN_BODY_MB: '0.3' }).maxScanBodyBytes).toBe(314_572);
    expect(loadConfig({ SONGDA_MAX_SCAN_BODY_MB: '2' }).maxScanBodyBytes).toBe(2 * 1024 * 1024);
  });

  describe('names the bad setting in a ConfigError', () => {
    it.each([
      ['SONGDA_DB', 'mysql://localhost/songda'],
      ['SONGDA_DB', './songda.db'],
      ['SONGDA_DB', 'sqlite:'],
      ['SONGDA_DB', 'postgres://[::1'],
      ['SONGDA_PORT', 'http'],
      ['SONGDA_PORT', '65536'],
      ['SONGDA_PORT', '-1'],
      ['SONGDA_PORT', '80.5'],
      ['SONGDA_PORT', ' '],
      ['SONGDA_PORT', '0x50'],
      ['SONGDA_TZ', 'Mars/Olympus_Mons'],
      ['SONGDA_TZ', 'Beijing'],
      ['SONGDA_ADMIN_TOKEN', 'short'],
      ['SONGDA_ADMIN_TOKEN', '123456789012345'],
      ['SONGDA_S10_RANGES', 'EA'],
      ['SONGDA_S10_RANGES', 'ea:10000000-19999999'],
      ['SONGDA_S10_RANGES', 'EA:1000-2000'],
      ['SONGDA_S10_RANGES', 'EA:20000000-10000000'],
      ['SONGDA_S10_RANGES', 'EA:10000000-30000000,EA:20000000-40000000'],
      ['SONGDA_MAX_SCAN_BODY_MB', '0'],
      ['SONGDA_MAX_SCAN_BODY_MB', '-4'],
      ['SONGDA_MAX_SCAN_BODY_MB', 'lots'],
      ['SONGDA_MAX_SCAN_BODY_MB', '0.0000001'],
      ['SONGDA_MAX_SCAN_AGE_DAYS', '0'],
      ['SONGDA_MAX_SCAN_AGE_DAYS', '3651'],
      ['SONGDA_MAX_SCAN_AGE_DAYS', '1.5'],
      ['SONGDA_MAX_SCAN_AGE_DAYS', 'a year'],
      ['SONGDA_LOG_LEVEL', 'verbose'],
      ['SONGDA_SILENT_TRANSIT_HOURS', '0'],
      ['SONGDA_SILENT_OFFICE_HOURS', 'a day'],
      ['SONGDA_SILENT_HELD_HOURS', '-72'],
      ['SONGDA_END_OF_SHIFT', '9pm'],
      ['SONGDA_END_OF_SHIFT', '24:00'],
    ])('%s=%j', (setting, value) => {
      const err = configError({ [setting]: value });
      expect(err.setting).toBe(setting);
      expect(err.message.startsWith(`${setting}: `)).toBe(true);
      expect(err.name).toBe('ConfigError');
    });

    it('quotes the offending value or part so the operator can find it', () => {
      expect(configError({ SONGDA_PORT: 'http' }).message).toContain('"http"');
      expect(configError({ SONGDA_TZ: 'Mars/Olympus_Mons' }).message).toContain('Mars/Olympus_Mons');
      expect(configError({ SONGDA_S10_RANGES: 'EA:10000000-19999999,XY:1-2' }).message).toContain('XY:1-2');
      expect(configError({ SONGDA_S10_RANGES: 'EA:10000000-30000000,EA:20000000-40000000' }).message).toMatch(/overlap/);
      // The token itself is never repeated in the message: it is a secret.
      expect(configError({ SONGDA_ADMIN_TOKEN: 'tiny-secret' }).message).not.toContain('tiny-secret');
    });

    it('accepts the boundaries of the valid values', () => {
      expect(loadConfig({ SONGDA_PORT: '0' }).port).toBe(0);
      expect(loadConfig({ SONGDA_PORT: '65535' }).port).toBe(65535);
      expect(loadConfig({ SONGDA_ADMIN_TOKEN: '1234567890123456' }).adminToken).toBe('1234567890123456');
      expect(loadConfig({ SONGDA_TZ: 'UTC' }).timeZone).toBe('UTC');
      expect(loadConfig({ SONGDA_S10_RANGES: 'EA:10000000-19999999,EA:20000000-29999999' }).s10Ranges).toHaveLength(2);
      expect(loadConfig({ SONGDA_DB: 'sqlite::memory:' }).db).toEqual({ kind: 'sqlite', file: ':memory:', url: 'sqlite::memory:' });
    });
  });

  describe('webhook settings', () => {
    it('reads the retry schedule and plain-http permission', () => {
      const config = loadConfig({ SONGDA_WEBHOOK_RETRY_SCHEDULE: '1s, 2s,500ms,1m,1h', SONGDA_WEBHOOK_ALLOW_HTTP: 'true' });
      expect(config.webhooks).toEqual({ allowHttp: true, retryScheduleMs: [1000, 2000, 500, 60_000, 3_600_000] });
      expect(loadConfig({ SONGDA_WEBHOOK_ALLOW_HTTP: '0' }).webhooks.allowHttp).toBe(false);
    });

    it('names the variable and the bad element', () => {
      const bad = configError({ SONGDA_WEBHOOK_RETRY_SCHEDULE: '1s,2x,4s' });
      expect(bad.setting).toBe('SONGDA_WEBHOOK_RETRY_SCHEDULE');
      expect(bad.message).toMatch(/^SONGDA_WEBHOOK_RETRY_SCHEDULE: element 2 "2x" is not a wait/);
      expect(configError({ SONGDA_WEBHOOK_RETRY_SCHEDULE: '1s,,4s' }).message).toContain('element 2 ""');
      expect(configError({ SONGDA_WEBHOOK_RETRY_SCHEDULE: '0s' }).message).toContain('element 1 "0s"');
      expect(configError({ SONGDA_WEBHOOK_RETRY_SCHEDULE: '8d' }).message).toContain('element 1 "8d"');
      expect(configError({ SONGDA_WEBHOOK_ALLOW_HTTP: 'yes' }).setting).toBe('SONGDA_WEBHOOK_ALLOW_HTTP');
    });
  });
});
