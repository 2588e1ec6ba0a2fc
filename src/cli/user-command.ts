import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { openStore } from '../main.js';
import { roleOf } from './token-command.js';
import { createUser, disableUser, listUsers } from '../modules/users/user.service.js';
import { UsageError } from './usage-error.js';

export const USER_USAGE = `usage: songda user create --username NAME --role admin|operator|viewer [--unit CODE] | --role courier --unit OFFICE | --partner CODE [--display-name TEXT] [--password-stdin]
       songda user list
       songda user disable NAME`;

export interface UserCommandArgs {
  username?: string;
  role?: string;
  /** Binds the user to this partner: the console then shows only what that partner may see. */
  partner?: string;
  displayName?: string;
  /** The unit a staff user works at. */
  unit?: string;
  passwordStdin?: boolean;
}

/** `songda user create | list | disable`: the people who sign in to the web console. */
export async function runUser(config: Config, rest: readonly string[], args: UserCommandArgs): Promise<number> {
  const [sub, name] = rest;
  switch (sub) {
    case 'create':
      return createCommand(config, args);
    case 'list':
      return withStore(config, async (store) => {
        const users = await listUsers(store.db);
        if (users.length === 0) console.log('no users yet: songda user create --username NAME --role admin');
        for (const u of users) {
          const state = u.disabledAt === null ? 'active' : `disabled ${new Date(u.disabledAt).toISOString()}`;
          console.log(`${u.username}\t${u.partner ? `partner ${u.partner}` : u.role}${u.unit ? ` ${u.unit}` : ''}\t${u.displayName}\t${state}`);
        }
        return 0;
      });
    case 'disable': {
      if (!name) throw new UsageError(USER_USAGE);
      return withStore(config, async (store) => {
        const { sessionsEnded } = await disableUser(store.db, name, Date.now());
        console.log(`disabled ${name.trim().toLowerCase()}; ended ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'}`);
        return 0;
      });
    }
    default:
      throw new UsageError(USER_USAGE);
  }
}

async function createCommand(config: Config, args: UserCommandArgs): Promise<number> {
  if (!args.username) throw new UsageError(`--username is required\n${USER_USAGE}`);
  const role = roleOf(args);
  // A terminal is asked (twice, without echo); a pipe is read, so scripts never put a password in argv.
  const password = args.passwordStdin || !process.stdin.isTTY ? await readPasswordLine() : await promptNewPassword();
  return withStore(config, async (store) => {
    const user = await createUser(store.db, { username: args.username!, role, password, displayName: args.displayName, partner: args.partner, unit: args.unit }, Date.now());
    console.log(`created ${user.role} user ${user.username}${user.partner ? ` for partner ${user.partner}` : ''}`);
    return 0;
  });
}

async function withStore(config: Config, run: (store: Awaited<ReturnType<typeof openStore>>) => Promise<number>): Promise<number> {
  const store = await openStore(config);
  try {
    return await run(store);
  } catch (err) {
    // A bad username or role, a taken name: the user's mistake, said without a stack trace.
    if (err instanceof AppError && err.status < 500) throw new UsageError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

/** The first line of stdin, without its line ending (a password may contain spaces). */
async function readPasswordLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError('no password on stdin (e.g. printf "%s\\n" "$PASSWORD" | songda user create ... --password-stdin)');
  return line;
}

async function promptNewPassword(): Promise<string> {
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was created');
  return first;
}

/** Reads one line from the terminal without showing it. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') chars = chars.slice(0, -1);
        else chars.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}
