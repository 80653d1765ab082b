import { usePluginData } from '@docusaurus/useGlobalData';

interface ApiEnvironment {
  name: 'sandbox' | 'production';
  auth: Array<'client_secret' | 'mtls'>;
}

export interface ApiSummary {
  slug: string;
  title: string;
  visibility: 'public' | 'private';
  overviewPath: string;
  docsPath: string;
  /** The environments an app may ask access to, with their authentication methods. */
  environments: ApiEnvironment[];
}

/** The catalog's APIs (public facts only), from the Portico plugin's global data. */
export function useApis(): ApiSummary[] {
  return (usePluginData('portico') as { apis?: ApiSummary[] } | undefined)?.apis ?? [];
}
