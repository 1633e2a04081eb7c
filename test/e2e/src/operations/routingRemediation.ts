import type { Database } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import { authorityToken, operatorToken } from '../actors.ts';
import { call } from '../http.ts';
import type { RunningSystem } from '../system.ts';
import {
  misroutedOf,
  openAsAdministrator,
  pnpmOps,
  ruleTargetOf,
  type SentLetter,
} from './routingIncidentWorld.ts';

const CASE = 'INC-2021-02';

/** How many of the letters the log shows delivered into the mailboxes they belonged in. */
const deliveredWhereTheyBelong = async (db: Database, letters: SentLetter[]) => {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from events
      where event_type = 'MessageDelivered'
        and data->>'messageId' || ' ' || (data->>'mailboxId') = any($1::text[])`,
    [letters.map((sent) => `${sent.letter.messageUUID} ${ruleTargetOf(sent.letter.recipient.id)}`)],
  );
  return row!.n;
};

/**
 * The incident repaired through the command line on the running system's operator API: a dry
 * run, the plan carried out, and carried out again; then what the wrong recipient, the right one
 * and the sender see of the letter the company had opened.
 */
export const remediate = async (system: RunningSystem, db: Database, during: SentLetter[]) => {
  const env = { DIGITAL_POST_OPERATOR_TOKEN: await operatorToken(system) };
  const args = ['remediate', 'routing', '--from', '0', '--case', CASE, '--api', system.operations];
  const dryRun = JSON.parse(await pnpmOps(args, env));
  const executed = JSON.parse(await pnpmOps([...args, '--execute'], env));
  const again = await pnpmOps([...args, '--execute', '--format', 'csv'], env);
  const page = await call(
    system.operations,
    'POST',
    '/admin/incidents/routing/remediation?format=html',
    {
      token: env.DIGITAL_POST_OPERATOR_TOKEN,
      headers: { 'x-operator': 'ops-1' },
      body: { from: '0', caseReference: CASE },
    },
  );
  const misrouted = misroutedOf(during);
  await waitFor(async () => (await deliveredWhereTheyBelong(db, misrouted)) === misrouted.length, {
    timeoutMs: 60_000,
    message: 'every misrouted letter delivered where it belonged',
  });
  const opened = misrouted[0]!.letter;
  const provider = ruleTargetOf(opened.recipient.id).slice('cvr:'.length);
  const status = await call(system.senderApi, 'GET', `/v1/messages/${opened.messageUUID}`, {
    token: await authorityToken(system, misrouted[0]!.sender),
  });
  return {
    dryRun,
    executed,
    again,
    page: page.body as string,
    wrongRecipientSees: await openAsAdministrator(system, opened.recipient.id, opened.messageUUID),
    rightRecipientSees: await openAsAdministrator(system, provider, opened.messageUUID),
    senderSees: status.body as { history: { status: string; details: object }[] },
  };
};
