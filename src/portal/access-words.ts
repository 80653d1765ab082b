/**
 * Plain words for API access states and what ending documentation access stops: what people
 * read on the owner console and the apps page, instead of status codes.
 */

interface DependentAccess {
  appName: string;
  environment: string;
  authMethod: string;
  status: string;
}

const METHOD_WORDS: Record<string, string> = { client_secret: 'client secret', mtls: 'mTLS certificate' };
const STATUS_WORDS: Record<string, string> = {
  pending: 'Waiting for the API owners',
  approved: 'Approved',
  refused: 'Refused',
  revoked: 'Revoked',
  suspended: 'Suspended',
  withdrawn: 'Withdrawn',
};

function methodWords(authMethod: string): string {
  return METHOD_WORDS[authMethod] ?? authMethod;
}

export function accessStatusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

function listed(accesses: DependentAccess[]): string {
  return accesses.map((access) => `${access.appName} (${access.environment}, ${methodWords(access.authMethod)})`).join(', ');
}

/**
 * What revoking (or refusing) a reader's documentation access also stops, said before the owner
 * confirms; undefined when it stops nothing.
 */
export function docAccessEndConsequence(action: 'revoke' | 'refuse', dependents: DependentAccess[]): string | undefined {
  const suspended = dependents.filter((access) => access.status === 'approved');
  const refused = dependents.filter((access) => access.status === 'pending');
  if (suspended.length === 0 && refused.length === 0) return undefined;
  const verb = action === 'revoke' ? 'Revoking' : 'Refusing';
  const parts = [
    ...(suspended.length > 0 ? [`suspends: ${listed(suspended)}`] : []),
    ...(refused.length > 0 ? [`refuses the pending API access of: ${listed(refused)}`] : []),
  ];
  return `${verb} also ${parts.join('; and ')}.`;
}
