import { sha256Hex } from '@digital-post/content-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  openHarness,
  validMessage,
  writtenRows,
  type Harness,
} from '../testing/senderApiHarness.ts';
import { acceptedEventId, messageStreamId } from './acceptedEvent.ts';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await openHarness();
  token = await h.tokenFor('skat', 'mass-sender');
});
afterAll(() => h.close());

const post = (body: unknown, authToken = token) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: bearer(authToken),
    payload: body as object,
  });

describe('POST /v1/messages', () => {
  it('is described in the OpenAPI document with every route', async () => {
    const paths = Object.keys((await h.app.inject({ url: '/docs/json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/messages',
        '/v1/messages/batch',
        '/v1/messages/{messageUUID}',
        '/v1/receipts',
        '/v1/reachability/{kind}/{id}',
      ]),
    );
  });

  it('accepts a letter: content stored, MessageAccepted v3 appended with a deterministic id', async () => {
    const message = validMessage({
      legalNotification: true,
      doNotDeliverUntil: '2030-01-01T08:00:00+01:00',
    });
    const response = await post(message);
    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe(`/v1/messages/${message.messageUUID}`);
    const acceptance = response.json();
    expect(acceptance).toMatchObject({ messageUUID: message.messageUUID, status: 'accepted' });

    const [event, ...more] = await h.store.readStream(messageStreamId(message.messageUUID));
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      id: acceptedEventId(message.messageUUID),
      type: 'MessageAccepted',
      schemaVersion: 3,
    });
    const pdf = Buffer.from(message.documents[0]!.files[0]!.content, 'base64');
    expect(event!.data).toMatchObject({
      messageId: message.messageUUID,
      senderId: 'authority:skat',
      senderSystemId: 'mass-sender',
      inReplyTo: null,
      recipient: { kind: 'cpr', id: '0101901234' },
      documents: [
        {
          documentId: 'doc-1',
          contentSha256: sha256Hex(pdf),
          mimeType: 'application/pdf',
          sizeBytes: pdf.length,
        },
      ],
      legalNotification: true,
      replyAllowed: true,
      doNotDeliverUntil: '2030-01-01T07:00:00.000Z',
      contentSha256: acceptance.contentSha256,
    });
    expect(event!.metadata.correlationId).toBeDefined();

    expect((await h.content.getFile(sha256Hex(pdf)))?.bytes.equals(pdf)).toBe(true);
    const letter = await h.content.getLetter(message.messageUUID);
    expect(letter).toMatchObject({
      title: message.title,
      reply: { allowed: true, replyByDateTime: '2030-01-31T11:00:00.000Z' },
      documents: [
        {
          documentId: 'doc-1',
          role: 'main',
          files: [{ fileId: 'doc-1-file-1', name: 'statement.pdf' }],
        },
      ],
    });
    // The content digest of the letter is on the event, and its content is not.
    expect((event!.data as { letterSha256: string }).letterSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(event!.data)).not.toContain(message.title);
  });

  it('answers a retry of the same letter with the first answer, and appends nothing', async () => {
    const message = validMessage();
    const first = await post(message);
    const before = await writtenRows(h.db);
    // Same content, fields in another order, the UUID in upper case, the same instant in UTC.
    const { title, ...rest } = message;
    const retry = await post({
      ...rest,
      title,
      messageUUID: message.messageUUID.toUpperCase(),
      reply: { allowed: true, replyByDateTime: '2030-01-31T11:00:00Z' },
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await writtenRows(h.db)).toEqual(before);
    expect(await h.store.readStream(messageStreamId(message.messageUUID))).toHaveLength(1);
  });

  it('answers two copies sent at once with one acceptance', async () => {
    const message = validMessage();
    const answers = await Promise.all([post(message), post(message), post(message)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await h.store.readStream(messageStreamId(message.messageUUID))).toHaveLength(1);
  });

  it('refuses the same UUID with other content with 409, keeping the first letter', async () => {
    const message = validMessage();
    await post(message);
    const before = await writtenRows(h.db);
    const other = await post({ ...message, recipient: { kind: 'cvr', id: '12345678' } });
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json()).toMatchObject({ type: 'https://digitalpost.dk/problems/conflict' });
    const otherFile = {
      ...message.documents[0]!,
      files: [{ name: 'x.txt', mimeType: 'text/plain', content: 'aGVq' }],
    };
    expect((await post({ ...message, documents: [otherFile] })).statusCode).toBe(409);
    expect(await writtenRows(h.db)).toEqual(before);
    expect((await h.content.getLetter(message.messageUUID))?.title).toBe(message.title);
  });

  it('refuses a UUID another authority used, with 409', async () => {
    const message = validMessage();
    await post(message);
    const borger = await h.tokenFor('kommune-101');
    const reuse = await post({ ...message, sender: { authorityId: 'kommune-101' } }, borger);
    expect(reuse.statusCode).toBe(409);
  });

  it('refuses a letter whose sender is not the authority of the token, with 403', async () => {
    const before = await writtenRows(h.db);
    const response = await post(validMessage({ sender: { authorityId: 'udbetaling-danmark' } }));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ type: 'https://digitalpost.dk/problems/forbidden' });
    expect(await writtenRows(h.db)).toEqual(before);
  });

  it('stores a file shared by many letters once', async () => {
    const before = await writtenRows(h.db);
    await post(validMessage());
    await post(validMessage());
    const after = await writtenRows(h.db);
    expect(after.files).toBe(before.files);
    expect(after.letters).toBe(before.letters + 2);
  });
});
