import { parseArgs } from 'node:util';
import type { EnrollmentRedecisionPort, RedecisionPort } from '@digital-post/contracts';
import { openPgDatabase, openPgliteDatabase, type Database } from '@digital-post/event-store';
import { z } from 'zod';
import { apiOf, commandOf, options, usage, type Command, type Values } from './commandLine.ts';
import { runReconstruct, type Source } from './reconstructCommand.ts';
import { remediationLine, runRemediate } from './remediateCommand.ts';
import { enrollmentLine, runEnrollmentReconstruct } from './enrollmentCommand.ts';
import { enrollmentRemediationLine, runEnrollmentRemediate } from './remediateEnrollment.ts';
import { runReplay } from './replayCommand.ts';
import { runState } from './stateCommand.ts';
import type { EvidenceCommand } from './evidenceCommandLine.ts';
import { runEvidence } from './evidenceCommands.ts';

/** What the command line needs from other services, wired by the platform. */
export interface OpsTools {
  /** Routing's trusted release on this database: letters decided again on a stopped system. */
  redecisionFor?(db: Database): Promise<Pick<RedecisionPort, 'redecide'>>;
  /** Enrollment's rules in force on this database: changes decided again on a stopped system. */
  enrollmentRedecisionFor?(db: Database): Promise<EnrollmentRedecisionPort>;
}

const openDatabase = (values: Values): Promise<Database> | Database => {
  const url = values['database-url'] ?? process.env.DIGITAL_POST_DATABASE_URL;
  if (url) return openPgDatabase({ connectionString: url, poolSize: 2 });
  const dataDir = values['data-dir'] ?? process.env.DIGITAL_POST_DATA_DIR ?? '.data/pglite';
  return openPgliteDatabase({ dataDir });
};

const EVIDENCE_COMMANDS = new Set(['verify', 'prove', 'check-proof', 'checkpoints']);

const isEvidence = (command: Command): command is EvidenceCommand =>
  EVIDENCE_COMMANDS.has(command.name);

/** Commands that read the log itself, never through a running system's API. */
const readsTheDatabase = (command: Command): boolean =>
  command.name === 'replay' || isEvidence(command);

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
    if (readsTheDatabase(command) && parsed.values.api !== undefined) {
      throw new Error(`--api: ${command.name} reads the database`);
    }
    api = apiOf(parsed.values);
    const executes = 'execute' in command.run && command.run.execute;
    if (!api && executes) {
      throw new Error('--execute changes a running system: give its --api');
    }
    const redeciding = command.name === 'reconstruct' || command.name === 'remediate';
    if (!api && redeciding && !tools.redecisionFor) {
      throw new Error(`${command.name}: routing is not here to decide again; use --api`);
    }
    const ofEnrollment = command.name === 'enrollment' || command.name === 'enrollment-remedy';
    if (!api && ofEnrollment && !tools.enrollmentRedecisionFor) {
      throw new Error(`${command.name}: enrollment is not here to decide again; use --api`);
    }
    const offline = command.name === 'check-proof';
    const database = api || offline ? undefined : await openDatabase(parsed.values);
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
    if (isEvidence(command)) return await runEvidence(command, db, tell);
    if (command.name === 'replay') {
      const written = await runReplay(db!, command.run, tell);
      tell(`replay: ${written} events written`);
      return 0;
    }
    if (command.name === 'state') {
      await runState(api ?? db!, command.run);
      return 0;
    }
    if (command.name === 'enrollment' || command.name === 'enrollment-remedy') {
      const redecision = api ? undefined : await tools.enrollmentRedecisionFor!(db!);
      const source = api ?? { kind: 'database' as const, db: db!, redecision: redecision! };
      tell(
        command.name === 'enrollment'
          ? enrollmentLine(await runEnrollmentReconstruct(source, command.run, tell))
          : enrollmentRemediationLine(await runEnrollmentRemediate(source, command.run, tell)),
      );
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
