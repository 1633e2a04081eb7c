import type { Deployment } from '../system.ts';
import { randomUUID } from 'node:crypto';
import { asViewer, expectOk, findLetter, type Fixture } from './fixture.ts';
import { forensicsSamples } from './forensicsSamples.ts';
import { operationsSamples, senderApiSamples } from './otherSamples.ts';
import type { RequestSpec } from './request.ts';
import { call } from '../http.ts';

export type Front = 'gateway' | 'senderApi' | 'operations';

export type SampleParts = Partial<Omit<RequestSpec, 'method' | 'path'>>;

/** One valid request of an operation, built afresh for every use. */
export interface Sample {
  front: Front;
  /** Parameters the front sets itself whatever the client sends: any value may be accepted. */
  lenient?: string[];
  /** Where the route exists in some deployments only (the relay's, on Kafka). */
  deployments?: Deployment[];
  /**
   * The parts of the request. Where the request changes what it acts on (deletes it, moves
   * it), this first puts a fresh target in place through the public APIs, so that only the one
   * replaced parameter can be why a hostile request fails.
   */
  build(fx: Fixture): Promise<SampleParts>;
}

/** Keyed `METHOD /path/{param}` as the OpenAPI documents name operations; `#…` marks a variant. */
export type SampleTable = Record<string, Sample>;

export const operationOf = (key: string): string => key.split('#')[0]!;

export const short = () => randomUUID().slice(0, 8);

const attachment = {
  name: 'note.txt',
  mimeType: 'text/plain',
  contentBase64: Buffer.from('a note').toString('base64'),
};

/** A citizen at a viewing client, in their own mailbox. */
const inMailbox = (fx: Fixture, params: Record<string, string> = {}): SampleParts => ({
  params: { mailboxId: fx.citizen.mailboxId, ...params },
  headers: { ...fx.citizen.headers },
});

/** A company's administrator at a viewing client, in the company's mailbox. */
const asAdministrator = (fx: Fixture): SampleParts => ({
  params: { mailboxId: fx.organisation.mailboxId },
  headers: { ...fx.organisation.headers },
});

const gateway = (build: Sample['build']): Sample => ({ front: 'gateway', build });

/** A letter's current version as its ETag, for the changes that name what the client saw. */
const ifMatchOf = async (fx: Fixture, messageId: string) => ({
  'if-match': `"${(await findLetter(fx, messageId)).version}"`,
});

const withIfMatch = async (fx: Fixture, messageId: string): Promise<SampleParts> => {
  const parts = inMailbox(fx, { messageId });
  return { ...parts, headers: { ...parts.headers, ...(await ifMatchOf(fx, messageId)) } };
};

/** The movable letter back in the inbox, so a delete moves it to the trash and no further. */
const movableInInbox = async (fx: Fixture) => {
  const { folderId, version } = await findLetter(fx, fx.movableLetterId);
  if (folderId === 'inbox') return;
  const path = `/v1/mailboxes/${fx.citizen.mailboxId}/messages/${fx.movableLetterId}/move`;
  const headers = { 'if-match': `"${version}"` };
  expectOk(
    await asViewer(fx.system, fx.citizen).post(path, { folderId: 'inbox' }, headers),
    'back',
  );
};

const newFolder = async (fx: Fixture): Promise<string> => {
  const path = `/v1/mailboxes/${fx.citizen.mailboxId}/folders`;
  const created = await asViewer(fx.system, fx.citizen).post(path, { name: `Gone ${short()}` });
  return expectOk(created, 'creating a folder').body.folderId as string;
};

