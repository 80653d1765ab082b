import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../server/db/schema.ts';
import { deliverDueEmails, enqueueEmail } from '../../server/email/outbox.ts';
import { TEMPLATES, renderTemplate } from '../../server/email/templates/index.ts';
import { createDevTransport, createResendTransport } from '../../server/email/transports.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

const FROM = 'Portico <portal@insurer.example>';
let portal: TestPortal;
let resend: FakeResend;
beforeEach(async () => {
  portal = await createTestPortal();
  resend = await startFakeResend();
});
afterEach(async () => {
  await resend.close();
  await portal.close();
});

const SAMPLES: { [Name in keyof typeof TEMPLATES]: unknown } = {
  'verify-email': { verifyUrl: 'http://portal.test/verify?token=t' },
  'account-exists': { signInUrl: 'http://portal.test/signin', resetUrl: 'http://portal.test/reset-password' },
  'owner-confirmed': { fullName: 'Olga <b>Owner</b>', apiTitles: ['Claims API'], ownerUrl: 'http://portal.test/owner' },
  'reset-password': { fullName: 'Jane', resetUrl: 'http://portal.test/reset-password?token=t' },
  'password-changed': { fullName: 'Jane', signInUrl: 'http://portal.test/signin' },
  'doc-access-granted': { fullName: 'Jane', apiTitle: 'Claims API', docsUrl: 'http://portal.test/private/claims/' },
  'doc-access-revoked': { fullName: 'Jane', apiTitle: 'Claims API', reason: 'Contract ended', overviewUrl: 'http://portal.test/catalog/claims' },
  'doc-access-requested': {
    apiTitle: 'Claims API',
    requesterName: 'Jane <b>Doe</b>',
    requesterEmail: 'jane@broker.example',
    company: 'Broker',
    justification: 'A claims app',
    decideUrl: 'http://portal.test/owner?api=claims',
  },
  'doc-access-refused': { fullName: 'Jane', apiTitle: 'Claims API', reason: 'No contract', overviewUrl: 'http://portal.test/catalog/claims' },
  'api-access-requested': {
    apiTitle: 'Quotes API',
    environment: 'sandbox',
    authMethod: 'client id/secret',
    appName: 'Broker app',
    clientId: 'app_x',
    requesterName: 'Jane',
    company: 'Broker',
    decideUrl: 'http://portal.test/owner?api=quotes',
  },
  'api-access-decided': {
    fullName: 'Jane',
    decision: 'approved',
    apiTitle: 'Quotes API',
    environment: 'sandbox',
    appName: 'Broker app',
    clientId: 'app_x',
    appsUrl: 'http://portal.test/apps',
  },
  'api-access-suspended': {
    fullName: 'Jane',
    apiTitle: 'Claims API',
    reason: 'your access to the Claims API documentation was revoked',
    accesses: [{ appName: 'Broker app', clientId: 'app_x', environment: 'sandbox', authMethod: 'client id/secret', outcome: 'suspended' }],
    appsUrl: 'http://portal.test/apps',
  },
  'certificate-submitted': {
    apiTitle: 'Claims API',
    requesterName: 'Jane',
    company: 'Broker',
    subject: 'CN=client',
    issuer: 'CN=CA',
    anchor: 'DigiCert High Assurance EV Root CA',
    directlyIssued: true,
    decideUrl: 'http://portal.test/owner?api=claims',
  },
  'certificate-decided': {
    fullName: 'Jane',
    decision: 'refused',
    apiTitle: 'Claims API',
    subject: 'CN=client',
    reason: 'Unknown company',
    accountUrl: 'http://portal.test/account',
  },
  'certificate-lifecycle': {
    kind: 'revoked_reported',
    subject: 'CN=client',
    apiTitle: 'Claims API',
    company: 'Broker',
    dueBy: '2026-11-30',
    url: 'http://portal.test/owner?api=claims',
  },
  'certificate-recheck': {
    audience: 'holder',
    flag: 'ca_expired',
    subject: 'CN=client',
    apiTitle: 'Claims API',
    company: 'Broker <b>SA</b>',
    detail: 'The certification authority "Partner CA" of its chain expired on 2026-11-27.',
    suspended: 1,
    url: 'http://portal.test/certificates',
  },
  'ca-request': { event: 'requested', name: 'Partner CA', requesterName: 'Carl', reason: 'Our partner uses it', url: 'http://portal.test/registry' },
  'owner-digest': {
    day: '2026-11-23',
    items: [{ kind: 'Documentation access', apiTitle: 'Claims API', who: 'Jane Doe (Broker)', ageDays: 2, decideUrl: 'http://portal.test/owner?api=claims' }],
  },
};

