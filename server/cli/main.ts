import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runBackupCommand } from './backup-command.ts';
import { PinnedRootError } from '../certificates/accepted-cas.ts';
import { runBuildCommand } from './build-command.ts';
import { ConfigError, debugRequested, loadConfig, type Config, type Setting } from '../config.ts';
import { runCertCommand } from './cert-command.ts';
import { runDigestCommand } from './digest-command.ts';
import { runRecheckCommand } from './recheck-command.ts';
import { runRegistryCommand } from './registry-command.ts';
import { runMigrateCommand } from './migrate-command.ts';
import { runRestoreCommand } from './restore-command.ts';
import { runServeCommand } from './serve-command.ts';
import { runUserCommand } from './user-command.ts';
import { runValidateCommand } from './validate-command.ts';
import { UsageError } from './usage-error.ts';
import { ListenError } from './listen.ts';

type Values = Record<string, string | boolean | undefined>;

interface CommandInfo {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
}

/**
 * A command that needs configuration gets it parsed once, here, from the environment and
 * PORTICO_CONFIG: 'server' for commands that run the server or act on its database (production
 * requirements apply), 'build' for `portico build` (valid values, no server requirements).
 * `settings` names the flags that set a setting and win over the environment.
 */
type Command =
  | (CommandInfo & {
      config: 'server' | 'build';
      settings?: Record<string, Setting>;
      run(values: Values, positionals: string[], config: Config): Promise<number>;
    })
  | (CommandInfo & { config?: undefined; run(values: Values, positionals: string[]): Promise<number> });

const COMMANDS: Record<string, Command> = {
  build: {
    summary: 'validate openapi/ and build the public site, one site per private API, and the manifest',
    usage: 'portico build [--openapi DIR] [--out DIR] [--site-url URL] [--if-changed] [--jobs N]',
    options: {
      openapi: { type: 'string' },
      out: { type: 'string' },
      'site-url': { type: 'string' },
      'if-changed': { type: 'boolean' },
      jobs: { type: 'string' },
    },
    config: 'build',
    run: runBuildCommand,
  },
  validate: {
    summary: 'check every OpenAPI file and its x-portal block without building',
    usage: 'portico validate [--openapi DIR]',
    options: { openapi: { type: 'string' } },
    run: runValidateCommand,
  },
  migrate: {
    summary: 'apply database migrations (run once before starting instances)',
    usage: 'portico migrate',
    options: {},
    config: 'server',
    run: runMigrateCommand,
  },
  user: {
    summary: 'create an account directly, e.g. the first admin',
    usage: 'portico user create --email EMAIL --password PASSWORD [--role consumer|platform|admin] [--name NAME] [--company NAME]',
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, company: { type: 'string' } },
    config: 'server',
    run: runUserCommand,
  },
  cert: {
    summary: 'check a client certificate against the portal rules (exit 0 acceptable, 1 not, 2 unusable input)',
    usage: 'portico cert check FILE [--chain FILE] [--at ISO-DATE] [--trust FILE] [--issuer-policy chain_to_listed|issuer_listed] [--json]',
    options: { chain: { type: 'string' }, at: { type: 'string' }, trust: { type: 'string' }, 'issuer-policy': { type: 'string' }, json: { type: 'boolean' } },
    run: runCertCommand,
  },
  // A subcommand with needs of its own: it acts on the server's database, `cert check` on files alone.
  'cert recheck': {
    summary: "re-check every approved certificate against today's CA registry, rules and date (once a day by serve; safe to repeat)",
    usage: 'portico cert recheck [--at ISO-DATE]',
    options: { at: { type: 'string' } },
    config: 'server',
    run: runRecheckCommand,
  },
  'registry import-ccadb': {
    summary: 'import the CCADB Included CA Certificate Report (a file: no network call) and compare the CA registry with it',
    usage: 'portico registry import-ccadb FILE [--by EMAIL]',
    options: { by: { type: 'string' } },
    config: 'server',
    run: runRegistryCommand,
  },
  digest: {
    summary: "queue the owners' daily digest now (once per owner per day, safe to repeat)",
    usage: 'portico digest run [--date YYYY-MM-DD]',
    options: { date: { type: 'string' } },
    config: 'server',
    run: runDigestCommand,
  },
  backup: {
    summary: 'copy the embedded database to FILE, consistent even while the server runs (never overwrites without --force)',
    usage: 'portico backup FILE [--force]',
    options: { force: { type: 'boolean' } },
    config: 'server',
    run: runBackupCommand,
  },
  restore: {
    summary: 'replace the embedded database with a backup (server stopped; the current one is kept beside it)',
    usage: 'portico restore FILE',
    options: {},
    config: 'server',
    run: runRestoreCommand,
  },
  serve: {
    summary: 'serve the built portal (public site, gated private docs, /api)',
    usage: 'portico serve [--port N] [--host ADDR] [--build DIR]',
    options: { port: { type: 'string' }, host: { type: 'string' }, build: { type: 'string' } },
    config: 'server',
    settings: { port: 'PORT', host: 'HOST', build: 'PORTICO_BUILD_DIR' },
    run: runServeCommand,
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printHelp();
    return name ? 0 : 2;
  }
  const command = COMMANDS[`${name} ${rest[0]}`] ?? COMMANDS[name];
  if (!command) {
    process.stderr.write(`portico: unknown command "${name}"\n\n`);
    printHelp();
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    if (!command.config) return await command.run(values, positionals);
    const config = loadConfig(process.env, process.cwd(), {
      overrides: settingsFromFlags(values, command.settings),
      serverRequirements: command.config === 'server',
    });
    return await command.run(values, positionals, config);
  } catch (error) {
    return reportFailure(error, command.usage);
  }
}

function settingsFromFlags(values: Values, settings: Record<string, Setting> = {}): Partial<Record<Setting, string>> {
  const overrides: Partial<Record<Setting, string>> = {};
  for (const [flag, setting] of Object.entries(settings)) {
    const value = values[flag];
    if (typeof value === 'string') overrides[setting] = value;
  }
  return overrides;
}

function reportFailure(error: unknown, usage: string): number {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`portico: ${(error as Error).message}\nusage: ${usage}\n`);
    return 2;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`portico: ${error.message}\n`);
    return 2;
  }
  if (error instanceof ListenError || error instanceof PinnedRootError) {
    process.stderr.write(`portico: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`portico: unexpected error: ${(error as Error).message ?? String(error)}\n`);
  if (debugRequested()) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  else process.stderr.write('(set PORTICO_DEBUG=1 to see where)\n');
  return 1;
}

function printHelp(): void {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(13)} ${command.summary}`);
  process.stdout.write(`Portico developer portal\n\nusage: portico <command> [options]\n\n${lines.join('\n')}\n\nportico <command> --help for its options\n`);
}
