import { readFile, writeFile } from 'node:fs/promises';
import type { Database } from '@digital-post/event-store';
import type { Checkpoint } from '../evidence/checkpoint.ts';
import { publicKeyOf } from '../evidence/checkpointKey.ts';
import { checkProof } from '../evidence/checkProof.ts';
import { proveEvent, type EventProof } from '../evidence/proof.ts';
import { verifyChain, type Verification } from '../evidence/verifyChain.ts';
import type { EvidenceCommand } from './evidenceCommandLine.ts';
import { throttled } from './progressLine.ts';

const write = async (text: string, out?: string) => {
  if (out) await writeFile(out, text);
  else process.stdout.write(text);
};

/** Checkpoints kept outside the database: one JSON object a line, as `checkpoints` writes them. */
const keptCheckpoints = async (file: string): Promise<Checkpoint[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { payload, signature } = JSON.parse(line) as Checkpoint;
      return { payload, signature };
    });

const verificationLine = (v: Verification): string => {
  if (v.intact) return `verify: intact: ${v.chained} events, ${v.checkpoints} checkpoints`;
  const first = v.firstMismatch;
  const event = first
    ? `the first event that does not match: position ${first.position} (${first.problem}${first.eventId ? `, event ${first.eventId}, ${first.eventType}` : ''})`
    : 'every event matches its leaf';
  return `verify: NOT INTACT: ${event}; ${v.checkpointProblems.length} checkpoint problems`;
};

const runVerify = async (
  db: Database,
  run: Extract<EvidenceCommand, { name: 'verify' }>['run'],
  tell: (line: string) => void,
): Promise<number> => {
  const publicKey = publicKeyOf(await readFile(run.publicKeyFile, 'utf8'));
  const kept = run.checkpointsFile ? await keptCheckpoints(run.checkpointsFile) : undefined;
  const report = throttled((line: string) => tell(line));
  const verification = await verifyChain(db, {
    publicKey,
    ...(kept && { kept }),
    onProgress: (checked, of, seconds) =>
      report.tell(
        `verify: ${checked.toLocaleString('en')} of ${of.toLocaleString('en')} events, ${Math.round(checked / Math.max(seconds, 0.001)).toLocaleString('en')} events/s`,
      ),
  });
  report.done();
  await write(`${JSON.stringify(verification, null, 2)}\n`);
  tell(verificationLine(verification));
  return verification.intact ? 0 : 1;
};

const runCheckProof = async (
  run: Extract<EvidenceCommand, { name: 'check-proof' }>['run'],
  tell: (line: string) => void,
): Promise<number> => {
  const proof = JSON.parse(await readFile(run.proofFile, 'utf8')) as EventProof;
  const check = checkProof(proof, publicKeyOf(await readFile(run.publicKeyFile, 'utf8')));
  if (!check.holds) {
    tell(`check-proof: does NOT hold: ${check.why}`);
    return 1;
  }
  const [, position, eventId, , , type] = check.event as [
    string,
    number,
    string,
    string,
    number,
    string,
  ];
  tell(
    `check-proof: holds: event ${eventId} (${type}, position ${position}) is in checkpoint ${check.statement.seq} of ${check.statement.signedAt}`,
  );
  return 0;
};

/** Runs an evidence command; answers the exit code (1: not intact, or the proof does not hold). */
export const runEvidence = async (
  command: EvidenceCommand,
  db: Database | undefined,
  tell: (line: string) => void,
): Promise<number> => {
  if (command.name === 'check-proof') return runCheckProof(command.run, tell);
  if (command.name === 'verify') return runVerify(db!, command.run, tell);
  if (command.name === 'prove') {
    const proof = await proveEvent(db!, command.run.eventId, command.run);
    await write(`${JSON.stringify(proof, null, 2)}\n`, command.run.out);
    tell(
      `prove: event ${command.run.eventId} against checkpoint ${JSON.parse(proof.checkpoint.payload).seq}`,
    );
    return 0;
  }
  const rows = await db!.query<Checkpoint>(
    'select payload, signature from operations.chain_checkpoints order by seq',
  );
  await write(
    rows
      .map((row) => `${JSON.stringify({ payload: row.payload, signature: row.signature })}\n`)
      .join(''),
    command.run.out,
  );
  tell(`checkpoints: ${rows.length} written`);
  return 0;
};
