import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openPgDatabase, openPgliteDatabase, type Database } from '@digital-post/event-store';
import { z } from 'zod';
import { logWindowSchema } from '../replay/logWindow.ts';
import { runReplay } from './replayCommand.ts';

/**
 * `pnpm ops <command>`: the operators' tools, straight on the database (a stopped system, or the
 * server of a running one). The database is the platform's: `--database-url`, else
 * DIGITAL_POST_DATABASE_URL, else the embedded data directory (`--data-dir`, else
 * DIGITAL_POST_DATA_DIR, else .data/pglite), which only a stopped system leaves free.
 */
const usage = `usage: pnpm ops replay [--from <time|position>] [--to <time|position>]
         [--category <c>]... [--type <t>]... [--stream <id>]... [--sender <id>]...
         [--mailbox <id>]... [--rule-version <v>]... [--release <r>]...
         [--format ndjson|csv] [--out <file>] [--database-url <url> | --data-dir <dir>]`;

const options = {
  from: { type: 'string' },
  to: { type: 'string' },
  category: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  stream: { type: 'string', multiple: true },
  sender: { type: 'string', multiple: true },
  mailbox: { type: 'string', multiple: true },
  'rule-version': { type: 'string', multiple: true },
  release: { type: 'string', multiple: true },
  format: { type: 'string', default: 'ndjson' },
  out: { type: 'string' },
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

const formatSchema = z.enum(['ndjson', 'csv']);

type Values = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>['values'];

const replayOf = (values: Values) => ({
  window: logWindowSchema.parse({
    from: values.from,
    to: values.to,
    categories: values.category,
    types: values.type,
    streams: values.stream,
    senders: values.sender,
    mailboxes: values.mailbox,
    ruleVersions: values['rule-version'],
    releases: values.release,
  }),
  format: formatSchema.parse(values.format),
  ...(values.out !== undefined && { out: values.out }),
});

const openDatabase = (values: Values): Promise<Database> | Database => {
  const url = values['database-url'] ?? process.env.DIGITAL_POST_DATABASE_URL;
  if (url) return openPgDatabase({ connectionString: url, poolSize: 2 });
  const dataDir = values['data-dir'] ?? process.env.DIGITAL_POST_DATA_DIR ?? '.data/pglite';
  return openPgliteDatabase({ dataDir });
};

/** Runs the command line; answers the exit code. */
export const ops = async (argv: string[], err = process.stderr): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    err.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (command !== 'replay' || parsed.positionals.length !== 1) {
    err.write(`${usage}\n`);
    return 2;
  }
  let replay;
  try {
    replay = replayOf(parsed.values);
  } catch (error) {
    err.write(`${describe(error)}\n${usage}\n`);
    return 2;
  }
  const db = await openDatabase(parsed.values);
  try {
    const written = await runReplay(db, replay, (line) => err.write(`${line}\n`));
    err.write(`replay: ${written} events written\n`);
    return 0;
  } finally {
    await db.close();
  }
};

/** A validation failure as an operator reads it: each option and what is wrong with it. */
const describe = (error: unknown): string =>
  error instanceof z.ZodError
    ? error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n')
    : String(error);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await ops(process.argv.slice(2));
}
