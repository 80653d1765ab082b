import { usePluginData } from '@docusaurus/useGlobalData';

interface ApiSummary {
  slug: string;
  title: string;
  visibility: 'public' | 'private';
  overviewPath: string;
  docsPath: string;
}

/** The catalog's APIs (public facts only), from the Portico plugin's global data. */
export function useApis(): ApiSummary[] {
  return (usePluginData('portico') as { apis?: ApiSummary[] } | undefined)?.apis ?? [];
}
