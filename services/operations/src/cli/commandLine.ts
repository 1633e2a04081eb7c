import { caseReferenceSchema } from '@digital-post/contracts';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { boundSchema, logWindowSchema } from '../replay/logWindow.ts';
import { evidenceCommandOf, type EvidenceCommand } from './evidenceCommandLine.ts';
import type { ApiSource } from './operatorApi.ts';

/**
 * `pnpm ops <command>`: the operators' tools, on the database (a stopped system, or the server
 * of a running one) or through a running system's operator API (`--api <url>`, with an operator
 * token in DIGITAL_POST_OPERATOR_TOKEN: never on the command line, where `ps` shows it). The
 * database is the platform's: `--database-url`, else DIGITAL_POST_DATABASE_URL, else the
 * embedded data directory (`--data-dir`, else DIGITAL_POST_DATA_DIR, else .data/pglite), which
 * only a stopped system leaves free.
 */
export const usage = `usage: pnpm ops replay [--from <time|position>] [--to <time|position>]
         [--category <c>]... [--type <t>]... [--stream <id>]... [--sender <id>]...
         [--mailbox <id>]... [--rule-version <v>]... [--release <r>]...
         [--format ndjson|csv] [--out <file>] [<source>]
       pnpm ops reconstruct routing [--from <time|position>] [--to <time|position>]
         [--format json|csv|html] [--out <file>] [<source>]
       pnpm ops reconstruct enrollment [--from <time|position>] [--to <time|position>]
         [--format json|csv|html] [--out <file>] [<source>]
       pnpm ops remediate routing --case <reference> [--from <time|position>]
         [--to <time|position>] [--execute] [--format json|csv|html] [--out <file>] [<source>]
       pnpm ops remediate enrollment --case <reference> [--from <time|position>]
         [--to <time|position>] [--execute [--enrollment-api <url>]]
         [--format json|csv|html] [--out <file>] [<source>]
       pnpm ops state <stream id> [--at <time|position>] [--format json|csv|html]
         [--out <file>] [<source>]
       pnpm ops verify [--public-key <file>] [--checkpoints <file>] [<database>]
       pnpm ops prove <event id> [--checkpoint <seq>] [--out <file>] [<database>]
       pnpm ops check-proof <proof file> [--public-key <file>]
       pnpm ops checkpoints [--out <file>] [<database>]
where <source> is --database-url <url> | --data-dir <dir> | --api <operator API url>
and <database> is --database-url <url> | --data-dir <dir>`;

export const options = {
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
  'enrollment-api': { type: 'string' },
  'public-key': { type: 'string' },
  checkpoints: { type: 'string' },
  checkpoint: { type: 'string' },
} as const;

export type Values = ReturnType<
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

/** The options of a repair only. */
const REMEDY = ['case', 'execute', 'enrollment-api'];

/** The options of the evidence commands only. */
const EVIDENCE = ['public-key', 'checkpoints', 'checkpoint'];

const filters = ['category', 'type', 'stream', 'sender', 'mailbox', 'rule-version', 'release'];

/** Every result is JSON, CSV for a spreadsheet, or one HTML page for people. */
const reportFormatOf = (values: Values) =>
  z.enum(['json', 'csv', 'html']).parse(values.format ?? 'json');

/** Options another command takes, refused rather than ignored. */
const refuseOthers = (values: Values, command: string, others: string[]) => {
  const given = others.filter((name) => values[name as keyof Values] !== undefined);
  if (given.length > 0) throw new Error(`--${given[0]}: not an option of ${command}`);
};