const gatewaySamples: SampleTable = {
  'GET /v1/mailboxes': gateway(async (fx) => ({ headers: { ...fx.citizen.headers } })),
  'GET /v1/mailboxes/{mailboxId}/folders': gateway(async (fx) => inMailbox(fx)),
  'POST /v1/mailboxes/{mailboxId}/folders': gateway(async (fx) => ({
    ...inMailbox(fx),
    body: { name: `Folder ${short()}` },
  })),
  'PUT /v1/mailboxes/{mailboxId}/folders/{folderId}/name': gateway(async (fx) => ({
    ...inMailbox(fx, { folderId: fx.folderId }),
    body: { name: `Kept ${short()}` },
  })),
  'DELETE /v1/mailboxes/{mailboxId}/folders/{folderId}': gateway(async (fx) =>
    inMailbox(fx, { folderId: await newFolder(fx) }),
  ),
  'GET /v1/mailboxes/{mailboxId}/messages': gateway(async (fx) => ({
    ...inMailbox(fx),
    query: { folder: 'inbox', unreadOnly: 'false', cursor: fx.listCursor, limit: '10' },
  })),
  'POST /v1/mailboxes/{mailboxId}/messages': gateway(async (fx) => ({
    ...inMailbox(fx),
    body: {
      to: { authorityId: 'skat' },
      title: 'A question about my statement',
      text: 'Why is line 3 what it is?',
      attachments: [attachment],
    },
  })),
  'GET /v1/mailboxes/{mailboxId}/messages/{messageId}': gateway(async (fx) =>
    inMailbox(fx, { messageId: fx.letterId }),
  ),
  'DELETE /v1/mailboxes/{mailboxId}/messages/{messageId}': gateway(async (fx) => {
    await movableInInbox(fx);
    return withIfMatch(fx, fx.movableLetterId);
  }),
  'GET /v1/mailboxes/{mailboxId}/messages/{messageId}/files/{sha256}': gateway(async (fx) =>
    inMailbox(fx, { messageId: fx.letterId, sha256: fx.fileSha256 }),
  ),
  'POST /v1/mailboxes/{mailboxId}/messages/{messageId}/read': gateway(async (fx) =>
    withIfMatch(fx, fx.letterId),
  ),
  'POST /v1/mailboxes/{mailboxId}/messages/{messageId}/unread': gateway(async (fx) =>
    withIfMatch(fx, fx.letterId),
  ),
  'POST /v1/mailboxes/{mailboxId}/messages/{messageId}/move': gateway(async (fx) => {
    const { folderId } = await findLetter(fx, fx.movableLetterId);
    const target = folderId === fx.folderId ? 'archive' : fx.folderId;
    return { ...(await withIfMatch(fx, fx.movableLetterId)), body: { folderId: target } };
  }),
  'POST /v1/mailboxes/{mailboxId}/messages/{messageId}/replies': gateway(async (fx) => ({
    ...inMailbox(fx, { messageId: fx.letterId }),
    body: { title: 'Re: your statement', text: 'Thank you.', attachments: [attachment] },
  })),
  'GET /v1/mailboxes/{mailboxId}/changes': gateway(async (fx) => ({
    ...inMailbox(fx),
    query: { sinceState: fx.mailboxState, maxChanges: '10' },
  })),
  'GET /v1/mailboxes/{mailboxId}/event-log': gateway(async (fx) => ({
    ...inMailbox(fx),
    query: { cursor: fx.eventLogCursor, limit: '10' },
  })),
  'GET /v1/mailboxes/{mailboxId}/events': gateway(async (fx) => inMailbox(fx)),
  'GET /v1/me/notice-details': gateway(async (fx) => ({ headers: { ...fx.citizen.headers } })),
  'PUT /v1/me/notice-details': gateway(async (fx) => ({
    headers: { ...fx.citizen.headers },
    body: { phone: '+4512345678', email: 'citizen@example.dk' },
  })),
  'POST /v1/me/notice-details/confirmation': gateway(async (fx) => {
    const details = await asViewer(fx.system, fx.citizen).get('/v1/me/notice-details');
    const { detailsVersion } = expectOk(details, 'notice details').body as {
      detailsVersion: number;
    };
    return { headers: { ...fx.citizen.headers }, body: { detailsVersion } };
  }),
  'GET /v1/mailboxes/{mailboxId}/notice-details': gateway(async (fx) => asAdministrator(fx)),
  'PUT /v1/mailboxes/{mailboxId}/notice-details': gateway(async (fx) => ({
    ...asAdministrator(fx),
    body: { phone: '+4587654321', email: 'post@example.dk' },
  })),
  'POST /v1/mailboxes/{mailboxId}/notice-details/confirmation': gateway(async (fx) => {
    const { mailboxId } = fx.organisation;
    const path = `/v1/mailboxes/${mailboxId}/notice-details`;
    const details = await call(fx.system.gateway, 'GET', path, {
      headers: fx.organisation.headers,
    });
    const { detailsVersion } = expectOk(details, 'the company’s details').body as {
      detailsVersion: number;
    };
    return { ...asAdministrator(fx), body: { detailsVersion } };
  }),
  'GET /v1/me/enrollment': gateway(async (fx) => ({ headers: { ...fx.citizen.headers } })),
  'GET /v1/me/mailboxes': gateway(async (fx) => ({ headers: { ...fx.citizen.headers } })),
  'GET /v1/me/access': gateway(async (fx) => ({ headers: { ...fx.citizen.headers } })),
  'GET /v1/mailboxes/{mailboxId}/access': gateway(async (fx) => inMailbox(fx)),
  'POST /v1/mailboxes/{mailboxId}/access': gateway(async (fx) => ({
    ...inMailbox(fx),
    body: { holderCpr: fx.holderCpr, access: 'read', endsAt: '2099-01-01T00:00:00Z' },
  })),
  'DELETE /v1/mailboxes/{mailboxId}/access/{holderId}': gateway(async (fx) => {
    const holderCpr = fx.holderCpr;
    const granted = await asViewer(fx.system, fx.citizen).post(
      `/v1/mailboxes/${fx.citizen.mailboxId}/access`,
      { holderCpr, access: 'full' },
    );
    expectOk(granted, 'giving access');
    return inMailbox(fx, { holderId: `cpr:${holderCpr}` });
  }),
};

export const samples: SampleTable = {
  ...gatewaySamples,
  ...senderApiSamples,
  ...operationsSamples,
  ...forensicsSamples,
};
