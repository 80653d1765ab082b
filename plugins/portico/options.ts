import { Joi } from '@docusaurus/utils-validation';
import type { OptionValidationContext } from '@docusaurus/types';

/** Options of the Portico Docusaurus plugin (one instance per build target). */
export interface PluginOptions {
  /**
   * Public-safe catalog entries for the public build (JSON written by `portico build`).
   * Absent in private builds: they carry no catalog.
   */
  catalogFile?: string;
  /** Per API slug, the security schemes that take a bearer token (for the sandbox token button). */
  tokenSchemes?: Record<string, string[]>;
  /** Folder of this target's own Rspack persistent cache; absent: no persistent cache. */
  rspackCacheDir?: string;
  /** Folder of minified chunks kept by content hash, shared by every target; absent: none. */
  minifyCacheDir?: string;
  id?: string;
}

const optionsSchema = Joi.object<PluginOptions>({
  catalogFile: Joi.string().messages({ 'string.base': 'catalogFile must be the path of the catalog JSON written by portico build' }),
  tokenSchemes: Joi.object().pattern(Joi.string(), Joi.array().items(Joi.string())),
  rspackCacheDir: Joi.string().messages({ 'string.base': 'rspackCacheDir must be an absolute folder path' }),
  minifyCacheDir: Joi.string().messages({ 'string.base': 'minifyCacheDir must be an absolute folder path' }),
  id: Joi.string(),
});

export function validateOptions({ validate, options }: OptionValidationContext<PluginOptions, PluginOptions>): PluginOptions {
  return validate(optionsSchema, options);
}
