import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PlatformOptions } from '@digital-post/platform';
import { followForwardingRules, type RouteResolver } from '@digital-post/routing';
import { openPgDatabase } from '@digital-post/event-store';
import { waitFor } from '@digital-post/testing';
import {
  authorityToken,
  bornThirtyYearsAgo,
  clientToken,
  employeeToken,
  enroll,
  forward,
  operatorToken,
  reportToRegisters,
} from '../actors.ts';
import { call } from '../http.ts';
import { launchSystem, type RunningSystem } from '../system.ts';

/** Companies whose post is forwarded: the odd ones to one provider, the even to another. */
export const companies = ['10000001', '10000002', '10000003', '10000004', '10000005', '10000006'];
export const providers = ['20000001', '20000002'];
export const citizens = Array.from({ length: 40 }, (_, i) => `0101${80 + (i % 20)}${1000 + i}`);
/** An authority whose post goes to a provider too. */
export const agency = 'udbetaling';

export const ruleTargetOf = (cvr: string) => `cvr:${providers[Number(cvr.at(-1)) % 2]}`;

/**
 * February 2021's kind of fault, where the delivery invariant cannot see it: the release ignores
 * the forwarding rules of companies whose CVR number ends in an even digit and delivers to the
 * company's own mailbox, where nobody who handles its post looks.
 */
export const ignoresEvenCompaniesRules: RouteResolver = async (request, lookups) => {
  const trusted = await followForwardingRules(request, lookups);
  const { addressee } = request;
  const even = addressee.kind === 'cvr' && Number(addressee.id.at(-1)) % 2 === 0;
  if (!even || trusted.kind !== 'deliver' || trusted.delivery.channel !== 'forwarded') {
    return trusted;
  }
  const delivery = {
    channel: 'digital' as const,
    targetMailboxId: `cvr:${addressee.id}`,
    hops: [],
  };
  return { kind: 'deliver', delivery, basis: 'recipient_enrolled' };
};

type Recipient = { kind: 'cpr' | 'cvr' | 'authority'; id: string };

/** `count` letters from two authorities, one in ten to a company, one in twenty to the agency. */
export const lettersFor = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const recipient: Recipient =
      i % 10 === 0
        ? { kind: 'cvr', id: companies[(i / 10) % companies.length]! }
        : i % 20 === 5
          ? { kind: 'authority', id: agency }
          : { kind: 'cpr', id: citizens[i % citizens.length]! };
    const sender = i % 3 === 0 ? 'skat' : 'kommune-101';
    return { sender, letter: letterFrom(sender, recipient) };
  });

/** A letter an authority hands in through the sender API. */
export const letterFrom = (sender: string, recipient: Recipient) => ({
  messageUUID: randomUUID(),
  sender: { authorityId: sender },
  recipient,
  title: 'Decision on your case',
  documents: [
    {
      role: 'main',
      title: 'Decision',
      files: [{ name: 'decision.pdf', mimeType: 'application/pdf', content: 'JVBERi0xLjQ=' }],
    },
  ],
});

export type SentLetter = ReturnType<typeof lettersFor>[number];

/** Hands the letters in, each authority its own in batches of 500. */
export const handIn = async (system: RunningSystem, letters: SentLetter[]) => {
  for (const sender of ['skat', 'kommune-101']) {
    const token = await authorityToken(system, sender);
    const own = letters.filter((sent) => sent.sender === sender).map((sent) => sent.letter);
    for (let at = 0; at < own.length; at += 500) {
      const answer = await call(system.senderApi, 'POST', '/v1/messages/batch', {
        token,
        body: { messages: own.slice(at, at + 500) },
      });
      if (answer.body.accepted !== Math.min(500, own.length - at)) {
        throw new Error(`batch refused: ${JSON.stringify(answer.body).slice(0, 500)}`);
      }
    }
  }
};

/** The people, companies, providers and rules, through the registers and the operator API. */
export const prepareWorld = async (system: RunningSystem) => {
  await reportToRegisters(
    system,
    citizens.map((cpr) => bornThirtyYearsAgo(cpr)),
  );
  for (const cvr of [...providers, ...companies]) await enroll(system, 'cvr', cvr);
  for (const cvr of companies) await forward(system, `cvr:${cvr}`, ruleTargetOf(cvr));
  await forward(system, `authority:${agency}`, `cvr:${providers[0]}`);
};

/**
 * The system started on the incident's database, with a routing release of the test's, as each
 * deployment of the incident's story would be, and stopped again after the work.
 */
