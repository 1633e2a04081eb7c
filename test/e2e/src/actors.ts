import { randomUUID } from 'node:crypto';
import { waitFor } from '@digital-post/testing';
import { call } from './http.ts';
import type { RunningSystem } from './system.ts';

/** Tokens from the development issuer, through the operations API as the README shows. */
export const tokenFor = async (system: RunningSystem, principal: object): Promise<string> => {
  const answer = await call(system.operations, 'POST', '/dev/tokens', { body: principal });
  if (answer.status !== 200) throw new Error(`no token: ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
};

export const operatorToken = (system: RunningSystem) =>
  tokenFor(system, { kind: 'operator', operatorId: 'ops-1' });
export const authorityToken = (system: RunningSystem, authorityId = 'skat') =>
  tokenFor(system, { kind: 'authority-system', authorityId, systemId: 'letters' });
export const citizenToken = (system: RunningSystem, cpr: string) =>
  tokenFor(system, { kind: 'citizen', cpr });
export const employeeToken = (system: RunningSystem, cvr: string) =>
  tokenFor(system, { kind: 'employee', cvr, rid: '1001' });
export const clientToken = (system: RunningSystem, clientId: string) =>
  tokenFor(system, { kind: 'viewing-client', clientId });

export const enroll = async (
  system: RunningSystem,
  kind: 'cpr' | 'cvr',
  id: string,
  { waitUntilReachable = true } = {},
) => {
  const answer = await call(system.operations, 'POST', '/admin/enrollments', {
    token: await operatorToken(system),
    body: {
      action: 'enroll',
      subject: { kind, id },
      caseReference: 'E2E-1',
      cause: kind === 'cpr' ? 'reached_age_15' : 'registered',
    },
  });
  if (answer.status >= 300) throw new Error(`enroll failed: ${JSON.stringify(answer.body)}`);
  if (!waitUntilReachable) return;
  // Routing learns of enrollments from the bus; an authority checks reachability before sending.
  const token = await authorityToken(system);
  await waitFor(
    async () =>
      (await call(system.senderApi, 'GET', `/v1/reachability/${kind}/${id}`, { token })).body
        .channel === 'digital',
    { message: `${kind} ${id} reachable digitally` },
  );
};

/** Adds a forwarding rule as an operator and waits until routing applies it. */
export const forward = async (system: RunningSystem, from: string, to: string) => {
  const token = await operatorToken(system);
  const rules = `/admin/mailboxes/${from}/forwarding-rules`;
  const added = await call(system.operations, 'POST', rules, {
    token,
    body: { targetMailboxId: to },
  });
  if (added.status !== 201) throw new Error(`rule refused: ${JSON.stringify(added.body)}`);
  await waitFor(
    async () =>
      (await call(system.operations, 'GET', rules, { token })).body.rules.some(
        (rule: { targetMailboxId: string; active: boolean }) =>
          rule.active && rule.targetMailboxId === to,
      ),
    { message: `forwarding ${from} to ${to} in force` },
  );
};

/** A small letter from an authority, with one main document. */
export const letterTo = (
  recipient: { kind: 'cpr' | 'cvr' | 'authority'; id: string },
  extra: Record<string, unknown> = {},
) => ({
  messageUUID: randomUUID(),
  sender: { authorityId: 'skat' },
  recipient,
  title: 'Your annual tax statement',
  documents: [
    {
      role: 'main',
      title: 'Annual statement',
      files: [
        {
          name: 'statement.pdf',
          mimeType: 'application/pdf',
          content: Buffer.from('%PDF-1.4 tax statement').toString('base64'),
        },
      ],
    },
  ],
  ...extra,
});
