import type { ManifestApi } from '../../plugins/portico/contract.ts';
import type { ServiceContext } from './context.ts';

/** An API of the built catalog by its slug. */
export function findApi(context: ServiceContext, slug: string): ManifestApi | undefined {
  return context.manifest.apis.find((api) => api.slug === slug);
}
