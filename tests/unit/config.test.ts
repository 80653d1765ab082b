import { describe, expect, it } from 'vitest';
import { ConfigError, debugRequested, devToolsAllowed, isLoopbackHost, loadConfig, siteUrlMismatch } from '../../server/config.ts';
import { chooseTransport } from '../../server/email/worker.ts';
import { EmailSendError } from '../../server/email/transports.ts';

/**
 * Security issue #13, Medium 9: development defaults were reachable from the network (0.0.0.0,
 * an unauthenticated mailbox of reset links, demo accounts with a published password), and a
 * production start without a site URL or an email provider fell back to development ones.
 */
const PRODUCTION = { NODE_ENV: 'production', MTLS_PORT: 'off', PORTICO_SITE_URL: 'https://developer.example.com', RESEND_API_KEY: 're_live' };

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/portico');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('production refuses to start half-configured', () => {
  it('names PORTICO_SITE_URL when it is not set', () => {
    const { PORTICO_SITE_URL: _omitted, ...env } = PRODUCTION;
    expect(problemOf(env)).toMatch(/PORTICO_SITE_URL: required in production/);
  });

  it('names RESEND_API_KEY and EMAIL_TRANSPORT when no email transport is chosen', () => {
    const { RESEND_API_KEY: _omitted, ...env } = PRODUCTION;
    const message = problemOf(env);
    expect(message).toMatch(/RESEND_API_KEY/);
    expect(message).toMatch(/EMAIL_TRANSPORT=none/);
  });

  it('names both problems at once', () => {
    const message = problemOf({ NODE_ENV: 'production', MTLS_PORT: 'off' });
    expect(message).toMatch(/PORTICO_SITE_URL/);
    expect(message).toMatch(/RESEND_API_KEY/);
  });

  it('starts with a provider, or with email explicitly off', () => {
    expect(loadConfig(PRODUCTION, '/srv/portico').RESEND_API_KEY).toBe('re_live');
    const { RESEND_API_KEY: _omitted, ...withoutKey } = PRODUCTION;
    expect(loadConfig({ ...withoutKey, EMAIL_TRANSPORT: 'none' }, '/srv/portico').EMAIL_TRANSPORT).toBe('none');
  });

  it('refuses an unknown EMAIL_TRANSPORT, and a key together with "none"', () => {
    expect(problemOf({ ...PRODUCTION, EMAIL_TRANSPORT: 'smtp' })).toMatch(/EMAIL_TRANSPORT/);
    expect(problemOf({ ...PRODUCTION, EMAIL_TRANSPORT: 'none' })).toMatch(/EMAIL_TRANSPORT=none.*RESEND_API_KEY|RESEND_API_KEY.*EMAIL_TRANSPORT=none/);
  });

  it('keeps listening on every interface in production (behind its proxy)', () => {
    expect(loadConfig(PRODUCTION, '/srv/portico').HOST).toBe('0.0.0.0');
  });
});

