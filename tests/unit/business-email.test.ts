import { describe, expect, it } from 'vitest';
import { judgeBusinessEmail } from '../../server/rules/business-email.ts';

describe('judgeBusinessEmail', () => {
  it('accepts a company address and normalizes it', () => {
    expect(judgeBusinessEmail('  Jane.Doe@Broker-Partner.example ')).toEqual({
      ok: true,
      email: 'jane.doe@broker-partner.example',
      domain: 'broker-partner.example',
    });
  });

  it.each(['someone@gmail.com', 'a@yahoo.fr', 'b@hotmail.com', 'c@outlook.com'])('refuses the free provider %s', (address) => {
    const verdict = judgeBusinessEmail(address);
    expect(verdict).toMatchObject({ ok: false, reason: 'free_provider' });
    expect(!verdict.ok && verdict.message).toContain('company email address');
  });

  it.each(['x@mailinator.com', 'y@10minutemail.com', 'z@sub.10minutemail.com'])('refuses the disposable %s', (address) => {
    expect(judgeBusinessEmail(address)).toMatchObject({ ok: false, reason: 'disposable' });
  });

  it.each([
    '',
    'no-at-sign',
    'a@b',
    'a@@b.example',
    'a b@c.example',
    `${'a'.repeat(65)}@c.example`,
    'jane@gmaіl.com',
    'jane@exa\u0000mple.com',
    '<script>@x.example',
  ])('refuses the malformed or look-alike address %j', (address) => {
    expect(judgeBusinessEmail(address)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('folds full-width look-alikes (NFKC) before judging, so ｇｍａｉｌ.com is still gmail.com', () => {
    expect(judgeBusinessEmail('jane@ｇｍａｉｌ.com')).toMatchObject({ ok: false, reason: 'free_provider', email: 'jane@gmail.com' });
  });

  it('lets admins allow a domain the lists refuse, and deny one they miss', () => {
    const overrides = { allow: new Set(['gmail.com']), deny: new Set(['competitor.example']) };
    expect(judgeBusinessEmail('dev@gmail.com', undefined, overrides)).toMatchObject({ ok: true });
    expect(judgeBusinessEmail('spy@eu.competitor.example', undefined, overrides)).toMatchObject({ ok: false, reason: 'denied' });
  });
});
