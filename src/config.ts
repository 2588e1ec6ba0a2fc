import { z } from 'zod';
import type { SilenceRules } from './domain/breakpoint-rules.js';
import { parseS10Ranges, type S10Range } from './domain/s10.js';
import { parseDataKey } from './domain/personal-data.js';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * Configuration is read once, here, from the environment and CLI flags (flags win), validated, and
 * frozen. Nothing else reads process.env.
 */
export interface Config {
  readonly db: DbTarget;
  readonly port: number;
  readonly host: string;
  readonly adminToken: string | undefined;
  readonly timeZone: string;
  readonly s10Ranges: readonly S10Range[];
  /** Largest accepted body of POST /api/v1/scans, in bytes. */
  readonly maxScanBodyBytes: number;
  /** Scans dated longer ago than this are rejected lines, as those in the future are. */
  readonly maxScanAgeMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Thresholds of the silence break-points (DESIGN §5); programs may override them later. */
  readonly silence: SilenceRules;
  /** The key that seals personal data: given inline, or kept in a file created on first start (mode 0600). */
  readonly dataKey: DataKeySource;
  /** The session cookie's Secure flag: `auto` sets it for requests that came over https. */
  readonly secureCookies: 'auto' | 'always' | 'never';
  /** Base of the links citizens open (invitation QR codes): scheme, host and optional path, no trailing slash. */
  readonly publicUrl: string;
  /** Requests per minute per client IP on the unauthenticated /api/v1/public routes. */
  readonly publicRateLimitPerMinute: number;
  /**
   * The proxies (addresses / CIDRs, comma-separated) whose X-Forwarded-For is believed, or false.
   * Rate limits and logs see the client's address behind a load balancer only when it is listed.
   */
  readonly trustProxy: false | string;
  /** Pushing events to partners' systems (docs/webhooks.md). */
  readonly webhooks: WebhookConfig;
  /** Telling recipients by SMS (docs/decisions/0036-recipients-told-by-sms.md). */
  readonly sms: SmsConfig;
}

export type SmsConfig =
  | { readonly provider: 'log'; readonly signature: string; readonly retryScheduleMs: readonly number[] }
  | { readonly provider: 'http'; readonly signature: string; readonly retryScheduleMs: readonly number[]; readonly url: string; readonly secret: string };

/** Texts go stale within the hour: the gateway is tried for about an hour, then the message has failed. */
export const DEFAULT_SMS_RETRY_SCHEDULE = '5s,30s,2m,10m,30m';

export interface WebhookConfig {
  /** Plain http endpoints anywhere (tests, benchmarks, a closed network); otherwise http only to localhost. */
  readonly allowHttp: boolean;
  /** The waits before each retry of a failed delivery, in ms; after the last, the delivery has failed. */
  readonly retryScheduleMs: readonly number[];
}

