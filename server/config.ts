import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { providersSetting } from './oidc/provider-config.ts';

/**
 * The server's configuration, parsed once at boot from the environment and an optional
 * JSON file (PORTICO_CONFIG). Environment variables win over the file. A bad value stops
 * the boot with every problem named, never a half-configured server.
 */

const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number({ error: 'must be a port number' }).int({ error: 'must be a whole number' }).min(0).max(65535);

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  PORT: port.default(3000),
  /** Default by mode (see loadConfig): production every interface, otherwise this machine only. */
  HOST: z.string().min(1).optional(),
  /** Required in production: a guessed origin would put localhost links in every email. */
  PORTICO_SITE_URL: z.url({ error: 'must be an absolute URL like https://developer.example.com' }).optional(),
  PORTICO_BUILD_DIR: z.string().min(1).default('build'),
  /** `portico build` only: scratch space and build caches (default `.portico/` in the project); benchmarks give each corpus its own. */
  PORTICO_WORK_DIR: z.string().min(1).optional(),
  /** `portico user create` only: the password, so that it stays out of the command line (shell history, the process list). */
  PORTICO_PASSWORD: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, { error: 'must be file:<path> or a libsql://, http(s):// or ws(s):// URL' })
    .default('file:./data/portal.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** How long a sandbox access token lives, in seconds (RFC 6749 expires_in; the metadata's access_token_lifetime). */
  SANDBOX_TOKEN_TTL_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(60, { error: 'must be 60 to 86400 seconds' })
    .max(86_400, { error: 'must be 60 to 86400 seconds' })
    .default(600),
  /** How long a session lives without activity, in days. */
  SESSION_TTL_DAYS: z.coerce.number().min(1).max(90).default(30),
  /** OpenID Providers staff (and, per provider, partners) sign in with: a JSON list (server/oidc/provider-config.ts). None: passwords only. */
  PORTICO_OIDC_PROVIDERS: providersSetting.default([]),
  /** How long a staff session lives without activity once staff sign in through a provider, in hours: shorter than a consumer's. */
  STAFF_SESSION_TTL_HOURS: z.coerce
    .number({ error: 'must be a number of hours' })
    .min(1, { error: 'must be 1 to 168 hours' })
    .max(168, { error: 'must be 1 to 168 hours' })
    .default(8),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  /** "none": no email at all, said explicitly (production otherwise requires RESEND_API_KEY). */
  EMAIL_TRANSPORT: z.enum(['none'], { error: 'must be none (or unset: Resend with RESEND_API_KEY, else the dev transport)' }).optional(),
  EMAIL_FROM: z.string().min(3).default('Portico <portal@portico.localhost>'),
  /** Local hour (0-23) and IANA time zone at which owners receive their daily digest. */
  DIGEST_HOUR: z.coerce.number().int().min(0, { error: 'must be an hour from 0 to 23' }).max(23, { error: 'must be an hour from 0 to 23' }).default(8),
  DIGEST_TIME_ZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), { error: 'must be an IANA time zone such as Europe/Paris' })
    .default('Europe/Paris'),
  /** How often each instance looks whether today's digest is due; every instance may (once per owner per day is kept in the database). */
  DIGEST_CHECK_SECONDS: z.coerce
    .number()
    .int({ error: 'must be a whole number of seconds' })
    .min(1, { error: 'must be 1 to 3600 seconds' })
    .max(3600, { error: 'must be 1 to 3600 seconds' })
    .default(60),
  /** Reverse proxies in front of the server that append to X-Forwarded-For (a load balancer: 1); the rate limits key on the address they saw. */
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int({ error: 'must be a whole number of proxies' })
    .min(0, { error: 'must be 0 to 5 proxies' })
    .max(5, { error: 'must be 0 to 5 proxies' })
    .default(0),
  /** The mTLS listener (client certificates): a port, or "off". */
  MTLS_PORT: z.union([z.literal('off'), port]).default(8443),
  MTLS_CERT_FILE: z.string().optional(),
  MTLS_KEY_FILE: z.string().optional(),
  /** Seed demo accounts on first start with the embedded database (never in production). */
  PORTICO_DEMO: booleanish.default(true),
  PORTICO_DEBUG: booleanish.default(false),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type Parsed = z.infer<typeof configSchema>;
export type Config = Omit<Parsed, 'HOST' | 'PORTICO_SITE_URL'> & {
  HOST: string;
  PORTICO_SITE_URL: string;
  production: boolean;
  secureCookies: boolean;
  /** No PORTICO_SITE_URL (development): the site URL is http://localhost:<the port listened on>, see siteUrlListeningOn. */
  siteUrlFollowsPort?: boolean;
};

const DEVELOPMENT_SITE_URL = 'http://localhost:3000';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A setting's name, as in the environment and in PORTICO_CONFIG. */
export type Setting = keyof typeof configSchema.shape;

interface LoadOptions {
  /** Command-line flags that set a setting (`portico serve --port`): they win over the environment and the file. */
  overrides?: Partial<Record<Setting, string>>;
  /**
   * What production must be told before the server starts (site URL, email, mTLS certificate).
   * On by default; `portico build` turns it off: it renders pages and never sends email or listens.
   */
  serverRequirements?: boolean;
}

