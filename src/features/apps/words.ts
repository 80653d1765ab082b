/** The words the apps pages use for an environment and an authentication method. */
export const ENVIRONMENT_WORDS: Record<string, string> = { sandbox: 'Sandbox', production: 'Production' };
export const METHOD_WORDS: Record<string, string> = { client_secret: 'Client id and secret', mtls: 'Client certificate (mTLS)' };