export const deployment = (databaseUrl: string) => {
  const db = openPgDatabase({ connectionString: databaseUrl, poolSize: 2 });
  const decided = async () => {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from events where event_type in ('MessageRouted', 'MessageHeld')`,
    );
    return row!.n;
  };
  return {
    db,
    /** Waits until routing has decided this many letters in all. */
    decided: (expected: number) =>
      waitFor(async () => (await decided()) === expected, {
        timeoutMs: 120_000,
        message: `${expected} letters decided`,
      }),
    run: async (options: PlatformOptions, work: (system: RunningSystem) => Promise<void>) => {
      const { system } = await launchSystem(
        { database: 'postgres', bus: 'embedded' },
        { DIGITAL_POST_DATABASE_URL: databaseUrl },
        options,
      );
      try {
        await work(system);
      } finally {
        await system.close();
      }
    },
  };
};

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * `pnpm ops …` as an operator runs it from the repository, with the operator's token (for
 * `--api`) in the environment; answers what it wrote to standard output.
 */
export const pnpmOps = async (args: string[], env: Record<string, string> = {}) => {
  const { stdout } = await promisify(execFile)('pnpm', ['--silent', 'ops', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
};

/**
 * The breach recorded from the reconstruction, found two days ago: listed as overdue, its
 * preliminary report drafted from the log, then filed (late).
 */
export const handleBreach = async (system: RunningSystem, token: string) => {
  const as = { token, headers: { 'x-operator': 'ops-1' } };
  const foundAt = new Date(Date.now() - 48 * 3_600_000).toISOString();
  const recorded = await call(system.operations, 'POST', '/admin/breaches', {
    ...as,
    body: { kind: 'routing', from: '0', foundAt, caseReference: 'INC-2021-02' },
  });
  if (recorded.status !== 201) throw new Error(`breach refused: ${JSON.stringify(recorded.body)}`);
  const { breachId } = recorded.body as { breachId: string };
  const breaches = `/admin/breaches`;
  const overdue = await call(system.operations, 'GET', `${breaches}?overdue=true`, as);
  const listed = await call(system.operations, 'GET', `${breaches}?overdue=true&format=csv`, as);
  const draft = await call(system.operations, 'GET', `${breaches}/${breachId}/report`, as);
  const page = await call(
    system.operations,
    'GET',
    `${breaches}/${breachId}/report?stage=preliminary&format=html`,
    as,
  );
  const csv = await call(system.operations, 'GET', `${breaches}/${breachId}/report?format=csv`, as);
  const filed = await call(system.operations, 'POST', `${breaches}/${breachId}/preliminary`, {
    ...as,
    body: { authorityReference: 'DT-2021-0001' },
  });
  const metrics = await call(system.operations, 'GET', '/metrics');
  return {
    metrics: metrics.body as string,
    recorded: recorded.body,
    overdue: overdue.body,
    listed: listed.body as string,
    draft: draft.body,
    page: page.body as string,
    csv: csv.body as string,
    filed: filed.body,
  };
};

/** The letters the faulty release misroutes: to companies whose CVR ends in an even digit. */
export const misroutedOf = (letters: SentLetter[]) =>
  letters.filter(
    (sent) =>
      sent.letter.recipient.kind === 'cvr' && Number(sent.letter.recipient.id.at(-1)) % 2 === 0,
  );

/**
 * The company's administrator (appointed by an operator, once per company) asks for a letter in
 * the company's mailbox through the gateway; answers the status.
 */
export const openAsAdministrator = async (
  system: RunningSystem,
  cvr: string,
  messageId: string,
) => {
  const mailbox = `cvr:${cvr}`;
  const token = await operatorToken(system);
  const appointed = await call(system.operations, 'POST', '/admin/access/administrators', {
    token,
    body: { mailboxId: mailbox, employee: { cvr, rid: '1001' }, caseReference: 'E2E-INCIDENT-1' },
  });
  // Appointed before (409) is as good.
  if (![201, 409].includes(appointed.status))
    throw new Error(`appointment refused: ${appointed.status}`);
  const administrator = {
    token: await employeeToken(system, cvr, 'e-boks', '1001'),
    clientToken: await clientToken(system, 'e-boks'),
  };
  return (
    await call(
      system.gateway,
      'GET',
      `/v1/mailboxes/${mailbox}/messages/${messageId}`,
      administrator,
    )
  ).status;
};

/** The company's administrator opens a letter that should have gone to its provider. */
export const openOneAsTheCompany = (system: RunningSystem, sent: SentLetter) =>
  // Delivered by the mailbox once it has caught up after the restart.
  waitFor(
    async () =>
      (await openAsAdministrator(system, sent.letter.recipient.id, sent.letter.messageUUID)) ===
      200,
    { message: 'the misrouted letter opened in the company mailbox' },
  );

export const reconstructed = async (system: RunningSystem) => {
  const answer = await call(system.operations, 'GET', '/admin/incidents/routing?from=0', {
    token: await operatorToken(system),
  });
  if (answer.status !== 200) throw new Error(`reconstruction refused: ${answer.status}`);
  return answer.body;
};