/**
 * The one way configuration enters: the CLI calls it once per command (server/cli/main.ts) and
 * hands the result down. `env` defaults to process.env, `cwd` resolves relative paths.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd(), options: LoadOptions = {}): Config {
  const fromFile = readConfigFile(env.PORTICO_CONFIG, cwd);
  const merged: Record<string, unknown> = { ...fromFile };
  for (const source of [env, options.overrides ?? {}]) {
    for (const key of Object.keys(configSchema.shape) as Setting[]) {
      const value = source[key];
      if (value !== undefined && value !== '') merged[key] = value;
    }
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const production = config.NODE_ENV === 'production';
  const problems = production && options.serverRequirements !== false ? productionProblems(config) : [];
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  // In development the site URL follows the port (links in emails, the token issuer); port 0 is only known once listening.
  const siteUrl = config.PORTICO_SITE_URL ?? (config.PORT === 0 ? DEVELOPMENT_SITE_URL : `http://localhost:${config.PORT}`);
  return {
    ...config,
    HOST: config.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    PORTICO_SITE_URL: siteUrl,
    PORTICO_BUILD_DIR: path.resolve(cwd, config.PORTICO_BUILD_DIR),
    PORTICO_WORK_DIR: config.PORTICO_WORK_DIR === undefined ? undefined : path.resolve(cwd, config.PORTICO_WORK_DIR),
    PORTICO_DEMO: config.PORTICO_DEMO && !production,
    production,
    secureCookies: production || siteUrl.startsWith('https:'),
    siteUrlFollowsPort: config.PORTICO_SITE_URL === undefined,
  };
}

/**
 * The site URL once the portal listens: in development without PORTICO_SITE_URL it is the
 * origin listened on (PORT=0 is only known then), so the token issuer, the OAuth metadata and
 * the links in emails name the port that answers (openid-client refuses an issuer that is not
 * the origin it discovered). A configured site URL is kept as it is.
 */
export function siteUrlListeningOn(config: Pick<Config, 'PORTICO_SITE_URL' | 'siteUrlFollowsPort'>, listeningPort: number): string {
  return config.siteUrlFollowsPort ? `http://localhost:${listeningPort}` : config.PORTICO_SITE_URL;
}

/** What production must be told rather than guess: every missing setting named at once. */
function productionProblems(config: Parsed): string[] {
  const problems: string[] = [];
  if (!config.PORTICO_SITE_URL) problems.push('PORTICO_SITE_URL: required in production (the public origin, e.g. https://developer.example.com)');
  if (!config.RESEND_API_KEY && config.EMAIL_TRANSPORT !== 'none') {
    problems.push('RESEND_API_KEY: required in production to send email (or set EMAIL_TRANSPORT=none to run without any email)');
  }
  if (config.RESEND_API_KEY && config.EMAIL_TRANSPORT === 'none') problems.push('EMAIL_TRANSPORT=none and RESEND_API_KEY are both set: choose one');
  if (config.MTLS_PORT !== 'off' && (!config.MTLS_CERT_FILE || !config.MTLS_KEY_FILE)) {
    problems.push('MTLS_CERT_FILE, MTLS_KEY_FILE: required in production for the mTLS listener (or set MTLS_PORT=off)');
  }
  return problems;
}

/**
 * A site URL on this machine (localhost, 127.x) whose port is not the one the portal listens on:
 * every link in emails and the token issuer would lead nowhere. A public host is taken to be a
 * proxy in front, which may listen on any port.
 */
export function siteUrlMismatch(siteUrl: string, listeningPort: number): string | undefined {
  const url = new URL(siteUrl);
  if (!isLoopbackHost(url.hostname)) return undefined;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (port === listeningPort) return undefined;
  return `portico: PORTICO_SITE_URL is ${url.origin} but the portal listens on port ${listeningPort}: links in emails and the token issuer lead there. Set PORTICO_SITE_URL=http://localhost:${listeningPort} (or leave it unset in development).`;
}

/** 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(name);
  return isIP(name) === 4 && name.startsWith('127.');
}

/**
 * The dev mailbox shows every reset link without a sign-in, and the demo accounts share a
 * published password: both only in development, and only when nobody else can reach the server.
 */
export function devToolsAllowed(config: Pick<Config, 'HOST' | 'production'>): boolean {
  return !config.production && isLoopbackHost(config.HOST);
}

/**
 * PORTICO_DEBUG read on its own, with the same parser as the schema: the CLI asks it while
 * reporting a failure, which may be the configuration itself failing to load.
 */
export function debugRequested(env: Record<string, string | undefined> = process.env): boolean {
  const parsed = configSchema.shape.PORTICO_DEBUG.safeParse(env.PORTICO_DEBUG || undefined);
  return parsed.success && parsed.data;
}

function readConfigFile(file: string | undefined, cwd: string): Record<string, unknown> {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read PORTICO_CONFIG ${file}: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`PORTICO_CONFIG ${file} must hold a JSON object of settings`);
  }
  const unknown = Object.keys(raw).filter((key) => !(key in configSchema.shape));
  if (unknown.length > 0) throw new ConfigError(`PORTICO_CONFIG ${file}: unknown setting(s) ${unknown.join(', ')}`);
  return raw as Record<string, unknown>;
}
