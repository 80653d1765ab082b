/** Words readers see for the values of x-portal. */
const AUTH_LABELS: Record<string, string> = {
  client_secret: 'Client ID / secret',
  mtls: 'mTLS client certificate',
};

export const ENVIRONMENT_LABELS: Record<string, string> = {
  sandbox: 'Sandbox',
  production: 'Production',
};

export const AUDIENCE_LABELS: Record<string, string> = {
  customers: 'Customers',
  prospects: 'Prospects',
  partners: 'Partners',
};

export function describeAuth(methods: readonly string[]): string {
  return methods.map((method) => AUTH_LABELS[method] ?? method).join(', ');
}