/** Standard Webhooks' schedule: about a day and a half from the first attempt to the last. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

export type DataKeySource = { readonly kind: 'inline'; readonly key: Buffer } | { readonly kind: 'file'; readonly path: string };

export type DbTarget =
  | { readonly kind: 'sqlite'; readonly file: string; readonly url: string }
  | { readonly kind: 'postgres'; readonly url: string };

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_S10_RANGES = 'EA:10000000-99999999,EB:10000000-99999999,EC:10000000-99999999';

const ZEnv = z.object({
  SONGDA_DB: z.string().default('sqlite:./data/songda.db'),
  SONGDA_PORT: z.string().default('8080'),
  SONGDA_HOST: z.string().default('0.0.0.0'),
  SONGDA_ADMIN_TOKEN: z.string().optional(),
  SONGDA_TZ: z.string().default('Asia/Shanghai'),
  SONGDA_S10_RANGES: z.string().default(DEFAULT_S10_RANGES),
  SONGDA_MAX_SCAN_BODY_MB: z.string().default('64'),
  SONGDA_MAX_SCAN_AGE_DAYS: z.string().default('90'),
  SONGDA_LOG_LEVEL: z.string().default('info'),
  SONGDA_SILENT_TRANSIT_HOURS: z.string().default('48'),
  SONGDA_SILENT_OFFICE_HOURS: z.string().default('24'),
  SONGDA_SILENT_HELD_HOURS: z.string().default('72'),
  SONGDA_END_OF_SHIFT: z.string().default('21:00'),
  SONGDA_DATA_KEY: z.string().optional(),
  SONGDA_DATA_KEY_FILE: z.string().optional(),
  SONGDA_COOKIE_SECURE: z.string().default('auto'),
  SONGDA_PUBLIC_URL: z.string().optional(),
  SONGDA_PUBLIC_RATE_LIMIT: z.string().default('30'),
  SONGDA_TRUST_PROXY: z.string().default('false'),
  SONGDA_WEBHOOK_ALLOW_HTTP: z.string().default('false'),
  SONGDA_WEBHOOK_RETRY_SCHEDULE: z.string().default(DEFAULT_WEBHOOK_RETRY_SCHEDULE),
  SONGDA_SMS_PROVIDER: z.string().default('log'),
  SONGDA_SMS_URL: z.string().optional(),
  SONGDA_SMS_SECRET: z.string().optional(),
  SONGDA_SMS_SIGNATURE: z.string().default('中国邮政'),
  SONGDA_SMS_RETRY_SCHEDULE: z.string().default(DEFAULT_SMS_RETRY_SCHEDULE),
});

/** Flags that override environment settings, by the setting's name. */
export type ConfigOverrides = Partial<Record<keyof z.infer<typeof ZEnv>, string>>;

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>, overrides: ConfigOverrides = {}): Config {
  const raw = ZEnv.parse({ ...pickDefined(env), ...pickDefined(overrides) });
  const db = parseDbTarget(raw.SONGDA_DB);
  return Object.freeze({
    db,
    port: parsePort(raw.SONGDA_PORT),
    host: raw.SONGDA_HOST,
    adminToken: parseAdminToken(raw.SONGDA_ADMIN_TOKEN),
    timeZone: parseTimeZone(raw.SONGDA_TZ),
    s10Ranges: Object.freeze(wrap('SONGDA_S10_RANGES', () => parseS10Ranges(raw.SONGDA_S10_RANGES))),
    maxScanBodyBytes: parseMegabytes('SONGDA_MAX_SCAN_BODY_MB', raw.SONGDA_MAX_SCAN_BODY_MB),
    maxScanAgeMs: parseScanAgeDays(raw.SONGDA_MAX_SCAN_AGE_DAYS) * 86_400_000,
    logLevel: parseLogLevel(raw.SONGDA_LOG_LEVEL),
    silence: Object.freeze({
      transitMs: parseHours('SONGDA_SILENT_TRANSIT_HOURS', raw.SONGDA_SILENT_TRANSIT_HOURS),
      officeMs: parseHours('SONGDA_SILENT_OFFICE_HOURS', raw.SONGDA_SILENT_OFFICE_HOURS),
      heldMs: parseHours('SONGDA_SILENT_HELD_HOURS', raw.SONGDA_SILENT_HELD_HOURS),
      defaultEndOfShift: parseEndOfShift(raw.SONGDA_END_OF_SHIFT),
      timeZone: parseTimeZone(raw.SONGDA_TZ),
    }),
    dataKey: parseDataKeySource(raw.SONGDA_DATA_KEY, raw.SONGDA_DATA_KEY_FILE, db),
    secureCookies: parseCookieSecure(raw.SONGDA_COOKIE_SECURE),
    publicUrl: parsePublicUrl(raw.SONGDA_PUBLIC_URL, parsePort(raw.SONGDA_PORT)),
    publicRateLimitPerMinute: parsePositiveInteger('SONGDA_PUBLIC_RATE_LIMIT', raw.SONGDA_PUBLIC_RATE_LIMIT),
    trustProxy: parseTrustProxy(raw.SONGDA_TRUST_PROXY),
    webhooks: Object.freeze({
      allowHttp: parseBoolean('SONGDA_WEBHOOK_ALLOW_HTTP', raw.SONGDA_WEBHOOK_ALLOW_HTTP),
      retryScheduleMs: Object.freeze(parseRetrySchedule(raw.SONGDA_WEBHOOK_RETRY_SCHEDULE)),
    }),
    sms: parseSms(raw),
  });
}