const stateOf = (values: Values, streamId: string) => {
  refuseOthers(values, 'state', [...filters, 'from', 'to', ...REMEDY, ...EVIDENCE]);
  return {
    streamId: z.string().min(1).max(200).parse(streamId),
    at: values.at === undefined ? undefined : boundSchema.parse(values.at),
    query: values.at,
    format: reportFormatOf(values),
    ...(values.out !== undefined && { out: values.out }),
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
  refuseOthers(values, 'reconstruct', [...filters, 'at', ...REMEDY, ...EVIDENCE]);
  return { ...windowOf(values), format: reportFormatOf(values) };
};

const caseOf = (reference: string | undefined) => {
  if (reference === undefined) throw new Error('remediate: --case <reference> names the case');
  const parsed = caseReferenceSchema.safeParse(reference);
  if (!parsed.success) throw new Error(`--case: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
};

const remediationOf = (values: Values) => {
  refuseOthers(values, 'remediate', [...filters, 'at', 'enrollment-api', ...EVIDENCE]);
  return {
    ...windowOf(values),
    caseReference: caseOf(values.case),
    execute: values.execute === true,
    format: reportFormatOf(values),
  };
};

/** The enrollment service's operations front, when not the operator API's (one per service). */
const enrollmentApiOf = (values: Values): ApiSource | undefined => {
  if (values['enrollment-api'] === undefined) return undefined;
  if (values.execute !== true) throw new Error('--enrollment-api: only with --execute');
  return apiOf({ ...values, api: values['enrollment-api'] });
};

const enrollmentRemediationOf = (values: Values) => {
  refuseOthers(values, 'remediate', [...filters, 'at', ...EVIDENCE]);
  const enrollmentApi = enrollmentApiOf(values);
  return {
    ...windowOf(values),
    caseReference: caseOf(values.case),
    execute: values.execute === true,
    format: reportFormatOf(values),
    ...(enrollmentApi && { enrollmentApi }),
  };
};

/** The operator API when `--api` names it; it needs the operator's token from the environment. */
export const apiOf = (values: Values): ApiSource | undefined => {
  if (values.api === undefined) return undefined;
  const url = z.url({ protocol: /^https?$/ }).safeParse(values.api);
  if (!url.success) throw new Error('--api: an http(s) URL of the operator API');
  const token = process.env.DIGITAL_POST_OPERATOR_TOKEN;
  if (!token) throw new Error('--api: DIGITAL_POST_OPERATOR_TOKEN holds no operator token');
  return { kind: 'api', url: url.data.replace(/\/$/, ''), token };
};

export type Command =
  | { name: 'replay'; run: ReturnType<typeof replayOf> }
  | { name: 'reconstruct'; run: ReturnType<typeof reconstructionOf> }
  | { name: 'state'; run: ReturnType<typeof stateOf> }
  | { name: 'remediate'; run: ReturnType<typeof remediationOf> }
  | { name: 'enrollment'; run: ReturnType<typeof reconstructionOf> }
  | { name: 'enrollment-remedy'; run: ReturnType<typeof enrollmentRemediationOf> }
  | EvidenceCommand;

/** The evidence commands take none of the others' options. */
const EVIDENCE_REFUSES = [...filters, 'from', 'to', 'at', 'format', ...REMEDY];

export const commandOf = (positionals: string[], values: Values): Command | undefined => {
  const [name, subject, ...rest] = positionals;
  if (name === 'replay' && subject === undefined) {
    refuseOthers(values, 'replay', ['at', ...REMEDY, ...EVIDENCE]);
    return { name, run: replayOf(values) };
  }
  if (name === 'state' && subject !== undefined && rest.length === 0) {
    return { name, run: stateOf(values, subject) };
  }
  if (name === 'reconstruct' && subject === 'routing' && rest.length === 0) {
    return { name, run: reconstructionOf(values) };
  }
  if (name === 'reconstruct' && subject === 'enrollment' && rest.length === 0) {
    return { name: 'enrollment', run: reconstructionOf(values) };
  }
  if (name === 'remediate' && subject === 'routing' && rest.length === 0) {
    return { name, run: remediationOf(values) };
  }
  if (name === 'remediate' && subject === 'enrollment' && rest.length === 0) {
    return { name: 'enrollment-remedy', run: enrollmentRemediationOf(values) };
  }
  const evidence = evidenceCommandOf(positionals, values);
  if (evidence) refuseOthers(values, evidence.name, EVIDENCE_REFUSES);
  return evidence;
};
