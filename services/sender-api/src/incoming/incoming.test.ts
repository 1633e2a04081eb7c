import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import type { RecordedEvent } from '@digital-post/event-store';
import { bearer, openHarness, type Harness } from '../testing/senderApiHarness.ts';
import { projectIncoming } from './projection.ts';

let h: Harness;
let skat: Record<string, string>;
let kommune: Record<string, string>;

beforeAll(async () => {
  h = await openHarness();
  skat = bearer(await h.tokenFor('skat'));
  kommune = bearer(await h.tokenFor('kommune'));
});
afterAll(() => h.close());

interface Written {
  to: string;
  from?: string;
  title?: string;
  text?: string;
  writtenBy?: { actorId: string; onBehalfOf: string };
}

/** What the mailbox does with a letter written to an authority: its content, then its delivery. */
const deliveredOn = async (
  h: Harness,
  { to, from = 'cpr:0101901234', title = 'A question', ...rest }: Written,
) => {
  const messageId = randomUUID();
  const stored = await h.content.putFile(Buffer.from(rest.text ?? 'Hello', 'utf8'));
  await h.content.putLetter(messageId, {
    title,
    documents: [
      {
        documentId: randomUUID(),
        role: 'main',
        title,
        files: [{ fileId: randomUUID(), name: 'message.txt', mimeType: 'text/plain', ...stored }],
      },
    ],
    actions: [],
    ...(rest.writtenBy && { writtenBy: rest.writtenBy }),
  });
  await h.store.append(`mailbox-${to}.${messageId}`, [
    {
      type: 'MessageDelivered',
      schemaVersion: 2,
      data: {
        messageId,
        mailboxId: to,
        forwardingRuleId: null,
        deliveredAt: new Date().toISOString(),
        senderId: from,
        threadId: messageId,
        legalNotification: false,
        replyAllowed: true,
      },
    },
  ]);
  return messageId;
};

const fetchOn = (h: Harness, headers: Record<string, string>, query = '') =>
  h.app.inject({ url: `/v1/incoming${query}`, headers });

const acknowledgeOn = (h: Harness, headers: Record<string, string>, cursor: string) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/incoming/acknowledgement',
    headers,
    payload: { cursor },
  });

const delivered = (written: Written) => deliveredOn(h, written);
const fetchPage = (headers: Record<string, string>, query = '') => fetchOn(h, headers, query);
const acknowledge = (headers: Record<string, string>, cursor: string) =>
  acknowledgeOn(h, headers, cursor);

/** Every letter the feed shows from the start, page by page. */
const everything = async (headers: Record<string, string>, limit = 2) => {
  const letters = [];
  let after = '';
  for (;;) {
    const page = (await fetchPage(headers, `?limit=${limit}${after}`)).json();
    if (page.letters.length === 0) return { letters, next: page.next as string };
    letters.push(...page.letters);
    after = `&after=${page.next}`;
  }
};

const letterRows = async (harness: Harness, messageId: string) =>
  (await harness.db.query('select 1 from sender_api.incoming where message_id = $1', [messageId]))
    .length;

/** A delivery as the consumer gets it, for projecting by hand inside a transaction of the test's. */
const deliveryEvent = (messageId: string, mailboxId: string) =>
  ({
    id: randomUUID(),
    type: 'MessageDelivered',
    data: {
      messageId,
      mailboxId,
      senderId: 'cpr:0101901234',
      threadId: messageId,
      deliveredAt: new Date().toISOString(),
    },
  }) as unknown as RecordedEvent;

const acknowledgedRows = () =>
  h.db.query('select * from sender_api.incoming_acknowledged').then((rows) => rows.length);

describe('GET /v1/incoming', () => {
  it("pages through only this authority's letters, in order, with who wrote them", async () => {
    const writtenBy = { actorId: 'cpr:0202051234', onBehalfOf: 'cpr:0101901234' };
    const first = await delivered({ to: 'authority:skat', title: 'Own letter' });
    await delivered({ to: 'authority:kommune' });
    await delivered({ to: 'cpr:0303031234', from: 'authority:skat' });
    const second = await delivered({ to: 'authority:skat', title: 'For my mother', writtenBy });
    const third = await delivered({ to: 'authority:skat', from: 'cvr:12345678' });
    const { letters } = await waitFor(async () => {
      const all = await everything(skat);
      return all.letters.length === 3 ? all : undefined;
    });
    expect(letters.map((letter: { messageUUID: string }) => letter.messageUUID)).toEqual([
      first,
      second,
      third,
    ]);
    expect(letters[0]).toMatchObject({
      title: 'Own letter',
      writtenBy: null,
      from: 'cpr:0101901234',
    });
    expect(letters[1]).toMatchObject({ title: 'For my mother', writtenBy, threadId: second });
    expect(letters[2].from).toBe('cvr:12345678');
  });

  it('hands out the files of its letters, and no one else’s', async () => {
    const mine = await delivered({ to: 'authority:skat', text: 'Is my statement right?' });
    const page = await waitFor(async () => {
      const { letters } = await everything(skat, 100);
      return letters.find((letter: { messageUUID: string }) => letter.messageUUID === mine);
    });
    const href = page.documents[0].files[0].href as string;
    const file = await h.app.inject({ url: href, headers: skat });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('Is my statement right?');
    expect(file.headers['content-type']).toContain('text/plain');
    // Another authority, or a digest this letter does not name, gets what a missing file gets.
    expect((await h.app.inject({ url: href, headers: kommune })).statusCode).toBe(404);
    const otherDigest = href.replace(/[0-9a-f]{64}$/, '0'.repeat(64));
    expect((await h.app.inject({ url: otherDigest, headers: skat })).statusCode).toBe(404);
  });
});