describe('development stays on this machine', () => {
  it('binds 127.0.0.1 unless HOST is set', () => {
    expect(loadConfig({}, '/srv/portico').HOST).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }, '/srv/portico').HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }, '/srv/portico').HOST).toBe('0.0.0.0');
  });

  it('still defaults the site URL and the dev transport', () => {
    const config = loadConfig({}, '/srv/portico');
    expect(config.PORTICO_SITE_URL).toBe('http://localhost:3000');
    expect(chooseTransport(config).name).toBe('dev');
  });

  it('the site URL follows the port in development (issue 16: links in emails led to :3000)', () => {
    expect(loadConfig({ PORT: '4000' }, '/srv/portico').PORTICO_SITE_URL).toBe('http://localhost:4000');
    expect(loadConfig({ PORT: '4000', PORTICO_SITE_URL: 'https://developer.insurer.example' }, '/srv/portico').PORTICO_SITE_URL).toBe(
      'https://developer.insurer.example',
    );
  });

  it('says when a site URL on this machine names another port than the one listened on', () => {
    expect(siteUrlMismatch('http://localhost:3000', 4000)).toMatch(/PORTICO_SITE_URL is http:\/\/localhost:3000 but the portal listens on port 4000/);
    expect(siteUrlMismatch('http://127.0.0.1:4000', 4000)).toBeUndefined();
    expect(siteUrlMismatch('http://localhost', 80)).toBeUndefined();
    // A public host is a proxy in front: it may listen anywhere.
    expect(siteUrlMismatch('https://developer.insurer.example', 3000)).toBeUndefined();
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.1.1', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['localhost.evil.example', false],
    ['portal.internal', false],
    ['', false],
  ])('isLoopbackHost(%j) is %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it.each([
    ['0.0.0.0', 'development', false],
    ['::', 'development', false],
    ['192.168.1.5', 'development', false],
    ['127.0.0.1', 'development', true],
    ['::1', 'development', true],
    ['localhost', 'development', true],
    ['127.0.0.1', 'production', false],
  ])('the dev mailbox and demo accounts on %s in %s: allowed = %s', (host, mode, allowed) => {
    expect(devToolsAllowed({ HOST: host, production: mode === 'production' })).toBe(allowed);
  });
});

describe('EMAIL_TRANSPORT=none', () => {
  it('sends nothing, marks the message as not sent, and logs no content', async () => {
    const lines: string[] = [];
    const transport = chooseTransport({ EMAIL_TRANSPORT: 'none', RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined }, (line) => lines.push(line));
    expect(transport.name).toBe('none');
    const sending = transport.send({
      id: 'eml_1',
      from: 'portal@example.com',
      to: 'jane@broker-partner.example',
      subject: 'Reset your password',
      html: '<a href="https://x/reset?token=secret">',
      text: 'token=secret',
    });
    await expect(sending).rejects.toBeInstanceOf(EmailSendError);
    await expect(sending).rejects.toMatchObject({ retryable: false });
    const said = lines.join('\n') + String(await sending.catch((error: Error) => error.message));
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ['jane@broker-partner.example', 'Reset your password', 'secret']) expect(said).not.toContain(secret);
  });
});

describe('one configuration path for every command (issue 15)', () => {
  it('flags given as overrides win over the environment and the file', () => {
    const config = loadConfig({ PORT: '4000', HOST: '127.0.0.1' }, '/srv/portico', { overrides: { PORT: '5000', PORTICO_BUILD_DIR: 'elsewhere' } });
    expect(config.PORT).toBe(5000);
    expect(config.PORTICO_BUILD_DIR).toBe('/srv/portico/elsewhere');
  });

  it('a flag with a bad value is refused like the variable it sets', () => {
    expect(() => loadConfig({}, '/srv/portico', { overrides: { PORT: 'eighty' } })).toThrow(/PORT: must be a port number/);
  });

  it('the build needs valid values but not the server production requirements', () => {
    const config = loadConfig({ NODE_ENV: 'production' }, '/srv/portico', { serverRequirements: false });
    expect(config.production).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', DIGEST_HOUR: '25' }, '/srv/portico', { serverRequirements: false })).toThrow(
      /DIGEST_HOUR: must be an hour from 0 to 23/,
    );
  });

  it('PORTICO_WORK_DIR is resolved against the working folder, and unset by default', () => {
    expect(loadConfig({ PORTICO_WORK_DIR: 'bench/work' }, '/srv/portico').PORTICO_WORK_DIR).toBe('/srv/portico/bench/work');
    expect(loadConfig({}, '/srv/portico').PORTICO_WORK_DIR).toBeUndefined();
  });

  it('PORTICO_DEBUG is read like every other yes/no setting', () => {
    expect(debugRequested({ PORTICO_DEBUG: '1' })).toBe(true);
    expect(debugRequested({ PORTICO_DEBUG: 'true' })).toBe(true);
    expect(debugRequested({ PORTICO_DEBUG: '0' })).toBe(false);
    expect(debugRequested({ PORTICO_DEBUG: '' })).toBe(false);
    expect(debugRequested({})).toBe(false);
  });
});