function pickDefined(source: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function parseDbTarget(url: string): DbTarget {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('SONGDA_DB', `not a valid PostgreSQL URL: ${url}`);
    }
    return { kind: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new ConfigError('SONGDA_DB', 'sqlite: needs a file path, e.g. sqlite:./data/songda.db');
    return { kind: 'sqlite', file, url };
  }
  throw new ConfigError('SONGDA_DB', `must start with sqlite: or postgres://, got "${url}"`);
}

/** An inline key wins; otherwise a key file, by default next to the SQLite file (./data for PostgreSQL). */
function parseDataKeySource(inline: string | undefined, file: string | undefined, db: DbTarget): DataKeySource {
  if (inline !== undefined) {
    const key = parseDataKey(inline);
    if (!key) throw new ConfigError('SONGDA_DATA_KEY', 'must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
    return Object.freeze({ kind: 'inline', key });
  }
  const path = file ?? (db.kind === 'sqlite' && db.file !== ':memory:' ? join(dirname(db.file), 'songda.key') : join('data', 'songda.key'));
  return Object.freeze({ kind: 'file', path });
}

/** An http(s) URL without query or fragment; the trailing slash is dropped so links join with `/r/…`. */
function parsePublicUrl(value: string | undefined, port: number): string {
  if (value === undefined) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('SONGDA_PUBLIC_URL', `not a valid URL: "${value}" (e.g. https://songda.example.cn)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('SONGDA_PUBLIC_URL', `must be an http or https URL, got "${value}"`);
  if (url.search || url.hash) throw new ConfigError('SONGDA_PUBLIC_URL', `must have no query or fragment, got "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

function parsePositiveInteger(setting: string, value: string): number {
  const n = /^\d{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(setting, `must be a positive whole number, got "${value}"`);
  return n;
}

/**
 * Only listed proxies are believed: with `true` or a hop count, any client could name itself in
 * X-Forwarded-For and get a fresh address for every limit keyed by address.
 */
function parseTrustProxy(value: string): false | string {
  const v = value.trim();
  if (v === 'false' || v === '0') return false;
  const hint = "list the load balancers' addresses or CIDRs, comma-separated (e.g. 10.0.0.5,10.1.0.0/16)";
  if (v === 'true' || /^\d+$/.test(v)) throw new ConfigError('SONGDA_TRUST_PROXY', `"${value}" would believe any client about its address; ${hint}`);
  const parts = v.split(',').map((p) => p.trim());
  for (const part of parts) {
    const [address = '', prefix, ...rest] = part.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= bits);
    if (family === 0 || rest.length > 0 || !prefixOk) {
      throw new ConfigError('SONGDA_TRUST_PROXY', `"${part}" is not an IP address or CIDR (a /0 would trust everyone); ${hint}`);
    }
  }
  return parts.join(',');
}

function parsePort(value: string): number {
  // Digits only: Number() would also take " ", "0x50" or "1e3".
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('SONGDA_PORT', `must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

/** Megabytes (MiB, fractions allowed) as a whole number of bytes: Fastify's body limits must be integers. */
function parseMegabytes(setting: string, value: string): number {
  const mb = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  const bytes = Math.floor(mb * 1024 * 1024);
  if (!Number.isFinite(bytes) || bytes < 1) throw new ConfigError(setting, `must be a positive number of megabytes, got "${value}"`);
  return bytes;
}

/** Whole days, at most ten years: older scans belong to an archive, not to today's break-points. */
function parseScanAgeDays(value: string): number {
  const days = /^\d{1,4}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new ConfigError('SONGDA_MAX_SCAN_AGE_DAYS', `must be a whole number of days from 1 to 3650, got "${value}"`);
  return days;
}

function parseAdminToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 16) throw new ConfigError('SONGDA_ADMIN_TOKEN', 'must be at least 16 characters long');
  return value;
}

function parseTimeZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new ConfigError('SONGDA_TZ', `unknown IANA time zone "${value}" (e.g. Asia/Shanghai)`);
  }
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
function parseHours(setting: string, value: string): number {
  const hours = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || hours <= 0) throw new ConfigError(setting, `must be a positive number of hours, got "${value}"`);
  return Math.round(hours * 3_600_000);
}

function parseEndOfShift(value: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new ConfigError('SONGDA_END_OF_SHIFT', `must be local time HH:MM, e.g. 21:00, got "${value}"`);
  return value;
}

function parseCookieSecure(value: string): Config['secureCookies'] {
  const choices = { auto: 'auto', true: 'always', always: 'always', false: 'never', never: 'never' } as const;
  if (!Object.hasOwn(choices, value)) throw new ConfigError('SONGDA_COOKIE_SECURE', `must be auto, always (true) or never (false), got "${value}"`);
  return choices[value as keyof typeof choices];
}

function parseLogLevel(value: string): Config['logLevel'] {
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level) throw new ConfigError('SONGDA_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

function parseBoolean(setting: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(setting, `must be true or false, got "${value}"`);
}

const DURATION_UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `5s,5m,2h`: the wait before each retry; at least one, each from 1 ms to 7 days. */
export function parseRetrySchedule(value: string, setting = 'SONGDA_WEBHOOK_RETRY_SCHEDULE'): number[] {
  const parts = value.split(',').map((p) => p.trim());
  return parts.map((part, i) => {
    const m = /^(\d{1,9})(ms|s|m|h)$/.exec(part);
    const ms = m ? Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS] : Number.NaN;
    if (!(ms >= 1 && ms <= 7 * 86_400_000)) {
      throw new ConfigError(setting, `element ${i + 1} "${part}" is not a wait like 5s, 5m or 2h (from 1ms to 7 days); e.g. ${DEFAULT_WEBHOOK_RETRY_SCHEDULE}`);
    }
    return ms;
  });
}

function parseSms(raw: z.infer<typeof ZEnv>): SmsConfig {
  const signature = raw.SONGDA_SMS_SIGNATURE.trim();
  if (signature === '' || signature.length > 12 || /[【】[\]]/.test(signature)) {
    throw new ConfigError('SONGDA_SMS_SIGNATURE', `must be 1–12 characters without brackets (it is sent as 【…】), got "${raw.SONGDA_SMS_SIGNATURE}"`);
  }
  const retryScheduleMs = Object.freeze(parseRetrySchedule(raw.SONGDA_SMS_RETRY_SCHEDULE, 'SONGDA_SMS_RETRY_SCHEDULE'));
  if (raw.SONGDA_SMS_PROVIDER === 'log') return Object.freeze({ provider: 'log', signature, retryScheduleMs });
  if (raw.SONGDA_SMS_PROVIDER !== 'http') throw new ConfigError('SONGDA_SMS_PROVIDER', `must be log or http, got "${raw.SONGDA_SMS_PROVIDER}"`);
  const url = raw.SONGDA_SMS_URL;
  if (url === undefined || !/^https?:\/\//.test(url) || !URL.canParse(url)) throw new ConfigError('SONGDA_SMS_URL', `the gateway's http(s) URL is required with SONGDA_SMS_PROVIDER=http, got "${url ?? ''}"`);
  const secret = raw.SONGDA_SMS_SECRET;
  if (secret === undefined || !/^whsec_[A-Za-z0-9+/]{22,}={0,2}$/.test(secret)) {
    throw new ConfigError('SONGDA_SMS_SECRET', 'is required with SONGDA_SMS_PROVIDER=http: whsec_ followed by base64 of at least 16 random bytes (e.g. whsec_$(openssl rand -base64 32))');
  }
  return Object.freeze({ provider: 'http', signature, retryScheduleMs, url, secret });
}

function wrap<T>(setting: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ConfigError(setting, err instanceof Error ? err.message : String(err));
  }
}
