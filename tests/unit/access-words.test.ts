import { describe, expect, it } from 'vitest';
import { accessStatusWords, docAccessEndConsequence } from '../../src/portal/access-words.ts';

/** Issue #13, Medium 3: the owner reads what a revocation stops before confirming; the consumer reads why in plain words. */
describe('the words of the owner console and the apps page', () => {
  const dependents = [
    { appName: 'Claims desk', environment: 'sandbox', authMethod: 'client_secret', status: 'approved' },
    { appName: 'Claims desk', environment: 'production', authMethod: 'mtls', status: 'approved' },
    { appName: 'Claims bot', environment: 'sandbox', authMethod: 'client_secret', status: 'pending' },
  ];

  it('names every app, environment and method a revocation suspends, and the pending requests it refuses', () => {
    expect(docAccessEndConsequence('revoke', dependents)).toBe(
      'Revoking also suspends: Claims desk (sandbox, client secret), Claims desk (production, mTLS certificate); and refuses the pending API access of: Claims bot (sandbox, client secret).',
    );
    expect(docAccessEndConsequence('refuse', dependents.slice(0, 1))).toBe('Refusing also suspends: Claims desk (sandbox, client secret).');
    expect(docAccessEndConsequence('revoke', [])).toBeUndefined();
  });

  it('access states read as words, not status codes', () => {
    expect(accessStatusWords('suspended')).toBe('Suspended');
    expect(accessStatusWords('pending')).toBe('Waiting for the API owners');
  });
});
