import { describe, expect, it } from 'vitest';
import { actionWords } from '../../src/portal/audit-words.ts';

describe('the audit log in words (issue 17)', () => {
  it('says each known action in words', () => {
    expect(actionWords('doc_access.approved')).toBe('approved documentation access');
    expect(actionWords('api_access.review_updated')).toBe('updated the review checklist');
    expect(actionWords('certificate.revoked_reported')).toBe('reported a certificate revoked');
  });

  it('says a role change with its role, and never shows a raw code for an action it does not know', () => {
    expect(actionWords('user.role_changed_to_platform')).toBe('changed a role to platform');
    expect(actionWords('registry.something_new')).toBe('registry something new');
  });
});
