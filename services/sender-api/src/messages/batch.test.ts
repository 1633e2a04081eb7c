import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  openHarness,
  validMessage,
  writtenRows,
  type Harness,
} from '../testing/senderApiHarness.ts';

let h: Harness;
let headers: Record<string, string>;

beforeAll(async () => {
  h = await openHarness();
  headers = bearer(await h.tokenFor('skat'));
});
afterAll(() => h.close());

const postBatch = (messages: unknown[]) =>
  h.app.inject({ method: 'POST', url: '/v1/messages/batch', headers, payload: { messages } });

describe('POST /v1/messages/batch', () => {
  it('accepts 1,000 letters in one request and answers each', async () => {
    const messages = Array.from({ length: 1000 }, (_, i) =>
      validMessage({
        recipient: { kind: 'cpr', id: `0101${String(i % 100).padStart(2, '0')}1234` },
      }),
    );
    const response = await postBatch(messages);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ accepted: 1000, refused: 0 });
    expect(body.results.map((r: { messageUUID: string }) => r.messageUUID)).toEqual(
      messages.map((m) => m.messageUUID),
    );
    expect(body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
    expect((await writtenRows(h.db)).events).toBe(1000);
  }, 120_000); // generous: other suites may share the cores

  it('refuses the bad letters of a batch alone and accepts the others', async () => {
    const before = await writtenRows(h.db);
    const accepted = validMessage();
    const otherSender = validMessage({ sender: { authorityId: 'someone-else' } });
    const messages = [
      validMessage(),
      validMessage({ recipient: { kind: 'cpr', id: '123' } }),
      'not even an object',
      otherSender,
      accepted,
    ];
    await postBatch([accepted]);
    const response = await postBatch([...messages, { ...accepted, title: 'Changed' }]);
    expect(response.statusCode).toBe(200);
    const { results, accepted: count, refused } = response.json();
    expect({ count, refused }).toEqual({ count: 2, refused: 4 });
    expect(results.map((r: { status: number }) => r.status)).toEqual([
      201, 400, 400, 403, 200, 409,
    ]);
    expect(results[1].problem).toMatchObject({
      type: 'https://digitalpost.dk/problems/validation',
      errors: [expect.objectContaining({ pointer: '/messages/1/recipient/id' })],
    });
    expect(results[2].messageUUID).toBeNull();
    expect(results[4].acceptance.messageUUID).toBe(accepted.messageUUID);
    expect((await writtenRows(h.db)).events).toBe(before.events + 2);
  });

  it('answers a letter named twice in one batch once as stored and once as seen, and a changed copy as a conflict', async () => {
    const before = await writtenRows(h.db);
    const twice = validMessage();
    const changed = { ...twice, messageUUID: twice.messageUUID.toUpperCase(), title: 'Changed' };
    const fresh = validMessage();
    const response = await postBatch([twice, fresh, twice, changed]);
    const { results } = response.json();
    expect(results.map((r: { status: number }) => r.status)).toEqual([201, 201, 200, 409]);
    expect(results[2].acceptance).toEqual(results[0].acceptance);
    expect((await writtenRows(h.db)).events).toBe(before.events + 2);
    const again = (await postBatch([twice, fresh])).json();
    expect(again.results.map((r: { status: number }) => r.status)).toEqual([200, 200]);
    expect((await writtenRows(h.db)).events).toBe(before.events + 2);
  });
});
