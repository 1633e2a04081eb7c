import { createHash, randomUUID } from 'node:crypto';
import { waitFor } from '@digital-post/testing';
import {
  authorityToken,
  bornThirtyYearsAgo,
  citizenToken,
  clientToken,
  employeeToken,
  letterTo,
  operatorToken,
  reachabilityIs,
  reportToRegisters,
} from '../actors.ts';
import { send, statusReaches } from '../flows.ts';
import { call } from '../http.ts';
import type { HostileSystem } from './hostileSystem.ts';

/** A person at a viewing client: the two headers every gateway request carries. */
export interface Viewer {
  cpr: string;
  mailboxId: string;
  headers: { authorization: string; 'x-client-token': string };
}

/**
 * What the samples need that only real use of the system makes: letters delivered, a folder,
 * cursors and states handed out by real pages, a forwarding rule, notice details.
 */
export interface Fixture {
  system: HostileSystem;
  citizen: Viewer;
  /** Receives the letters that hostile requests to the sender API manage to send. */
  sink: Viewer;
  /** A person the registers know, whom the citizen gives access and takes it back. */
  holderCpr: string;
  /** A company's administrator, whom an operator named, with the company's notice details. */
  organisation: { mailboxId: string; headers: Viewer['headers'] };
  authority: { authorization: string };
  operator: { authorization: string };
  /** Delivered to the citizen, replies allowed: read, unread, opened, answered. */
  letterId: string;
  /** Delivered to the citizen: moved about and deleted, then put back. */
  movableLetterId: string;
  fileSha256: string;
  folderId: string;
  listCursor: string;
  mailboxState: string;
  eventLogCursor: string;
  receiptsCursor: string;
  /** A letter the sink wrote to the authority, for an answer's `inReplyTo`. */
  sinkLetterId: string;
  /** The authority's incoming feed as it handed out the sink's letter: its cursor and file. */
  incoming: { cursor: string; fileSha256: string };
  ruleMailboxId: string;
}

const PDF = '%PDF-1.4 tax statement';
export const fileOfLetters = {
  content: Buffer.from(PDF).toString('base64'),
  sha256: createHash('sha256').update(PDF).digest('hex'),
};

export const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

const viewerOf = async (system: HostileSystem, cpr: string): Promise<Viewer> => ({
  cpr,
  mailboxId: `cpr:${cpr}`,
  headers: {
    authorization: `Bearer ${await citizenToken(system, cpr)}`,
    'x-client-token': await clientToken(system, 'e-boks'),
  },
});

/** Throws with the answer when a step of the preparation is refused: the samples need them all. */
export const expectOk = <T extends { status: number; body: unknown }>(answer: T, step: string) => {
  if (answer.status >= 300)
    throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
};