describe('email templates', () => {
  it.each(Object.keys(TEMPLATES))('%s renders a subject, HTML and text with its link', (name) => {
    const rendered = renderTemplate(name, SAMPLES[name as keyof typeof TEMPLATES]);
    expect(rendered.subject.length).toBeGreaterThan(5);
    expect(rendered.html).toMatch(/^<!doctype html>/);
    expect(rendered.text).toContain('http://portal.test/');
    expect(rendered.html).toContain('http://portal.test/');
    expect(rendered.html).not.toContain('<b>Doe</b>');
  });

  it('refuses a payload that does not fit the template', () => {
    expect(() => renderTemplate('verify-email', { fullName: 'x' })).toThrow();
    expect(() => renderTemplate('no-such-template', {})).toThrow('unknown email template');
  });
});

describe('the outbox and the real Resend SDK against a local fake', () => {
  it('sends queued email once, with the outbox id as Idempotency-Key', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    await enqueueEmail(portal.handle.db, 'jane@broker.example', 'password-changed', { fullName: 'Jane', signInUrl: 'http://portal.test/signin' }, Date.now());
    const report = await deliverDueEmails(portal.handle.db, transport, FROM, Date.now());
    expect(report).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(resend.received).toHaveLength(1);
    const [email] = resend.received;
    expect(email).toMatchObject({ from: FROM, to: ['jane@broker.example'], subject: 'Your password was changed', authorization: 'Bearer re_test_key' });
    expect(email?.idempotencyKey).toMatch(/^msg_/);
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, Date.now())).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('keeps messages while the provider fails (500, 429, down) and sends each once when it is back', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    const id = await enqueueEmail(portal.handle.db, 'jane@broker.example', 'password-changed', { fullName: 'Jane', signInUrl: 'http://portal.test/signin' }, 0);
    resend.failNext(500, 429);
    let now = 1_000;
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, now)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, now)).toEqual({ sent: 0, retried: 0, failed: 0 });
    now += 31_000;
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, now)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const down = createResendTransport('re_test_key', 'http://127.0.0.1:9');
    now += 61_000;
    expect(await deliverDueEmails(portal.handle.db, down, FROM, now)).toEqual({ sent: 0, retried: 1, failed: 0 });
    now += 121_000;
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, now)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(resend.received).toHaveLength(1);
    const [row] = await portal.handle.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: 'sent', attempts: 4, providerId: 'fake_1' });
  });

  it('two workers at once send a message once', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    for (let index = 0; index < 5; index++)
      await enqueueEmail(
        portal.handle.db,
        `user${index}@broker.example`,
        'password-changed',
        { fullName: 'U', signInUrl: 'http://portal.test/signin' },
        Date.now(),
      );
    const [first, second] = await Promise.all([
      deliverDueEmails(portal.handle.db, transport, FROM, Date.now()),
      deliverDueEmails(portal.handle.db, transport, FROM, Date.now()),
    ]);
    expect((first?.sent ?? 0) + (second?.sent ?? 0)).toBe(5);
    expect(resend.received).toHaveLength(5);
  });

  it('a permanent refusal (422) is marked failed, not retried forever', async () => {
    const transport = createResendTransport('re_test_key', resend.url);
    await enqueueEmail(portal.handle.db, 'jane@broker.example', 'password-changed', { fullName: 'Jane', signInUrl: 'http://portal.test/signin' }, Date.now());
    resend.failNext(422);
    expect(await deliverDueEmails(portal.handle.db, transport, FROM, Date.now())).toEqual({ sent: 0, retried: 0, failed: 1 });
  });

  it('the dev transport logs a line without the message body', async () => {
    const lines: string[] = [];
    await enqueueEmail(
      portal.handle.db,
      'jane@broker.example',
      'reset-password',
      { fullName: 'Jane', resetUrl: 'http://portal.test/reset-password?token=secret-token' },
      Date.now(),
    );
    await deliverDueEmails(
      portal.handle.db,
      createDevTransport((line) => lines.push(line)),
      FROM,
      Date.now(),
    );
    expect(lines).toEqual(['[email] to jane@broker.example: Reset your password (see /dev/mailbox)']);
  });
});
