import { parseArgs } from 'node:util';
import {
  caseReferenceSchema,
  type EnrollmentRedecisionPort,
  type RedecisionPort,
} from '@digital-post/contracts';
import { openPgDatabase, openPgliteDatabase, type Database } from '@digital-post/event-store';
import { z } from 'zod';
import { boundSchema, logWindowSchema } from '../replay/logWindow.ts';
import type { ApiSource } from './operatorApi.ts';
import { runReconstruct, type Source } from './reconstructCommand.ts';
import { remediationLine, runRemediate } from './remediateCommand.ts';
import { enrollmentLine, runEnrollmentReconstruct } from './enrollmentCommand.ts';
import { runReplay } from './replayCommand.ts';
import { runState } from './stateCommand.ts';

/**
 * `pnpm ops <command>`: the operators' tools, on the database (a stopped system, or the server
 * of a running one) or through a running system's operator API (`--api <url>`, with an operator
 * token in DIGITAL_POST_OPERATOR_TOKEN: never on the command line, where `ps` shows it). The
 * database is the platform's: `--database-url`, else DIGITAL_POST_DATABASE_URL, else the
 * embedded data directory (`--data-dir`, else DIGITAL_POST_DATA_DIR, else .data/pglite), which
 * only a stopped system leaves free.
 */
const usage = `usage: pnpm ops replay [--from <time|position>] [--to <time|position>]
         [--category <c>]... [--type <t>]... [--stream <id>]... [--sender <id>]...
         [--mailbox <id>]... [--rule-version <v>]... [--release <r>]...
         [--format ndjson|csv] [--out <file>] [<source>]
       pnpm ops reconstruct routing [--from <time|position>] [--to <time|position>]
         [--format json|csv|html] [--out <file>] [<source>]
       pnpm ops reconstruct enrollment [--from <time|position>] [--to <time|position>]
         [--format json|csv|html] [--out <file>] [<source>]
       pnpm ops remediate routing --case <reference> [--from <time|position>]
         [--to <time|position>] [--execute] [--format json|csv] [--out <file>] [<source>]
       pnpm ops state <stream id> [--at <time|position>] [<source>]
where <source> is --database-url <url> | --data-dir <dir> | --api <operator API url>`;

const options = {
  from: { type: 'string' },
  to: { type: 'string' },
  at: { type: 'string' },
  category: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  stream: { type: 'string', multiple: true },
  sender: { type: 'string', multiple: true },
  mailbox: { type: 'string', multiple: true },
  'rule-version': { type: 'string', multiple: true },
  release: { type: 'string', multiple: true },
  format: { type: 'string' },
  out: { type: 'string' },
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  api: { type: 'string' },
  case: { type: 'string' },
  execute: { type: 'boolean' },
} as const;

/** What the command line needs from other services, wired by the platform. */
export interface OpsTools {
  /** Routing's trusted release on this database: letters decided again on a stopped system. */
  redecisionFor?(db: Database): Promise<Pick<RedecisionPort, 'redecide'>>;
  /** Enrollment's rules in force on this database: changes decided again on a stopped system. */
  enrollmentRedecisionFor?(db: Database): Promise<EnrollmentRedecisionPort>;
}

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
  format: z.enum(['ndjson', 'csv']).parse(values.format ?? 'ndjson'),
  ...(values.out !== undefined && { out: values.out }),
});

const filters = ['category', 'type', 'stream', 'sender', 'mailbox', 'rule-version', 'release'];

/** Options another command takes, refused rather than ignored. */
const refuseOthers = (values: Values, command: string, others: string[]) => {
  const given = others.filter((name) => values[name as keyof Values] !== undefined);
  if (given.length > 0) throw new Error(`--${given[0]}: not an option of ${command}`);
};

const stateOf = (values: Values, streamId: string) => {
  refuseOthers(values, 'state', [...filters, 'from', 'to', 'format', 'out', 'case', 'execute']);
  return {
    streamId: z.string().min(1).max(200).parse(streamId),
    at: values.at === undefined ? undefined : boundSchema.parse(values.at),
    query: values.at,
  };
};

/** The window of a reconstruction: parsed for the database, as written for the API. */
const windowOf = (values: Values) => ({
  window: z
    .object({ from: boundSchema.optional(), to: boundSchema.optional() })
    .parse({ from: values.from, to: values.to }),
  query: { from: values.from, to: values.to },
  ...(values.out !== undefined && { out: values.out }),
});

const reconstructionOf = (values: Values) => {
  refuseOthers(values, 'reconstruct', [...filters, 'at', 'case', 'execute']);
  return {
    ...windowOf(values),
    format: z.enum(['json', 'csv', 'html']).parse(values.format ?? 'json'),
  };
};

const enrollmentOf = (values: Values) => {
  refuseOthers(values, 'reconstruct', [...filters, 'at', 'case', 'execute']);
  const format = z.enum(['json', 'csv', 'html']).parse(values.format ?? 'json');
  return { ...windowOf(values), format };
};