export const asViewer = (system: HostileSystem, viewer: Viewer) => ({
  get: (path: string) => call(system.gateway, 'GET', path, { headers: viewer.headers }),
  post: (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(system.gateway, 'POST', path, { headers: { ...viewer.headers, ...headers }, body }),
  put: (path: string, body: unknown) =>
    call(system.gateway, 'PUT', path, { headers: viewer.headers, body }),
});

const deliver = async (system: HostileSystem, letter: ReturnType<typeof letterTo>) => {
  expectOk(await send(system, letter), 'sending a letter');
  await statusReaches(system, letter.messageUUID, 'delivered');
  return letter.messageUUID;
};

const writeToAuthority = async (system: HostileSystem, viewer: Viewer) => {
  const written = await asViewer(system, viewer).post(
    `/v1/mailboxes/${viewer.mailboxId}/messages`,
    {
      to: { authorityId: 'skat' },
      title: 'A question',
      text: 'About my statement',
    },
  );
  return expectOk(written, 'writing to the authority').body.messageId as string;
};

/** The sink's letter, once the authority's incoming feed hands it out. */
const writtenToAuthority = async (system: HostileSystem, sink: Viewer) => {
  const sinkLetterId = await writeToAuthority(system, sink);
  const token = await authorityToken(system);
  const incoming = await waitFor(async () => {
    const page = expectOk(
      await call(system.senderApi, 'GET', '/v1/incoming?limit=100', { token }),
      'the incoming letters',
    ).body as { next: string; letters: IncomingLetter[] };
    const letter = page.letters.find((candidate) => candidate.messageUUID === sinkLetterId);
    return letter && { cursor: page.next, fileSha256: letter.documents[0]!.files[0]!.sha256 };
  });
  return { sinkLetterId, incoming };
};

interface IncomingLetter {
  messageUUID: string;
  documents: Array<{ files: Array<{ sha256: string }> }>;
}

export const prepareFixture = async (system: HostileSystem): Promise<Fixture> => {
  const [citizenCpr, sinkCpr, holderCpr] = ['0101851234', '0202852345', '0303853456'];
  const people = [citizenCpr, sinkCpr, holderCpr];
  await reportToRegisters(
    system,
    people.map((cpr) => bornThirtyYearsAgo(cpr)),
  );
  for (const cpr of people) await reachabilityIs(system, 'cpr', cpr, 'digital');
  const citizen = await viewerOf(system, citizenCpr);
  const sink = await viewerOf(system, sinkCpr);
  const recipient = { kind: 'cpr' as const, id: citizenCpr };
  const reply = {
    allowed: true,
    replyByDateTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  };
  const letterId = await deliver(system, letterTo(recipient, { reply }));
  const movableLetterId = await deliver(system, letterTo(recipient));
  await deliver(system, letterTo(recipient));
  const folder = await asViewer(system, citizen).post(
    `/v1/mailboxes/${citizen.mailboxId}/folders`,
    {
      name: 'Kept',
    },
  );
  return {
    system,
    citizen,
    sink,
    holderCpr,
    organisation: await organisationAdministered(system, await operatorToken(system)),
    authority: { authorization: `Bearer ${await authorityToken(system)}` },
    operator: { authorization: `Bearer ${await operatorToken(system)}` },
    letterId,
    movableLetterId,
    fileSha256: fileOfLetters.sha256,
    folderId: expectOk(folder, 'creating a folder').body.folderId as string,
    ...(await pagesOf(system, citizen, letterId)),
    ...(await writtenToAuthority(system, sink)),
    ruleMailboxId: (await addForwardingRule(system, await operatorToken(system))).mailboxId,
  };
};

/** Cursors and states as real pages hand them out, and notice details to read and confirm. */
const pagesOf = async (system: HostileSystem, citizen: Viewer, letterId: string) => {
  const viewer = asViewer(system, citizen);
  const mailbox = `/v1/mailboxes/${citizen.mailboxId}`;
  expectOk(await viewer.get(`${mailbox}/messages/${letterId}`), 'opening a letter');
  const listed = expectOk(await viewer.get(`${mailbox}/messages?limit=1`), 'listing').body;
  const log = expectOk(await viewer.get(`${mailbox}/event-log?limit=1`), 'the event log').body;
  const receipts = await call(system.senderApi, 'GET', '/v1/receipts?limit=1', {
    token: await authorityToken(system),
  });
  const details = { phone: '+4512345678', email: 'citizen@example.dk' };
  expectOk(await viewer.put('/v1/me/notice-details', details), 'notice details');
  return {
    listCursor: required(listed.nextCursor, 'a cursor from the listing'),
    mailboxState: required(listed.state, 'a mailbox state'),
    eventLogCursor: required(log.nextCursor, 'a cursor from the event log'),
    receiptsCursor: required(expectOk(receipts, 'receipts').body.next, 'a receipts cursor'),
  };
};

const required = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`no ${what}: ${String(value)}`);
  return value;
};

/** An operator names a company's administrator, who registers the company's notice details. */
const organisationAdministered = async (system: HostileSystem, operator: string) => {
  const employee = { cvr: '23456789', rid: '1' };
  const mailboxId = `cvr:${employee.cvr}`;
  const appointed = await call(system.operations, 'POST', '/admin/access/administrators', {
    token: operator,
    body: { mailboxId, employee, caseReference: 'HOSTILE-ADMIN-1' },
  });
  expectOk(appointed, 'naming an administrator');
  const headers = {
    authorization: `Bearer ${await employeeToken(system, employee.cvr, 'e-boks', employee.rid)}`,
    'x-client-token': await clientToken(system, 'e-boks'),
  };
  const details = { phone: '+4587654321', email: 'post@example.dk' };
  const path = `/v1/mailboxes/${mailboxId}/notice-details`;
  expectOk(await call(system.gateway, 'PUT', path, { headers, body: details }), 'its details');
  return { mailboxId, headers };
};

/** A forwarding rule on an authority's mailbox no letter is addressed to: harmless to change. */
export const addForwardingRule = async (system: HostileSystem, operator: string) => {
  const mailboxId = `authority:hostile-${randomUUID().slice(0, 8)}`;
  const ruleId = randomUUID();
  const added = await call(
    system.operations,
    'POST',
    `/admin/mailboxes/${mailboxId}/forwarding-rules`,
    {
      token: operator,
      body: { ruleId, targetMailboxId: 'cvr:87654321' },
    },
  );
  expectOk(added, 'adding a forwarding rule');
  return { mailboxId, ruleId };
};

/** Where a letter is now, and its version, from listings (which write nothing). */
export const findLetter = async (fx: Fixture, messageId: string) =>
  waitFor(
    async () => {
      for (const folder of ['inbox', 'archive', 'trash', fx.folderId]) {
        const page = await asViewer(fx.system, fx.citizen).get(
          `/v1/mailboxes/${fx.citizen.mailboxId}/messages?folder=${folder}&limit=100`,
        );
        const found = (page.body.messages ?? []).find(
          (m: { messageId: string }) => m.messageId === messageId,
        ) as { folderId: string; version: number } | undefined;
        if (found) return found;
      }
      return undefined;
    },
    { message: `letter ${messageId} in a folder` },
  );
