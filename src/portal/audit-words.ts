/**
 * The audit log's actions in words (owner console history, admin audit log): one pure map, so
 * both pages say the same thing. An action not listed yet is shown by its parts, never raw.
 */
const ACTION_WORDS: Record<string, string> = {
  'doc_access.requested': 'asked for documentation access',
  'doc_access.approved': 'approved documentation access',
  'doc_access.refused': 'refused documentation access',
  'doc_access.revoked': 'revoked documentation access',
  'doc_access.withdrawn': 'withdrew a documentation request',
  'doc_access.granted': 'granted documentation access',
  'api_access.requested': 'asked for API access',
  'api_access.approved': 'approved API access',
  'api_access.refused': 'refused API access',
  'api_access.revoked': 'revoked API access',
  'api_access.suspended': 'suspended API access',
  'api_access.withdrawn': 'withdrew an API access request',
  'api_access.review_updated': 'updated the review checklist',
  'api_access.certificate_moved': 'moved API access to a renewed certificate',
  'app.created': 'created an app',
  'app.updated': 'changed an app',
  'app.deleted': 'deleted an app',
  'app.secret_rotated': 'made a new client secret',
  'app.secret_revoked': 'revoked a client secret',
  'certificate.submitted': 'uploaded a client certificate',
  'certificate.possession_proved': 'proved the private key of a certificate',
  'certificate.approved': 'approved a client certificate',
  'certificate.refused': 'refused a client certificate',
  'certificate.revoked': 'revoked a client certificate',
  'certificate.revoked_reported': 'reported a certificate revoked',
  'certificate.case_handled': 'closed a revocation case',
  'certificate.change_announced': 'announced a certificate change',
  'certificate.switched_over': 'switched to a renewed certificate',
  'certificate.expired': 'certificate expired',
  'certificate.waiting_expired': 'certificate waiting for its CA expired',
  'certificate.rechecked': 'rechecked a certificate',
  'ca.added': 'added a certification authority',
  'ca.retired': 'retired a certification authority',
  'ca_request.created': 'asked the platform team to add a CA',
  'ca_request.added': 'added a requested CA',
  'ca_request.declined': 'declined a CA request',
  'api_owner.assigned': 'made someone an API owner',
  'api_owner.unassigned': 'removed an API owner',
  'user.owner_confirmed': 'confirmed an API owner',
  'user.owner_confirmation_withdrawn': 'withdrew an owner confirmation',
  'user.registration_declined': 'declined a registration',
  'user.linked_to_provider': 'linked an account to a sign-in provider',
  'user.emergency_local_sign_in': 'signed in with the emergency account',
  'email_domain.allow': 'allowed an email domain',
  'email_domain.deny': 'blocked an email domain',
  'email_domain.removed': 'removed an email domain rule',
};

/** Families whose last part is a value: "user.role_changed_to_admin" → "changed a role to admin". */
const PREFIXES: Array<[string, string]> = [
  ['user.role_changed_to_', 'changed a role to '],
  ['user.role_from_provider_', 'took a role from the sign-in provider: '],
  ['user.created_by_provider_', 'account made by the sign-in provider as '],
];

export function actionWords(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  for (const [prefix, words] of PREFIXES) if (action.startsWith(prefix)) return `${words}${action.slice(prefix.length).replace(/_/g, ' ')}`;
  return action.replace(/[._]/g, ' ');
}

/** The action filter's choices: the start of each family of actions, in words. */
export const ACTION_FAMILIES: Array<[string, string]> = [
  ['', 'every action'],
  ['doc_access', 'documentation access'],
  ['api_access', 'API access'],
  ['app', 'apps and client secrets'],
  ['certificate', 'client certificates'],
  ['ca', 'certification authorities and CA requests'],
  ['api_owner', 'API owner assignments'],
  ['user.owner_confirm', 'owner confirmations'],
  ['user.role', 'role changes'],
  ['user', 'accounts'],
  ['email_domain', 'email domain rules'],
];