const caseOf = (reference: string | undefined) => {
  if (reference === undefined) throw new Error('remediate: --case <reference> names the case');
  const parsed = caseReferenceSchema.safeParse(reference);
  if (!parsed.success) throw new Error(`--case: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
};

const remediationOf = (values: Values) => {
  refuseOthers(values, 'remediate', [...filters, 'at']);
  return {
    ...windowOf(values),
    caseReference: caseOf(values.case),
    execute: values.execute === true,
    format: z.enum(['json', 'csv']).parse(values.format ?? 'json'),
  };
};

const openDatabase = (values: Values): Promise<Database> | Database => {
  const url = values['database-url'] ?? process.env.DIGITAL_POST_DATABASE_URL;
  if (url) return openPgDatabase({ connectionString: url, poolSize: 2 });
  const dataDir = values['data-dir'] ?? process.env.DIGITAL_POST_DATA_DIR ?? '.data/pglite';
  return openPgliteDatabase({ dataDir });
};

/** The operator API when `--api` names it; it needs the operator's token from the environment. */
const apiOf = (values: Values): ApiSource | undefined => {
  if (values.api === undefined) return undefined;
  const url = z.url({ protocol: /^https?$/ }).safeParse(values.api);
  if (!url.success) throw new Error('--api: an http(s) URL of the operator API');
  const token = process.env.DIGITAL_POST_OPERATOR_TOKEN;
  if (!token) throw new Error('--api: DIGITAL_POST_OPERATOR_TOKEN holds no operator token');
  return { kind: 'api', url: url.data.replace(/\/$/, ''), token };
};

type Command =
  | { name: 'replay'; run: ReturnType<typeof replayOf> }
  | { name: 'reconstruct'; run: ReturnType<typeof reconstructionOf> }
  | { name: 'state'; run: ReturnType<typeof stateOf> }
  | { name: 'remediate'; run: ReturnType<typeof remediationOf> }
  | { name: 'enrollment'; run: ReturnType<typeof enrollmentOf> };

const commandOf = (positionals: string[], values: Values): Command | undefined => {
  const [name, subject, ...rest] = positionals;
  if (name === 'replay' && subject === undefined) {
    refuseOthers(values, 'replay', ['at', 'case', 'execute']);
    return { name, run: replayOf(values) };
  }
  if (name === 'state' && subject !== undefined && rest.length === 0) {
    return { name, run: stateOf(values, subject) };
  }
  if (name === 'reconstruct' && subject === 'routing' && rest.length === 0) {
    return { name, run: reconstructionOf(values) };
  }
  if (name === 'reconstruct' && subject === 'enrollment' && rest.length === 0) {
    return { name: 'enrollment', run: enrollmentOf(values) };
  }
  if (name === 'remediate' && subject === 'routing' && rest.length === 0) {
    return { name, run: remediationOf(values) };
  }
  return undefined;
};

/** Runs the command line; answers the exit code (2: the command line was wrong). */
export const ops = async (
  argv: string[],
  err: NodeJS.WritableStream = process.stderr,
  tools: OpsTools = {},
): Promise<number> => {
  const tell = (line: string) => err.write(`${line}\n`);
  let command: Command | undefined;
  let api: ReturnType<typeof apiOf>;
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    command = commandOf(parsed.positionals, parsed.values);
    if (!command) return (tell(usage), 2);
    if (command.name === 'replay' && parsed.values.api !== undefined) {
      throw new Error('--api: replay reads the database');
    }
    api = apiOf(parsed.values);
    if (!api && command.name === 'remediate' && command.run.execute) {
      throw new Error('--execute changes a running system: give its --api');
    }
    const redeciding = command.name === 'reconstruct' || command.name === 'remediate';
    if (!api && redeciding && !tools.redecisionFor) {
      throw new Error(`${command.name}: routing is not here to decide again; use --api`);
    }
    if (!api && command.name === 'enrollment' && !tools.enrollmentRedecisionFor) {
      throw new Error('reconstruct: enrollment is not here to decide again; use --api');
    }
    const database = api ? undefined : await openDatabase(parsed.values);
    return await runCommand(command, api, database, tools, tell);
  } catch (error) {
    tell(`${describe(error)}\n${usage}`);
    return 2;
  }
};

const runCommand = async (
  command: Command,
  api: ReturnType<typeof apiOf>,
  db: Database | undefined,
  tools: OpsTools,
  tell: (line: string) => void,
): Promise<number> => {
  try {
    if (command.name === 'replay') {
      const written = await runReplay(db!, command.run, tell);
      tell(`replay: ${written} events written`);
      return 0;
    }
    if (command.name === 'state') {
      const state = await runState(api ?? db!, command.run);
      process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
      return 0;
    }
    if (command.name === 'enrollment') {
      const redecision = api ? undefined : await tools.enrollmentRedecisionFor!(db!);
      const source = api ?? { kind: 'database' as const, db: db!, redecision: redecision! };
      tell(enrollmentLine(await runEnrollmentReconstruct(source, command.run, tell)));
      return 0;
    }
    const source: Source = api ?? {
      kind: 'database',
      db: db!,
      redecision: await tools.redecisionFor!(db!),
    };
    if (command.name === 'remediate') {
      tell(remediationLine(await runRemediate(source, command.run)));
      return 0;
    }
    const incident = await runReconstruct(source, command.run, tell);
    tell(
      `reconstruct: ${incident.misrouted.length} of ${incident.decisions} letters decided otherwise`,
    );
    return 0;
  } catch (error) {
    tell(`${command.name} failed: ${describe(error)}`);
    return 1;
  } finally {
    await db?.close();
  }
};

/** A validation failure as an operator reads it: each option and what is wrong with it. */
const describe = (error: unknown): string =>
  error instanceof z.ZodError
    ? error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n')
    : error instanceof Error
      ? error.message
      : String(error);
