import path from 'node:path';
import { TARGET_FILE_ENV, readTarget } from './plugins/portico/build/targets.ts';
import { createSiteConfig } from './plugins/portico/site-config.ts';

// `portico build` runs one Docusaurus build per target (the public site, then each
// private API) and says which in PORTICO_TARGET_FILE. Nothing private lives here.
const targetFile = process.env[TARGET_FILE_ENV] ?? path.resolve(__dirname, '.portico/targets/public.json');

export default createSiteConfig(readTarget(targetFile));