describe('POST /v1/incoming/acknowledgement', () => {
  it('resumes each system after what it acknowledged, so a well-behaved one fetches each letter once', async () => {
    const fresh = await openHarness();
    try {
      const system = bearer(await fresh.tokenFor('skat', 'journal'));
      const other = bearer(await fresh.tokenFor('skat', 'archive'));
      const page = (headers: Record<string, string>) =>
        fetchOn(fresh, headers).then((answer) => answer.json());
      const nextLetter = async () => {
        const messageId = await deliveredOn(fresh, { to: 'authority:skat' });
        const next = await waitFor(async () => {
          const fetched = await page(system);
          return fetched.letters.length === 1 ? fetched : undefined;
        });
        expect(next.letters[0].messageUUID).toBe(messageId);
        return next.next as string;
      };
      const first = await nextLetter();
      // Not acknowledged: the same letter again.
      expect((await page(system)).letters).toHaveLength(1);
      expect((await acknowledgeOn(fresh, system, first)).statusCode).toBe(200);
      expect((await page(system)).letters).toEqual([]);
      const second = await nextLetter();
      // Another system of the authority keeps its own place: it has acknowledged nothing.
      expect((await page(other)).letters).toHaveLength(2);
      // The same acknowledgement again is fine; an older one cannot move it back.
      expect((await acknowledgeOn(fresh, system, second)).statusCode).toBe(200);
      expect((await acknowledgeOn(fresh, system, second)).statusCode).toBe(200);
      const back = await acknowledgeOn(fresh, system, first);
      expect(back.statusCode).toBe(409);
      expect(back.headers['content-type']).toContain('application/problem+json');
      expect((await page(system)).letters).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('takes only a cursor this feed handed out to this authority, and writes nothing otherwise', async () => {
    const theirs = await delivered({ to: 'authority:kommune' });
    const theirsCursor = await waitFor(async () => {
      const { letters, next } = await everything(kommune, 100);
      return letters.some((letter: { messageUUID: string }) => letter.messageUUID === theirs)
        ? next
        : undefined;
    });
    const before = await acknowledgedRows();
    const madeUp = Buffer.from('v1:999999:999999').toString('base64url');
    for (const cursor of [theirsCursor, madeUp, 'not a cursor', '']) {
      const answer = await acknowledge(skat, cursor);
      expect(answer.statusCode, cursor).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    expect(await acknowledgedRows()).toBe(before);
  });
});

describe('the feed under concurrent deliveries', () => {
  it('counts a redelivered letter once', async () => {
    const messageId = await delivered({ to: 'authority:redelivered' });
    await waitFor(async () => (await letterRows(h, messageId)) === 1 || undefined);
    const [event] = await h.store.readStream(`mailbox-authority:redelivered.${messageId}`);
    await h.db.transaction((tx) => projectIncoming(tx, [event!]));
    expect(await letterRows(h, messageId)).toBe(1);
  });

  it('holds back a letter committed after one still being written, so no cursor steps over it', async () => {
    const server = await openHarness({}, 'PostgreSQL server');
    let release = () => {};
    try {
      const system = bearer(await server.tokenFor('skat'));
      const page = () => fetchOn(server, system).then((answer) => answer.json());
      const released = new Promise<void>((resolve) => (release = resolve));
      const slowId = randomUUID();
      const slow = server.db.transaction(async (tx) => {
        await projectIncoming(tx, [deliveryEvent(slowId, 'authority:skat')]);
        await released;
      });
      // Projected by hand: the bus itself would hold the later delivery back until then.
      const fast = randomUUID();
      await server.db.transaction((tx) =>
        projectIncoming(tx, [deliveryEvent(fast, 'authority:skat')]),
      );
      expect((await page()).letters).toEqual([]);
      release();
      await slow;
      const letters = (await page()).letters.map(
        (letter: { messageUUID: string }) => letter.messageUUID,
      );
      expect(letters).toEqual([slowId, fast]);
    } finally {
      release();
      await server.close();
    }
  });
});

/**
 * Ids pass 999 early in a store's life: a page ordered by the text of the id ('1000' before
 * '999'), as a bare column name in ORDER BY would order the output's text, steps over letters.
 */
describe('the feed across many transactions', () => {
  it('pages past transaction id 999 losing no letter, in order', async () => {
    const fresh = await openHarness();
    try {
      const system = bearer(await fresh.tokenFor('skat'));
      // Each transaction that asks for its id is given one: bring the ids up to just below 1000.
      const [row] = await fresh.db.query<{ xid: string }>(
        'select pg_current_xact_id()::text as xid',
      );
      for (let n = Number(row!.xid); n < 990; n += 1) {
        await fresh.db.transaction((tx) => tx.query('select pg_current_xact_id()'));
      }
      const letters = Array.from({ length: 20 }, () => randomUUID());
      for (const messageId of letters) {
        await fresh.db.transaction((tx) =>
          projectIncoming(tx, [deliveryEvent(messageId, 'authority:skat')]),
        );
      }
      const seen: string[] = [];
      for (let after = ''; ;) {
        const page = (await fetchOn(fresh, system, `?limit=3${after}`)).json();
        if (page.letters.length === 0) break;
        seen.push(...page.letters.map((letter: { messageUUID: string }) => letter.messageUUID));
        after = `&after=${page.next}`;
      }
      expect(seen).toEqual(letters);
    } finally {
      await fresh.close();
    }
  });
});
