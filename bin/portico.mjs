#!/usr/bin/env node
// Portico's command line. TypeScript sources run through tsx, so there is no compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
