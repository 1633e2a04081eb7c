import { randomUUID } from 'node:crypto';
import { writeRegisterBatch, type RegisterEvent } from '@digital-post/enrollment';
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
/** A person's token, issued through one viewing client and good only with that client's. */
export const citizenToken = (system: RunningSystem, cpr: string, clientId = 'e-boks') =>
  tokenFor(system, { kind: 'citizen', cpr, clientId });
export const employeeToken = (
  system: RunningSystem,
  cvr: string,
  clientId = 'e-boks',
  rid = '1001',
) => tokenFor(system, { kind: 'employee', cvr, rid, clientId });
export const clientToken = (system: RunningSystem, clientId: string) =>
  tokenFor(system, { kind: 'viewing-client', clientId });

let registerBatches = 0;

/** The registers deliver a batch file to the system's register feed; the enrollment service reads it. */
export const reportToRegisters = async (system: RunningSystem, events: RegisterEvent[]) => {
  registerBatches += 1;
  const batchId = `e2e-${String(registerBatches).padStart(8, '0')}`;
  await writeRegisterBatch(system.registerFeedDir, batchId, events);
};

/** The population register reports a citizen born 30 years ago, living in `residenceCountry`. */
export const bornThirtyYearsAgo = (cpr: string, residenceCountry = 'DK'): RegisterEvent => ({
  id: `e2e-born-${randomUUID()}`,
  register: 'population',
  type: 'born',
  cpr,
  birthDate: `${new Date().getUTCFullYear() - 30}-01-01`,
  residenceCountry,
});

/**
 * Enrolls a citizen or company as it happens in production: the population register reports a
 * citizen born 30 years ago in Denmark (the company register a company registered), in a batch
 * file in the system's register feed; the enrollment service reads it and enrolls them. Waits
 * until the sender API, which an authority asks before sending, says digital.
 */
export const enroll = async (system: RunningSystem, kind: 'cpr' | 'cvr', id: string) => {
  const event: RegisterEvent =
    kind === 'cpr'
      ? bornThirtyYearsAgo(id)
      : {
          id: `e2e-registered-${randomUUID()}`,
          register: 'company',
          type: 'registered',
          cvr: id,
          registeredOn: '2020-01-01',
        };
  await reportToRegisters(system, [event]);
  return reachabilityIs(system, kind, id, 'digital');
};

/** Waits until the sender API answers `channel` for the recipient. */
export const reachabilityIs = async (
  system: RunningSystem,
  kind: 'cpr' | 'cvr',
  id: string,
  channel: 'digital' | 'paper',
) => {
  const token = await authorityToken(system);
  return waitFor(
    async () => {
      const answer = await call(system.senderApi, 'GET', `/v1/reachability/${kind}/${id}`, {
        token,
      });
      return answer.body.channel === channel && answer.body;
    },
    { message: `${kind} ${id} reachable: ${channel}` },
  );
};

/**
 * Exempts a citizen or company (fritagelse) as an operator does, on the enrollment service's
 * operator route with a case reference, and waits until the sender API says paper.
 */
export const exempt = async (system: RunningSystem, kind: 'cpr' | 'cvr', id: string) => {
  const operations = system.enrollmentOperations ?? system.operations;
  const granted = await call(operations, 'POST', '/admin/enrollment/exemptions', {
    token: await operatorToken(system),
    body: {
      subject: { kind, id },
      grantedBy: 'kommune-101',
      validUntil: null,
      caseReference: 'E2E-2',
    },
  });
  if (granted.status !== 201) throw new Error(`exemption refused: ${JSON.stringify(granted.body)}`);
  return reachabilityIs(system, kind, id, 'paper');
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
