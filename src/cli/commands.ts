// The `songda` command's commands, loaded by songda.ts once the process is set up.
import { parseArgs } from 'node:util';
import { ConfigError, type ConfigOverrides, loadConfig } from '../config.js';
import { runIngest } from './ingest-command.js';
import { runKey } from './key-command.js';
import { runImportRecipients } from './import-recipients-command.js';
import { runReconcile } from './reconcile-command.js';
import { runSimulate } from './simulate-command.js';
import { runMigrate, runServe, runSweep } from './server-commands.js';
import { runToken } from './token-command.js';
import { runUser } from './user-command.js';
import { UsageError } from './usage-error.js';

const USAGE = `songda — government-document delivery

  songda serve [--demo] [--port N] [--db URL]   run the API (migrates first); --demo fills an empty database
  songda migrate [--db URL]                      apply pending migrations
  songda token create --role admin|operator|viewer | --partner CODE [--name TEXT] [--expires-in-days N] [--db URL]
  songda token list | songda token revoke ID     list API tokens (never their values); revoke one
  songda user create --username NAME --role admin|operator|viewer [--unit CODE] | --role courier --unit OFFICE | --partner CODE [--display-name TEXT] [--password-stdin]
                                                 a person who signs in to the web console (password asked, or read from stdin)
  songda user list | songda user disable NAME    list users; stop one signing in and end their sessions
  songda ingest FILE.ndjson [--server URL --token T] [--batch N] [--db URL]
                                                 load scans from a file, into the database or to a server
  songda simulate --out DIR [--items N] [--seed S] [--days D] [--drop-rate R] [--silence-rate Q] [--late-rate L]
                                                 write units, items, scans and the break-points they contain (truth.json)
  songda reconcile --office CODE --date YYYY-MM-DD   an office's end-of-day balances
  songda import-recipients --program CODE FILE.csv|FILE.xlsx [--dry-run] [--db URL]
                                                 import a program's recipient list (--dry-run: check and count only)
  songda sweep [--as-of ISO-INSTANT] [--db URL]  open the silence break-points visible at that instant (default now)
  songda key rotate [--prepare] [--db URL]       re-seal ID and phone numbers under a new data key while serving
                                                 (--prepare: write the new key ring only, to copy it to every server first)

Settings come from the environment (SONGDA_DB, SONGDA_PORT, SONGDA_ADMIN_TOKEN, SONGDA_TZ, ...);
flags win over the environment.`;

const options = {
  demo: { type: 'boolean' },
  port: { type: 'string' },
  db: { type: 'string' },
  role: { type: 'string' },
  partner: { type: 'string' },
  name: { type: 'string' },
  'expires-in-days': { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  batch: { type: 'string' },
  'as-of': { type: 'string' },
  office: { type: 'string' },
  date: { type: 'string' },
  program: { type: 'string' },
  'dry-run': { type: 'boolean' },
  prepare: { type: 'boolean' },
  username: { type: 'string' },
  'display-name': { type: 'string' },
  unit: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  // simulate has flags of its own (and needs no database): hand it its arguments as they are.
  if (argv[0] === 'simulate') return runSimulate(argv.slice(1));
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const overrides: ConfigOverrides = { SONGDA_DB: values.db, SONGDA_PORT: values.port };
  const config = () => loadConfig(process.env, overrides);
  switch (command) {
    case 'serve':
      await runServe(config(), { demo: values.demo ?? false });
      return -1;
    case 'migrate':
      return runMigrate(config());
    case 'user':
      return runUser(config(), rest, { username: values.username, role: values.role, partner: values.partner, displayName: values['display-name'], unit: values.unit, passwordStdin: values['password-stdin'] });
    case 'token':
      return runToken(config(), rest, { role: values.role, partner: values.partner, name: values.name, expiresInDays: values['expires-in-days'] });
    case 'ingest': {
      const file = rest[0];
      if (!file) throw new UsageError('usage: songda ingest FILE.ndjson [--server URL --token T]');
      return runIngest({ file, server: values.server, token: values.token ?? process.env.SONGDA_TOKEN, batch: values.batch, config: values.server ? undefined : config() });
    }
    case 'import-recipients':
      return runImportRecipients(config(), { program: values.program, file: rest[0], dryRun: values['dry-run'] ?? false });
    case 'reconcile':
      return runReconcile(config(), { office: values.office, date: values.date });
    case 'key':
      return runKey(config(), rest, { prepare: values.prepare ?? false, now: Date.now });
    case 'sweep':
      return runSweep(config(), values['as-of']);
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(`songda: bad setting ${err.message}`);
    else if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')))
      console.error(`songda: ${err.message}`);
    else console.error(`songda: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 2;
  },
);
