import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../server/http/plain-validation.ts';
import { createTestPortal } from '../support/test-portal.ts';

/** Issue 16: validation messages reach people through the forms — plain words, no field ids or library wording. */
describe('validation messages in plain words', () => {
  it('names fields as a person would', () => {
    expect(fieldLabel(['fullName'])).toBe('full name');
    expect(fieldLabel(['apiSlug'])).toBe('API slug');
    expect(fieldLabel(['callBack', 'phoneFromContract'])).toBe('phone from contract');
    expect(fieldLabel(['items', 0])).toBe('items');
    expect(fieldLabel([])).toBe('the request body');
  });

  it('answers a bad sign-in and a bad app with sentences, keeping the fields for scripts', async () => {
    const portal = await createTestPortal();
    try {
      const signIn = await (await portal.client().request('/api/auth/sign-in', { json: { identifier: ' ', password: 'x' } })).json();
      expect(signIn.error.message).toBe('Identifier is required.');
      expect(signIn.error.details).toEqual([{ field: 'identifier', message: 'identifier is required' }]);
      const unknown = await (await portal.client().request('/api/auth/sign-in', { json: { password: 'x', extra: 1 } })).json();
      expect(unknown.error.message).toBe('Identifier is required; unknown field: extra.');
      for (const body of [signIn, unknown]) expect(body.error.message).not.toMatch(/Too small|expected string|Unrecognized key|Invalid input/);
    } finally {
      await portal.close();
    }
  });
});
