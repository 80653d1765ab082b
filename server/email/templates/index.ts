import type { z } from 'zod';
import type { RenderedEmail } from '../layout.ts';
import * as apiAccessDecided from './api-access-decided.ts';
import * as apiAccessSuspended from './api-access-suspended.ts';
import * as caRequest from './ca-request.ts';
import * as certificateDecided from './certificate-decided.ts';
import * as certificateLifecycle from './certificate-lifecycle.ts';
import * as certificateRecheck from './certificate-recheck.ts';
import * as certificateSubmitted from './certificate-submitted.ts';
import * as apiAccessRequested from './api-access-requested.ts';
import * as docAccessGranted from './doc-access-granted.ts';
import * as docAccessRefused from './doc-access-refused.ts';
import * as docAccessRequested from './doc-access-requested.ts';
import * as ownerDigest from './owner-digest.ts';
import * as docAccessRevoked from './doc-access-revoked.ts';
import * as passwordChanged from './password-changed.ts';
import * as resetPassword from './reset-password.ts';
import * as verifyEmail from './verify-email.ts';
import * as accountExists from './account-exists.ts';
import * as ownerConfirmed from './owner-confirmed.ts';

/** Every email the portal sends: one file each, a payload schema and a renderer. */
export const TEMPLATES = {
  'verify-email': verifyEmail,
  'account-exists': accountExists,
  'owner-confirmed': ownerConfirmed,
  'reset-password': resetPassword,
  'password-changed': passwordChanged,
  'doc-access-granted': docAccessGranted,
  'doc-access-revoked': docAccessRevoked,
  'doc-access-requested': docAccessRequested,
  'doc-access-refused': docAccessRefused,
  'owner-digest': ownerDigest,
  'api-access-requested': apiAccessRequested,
  'api-access-decided': apiAccessDecided,
  'api-access-suspended': apiAccessSuspended,
  'certificate-submitted': certificateSubmitted,
  'certificate-decided': certificateDecided,
  'certificate-lifecycle': certificateLifecycle,
  'certificate-recheck': certificateRecheck,
  'ca-request': caRequest,
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplatePayload<Name extends TemplateName> = z.infer<(typeof TEMPLATES)[Name]['payload']>;

function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

/** Renders a stored message; the payload is re-checked, as it comes back from the database. */
export function renderTemplate(name: string, payload: unknown): RenderedEmail {
  if (!isTemplateName(name)) throw new Error(`unknown email template "${name}"`);
  const template = TEMPLATES[name];
  return template.render(template.payload.parse(payload) as never);
}
