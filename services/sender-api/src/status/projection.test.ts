import { randomUUID } from 'node:crypto';
import { newEventId, openPgliteDatabase, type Database } from '@digital-post/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectStatusEvents, projectStatusEventsOnce, type ProjectedEvent } from './projection.ts';
import { ensureSenderApiSchema } from '../schema.ts';

let db: Database;
beforeAll(async () => {
  db = await openPgliteDatabase();
  await ensureSenderApiSchema(db);
});
afterAll(() => db.close());

const acceptance = (messageId: string): ProjectedEvent => ({
  id: newEventId(),
  type: 'MessageAccepted',
  data: {
    messageId,
    senderId: 'authority:skat',
    legalNotification: false,
    acceptedAt: '2030-01-01T00:00:00.000Z',
  },
  recordedAt: new Date('2030-01-01T00:00:00.000Z'),
});

const routing = (messageId: string): ProjectedEvent => ({
  id: newEventId(),
  type: 'MessageRouted',
  data: { messageId, channel: 'digital', decidedAt: '2030-01-01T00:00:01.000Z' },
  recordedAt: new Date('2030-01-01T00:00:01.000Z'),
});

const projected = async (messageId: string) => ({
  letters: await db.query('select 1 from sender_api.messages where message_id = $1', [messageId]),
  statuses: (
    await db.query<{ status: string }>(
      'select status from sender_api.status_entries where message_id = $1 order by seq',
      [messageId],
    )
  ).map((row) => row.status),
  waiting: await db.query('select 1 from sender_api.unattributed_entries where message_id = $1', [
    messageId,
  ]),
});

describe('the status read model as the bus hands events on', () => {
  it('takes an acceptance the hand-in projected once, with what followed it', async () => {
    const messageId = randomUUID();
    const accepted = acceptance(messageId);
    // Given the hand-in's own projection of the acceptance
    await db.transaction((tx) => projectStatusEvents(tx, [accepted]));
    // When the bus brings it again, with the routing after it
    await db.transaction((tx) => projectStatusEventsOnce(tx, [accepted, routing(messageId)]));
    // Then
    expect(await projected(messageId)).toEqual({
      letters: [{ '?column?': 1 }],
      statuses: ['accepted', 'routed'],
      waiting: [],
    });
  });

  it('adopts an entry written while the acceptance was being projected, when it comes round', async () => {
    const messageId = randomUUID();
    const accepted = acceptance(messageId);
    // Given the acceptance projected by the hand-in, and an entry that a transaction running
    // beside it wrote as waiting (it could not yet see the acceptance)
    await db.transaction((tx) => projectStatusEvents(tx, [accepted]));
    await db.query(
      `insert into sender_api.unattributed_entries (event_id, message_id, status, at, details)
       values ($1, $2, 'routed', '2030-01-01T00:00:01.000Z', '{}')`,
      [newEventId(), messageId],
    );
    // When the bus brings the acceptance
    await db.transaction((tx) => projectStatusEventsOnce(tx, [accepted]));
    // Then the waiting entry has its letter
    expect(await projected(messageId)).toMatchObject({
      statuses: ['accepted', 'routed'],
      waiting: [],
    });
  });

  it('projects an acceptance not projected before, as when the model is built again from the log', async () => {
    const messageId = randomUUID();
    // When the bus brings an acceptance nobody projected, and its routing
    await db.transaction((tx) =>
      projectStatusEventsOnce(tx, [acceptance(messageId), routing(messageId)]),
    );
    // Then
    expect(await projected(messageId)).toEqual({
      letters: [{ '?column?': 1 }],
      statuses: ['accepted', 'routed'],
      waiting: [],
    });
  });
});

describe('a letter repaired after a faulty routing decision', () => {
  const event = (type: string, data: Record<string, unknown>): ProjectedEvent => ({
    id: newEventId(),
    type,
    data,
    recordedAt: new Date('2030-01-02T00:00:00.000Z'),
  });
  const at = '2030-01-02T00:00:00.000Z';
  const opened = (messageId: string, mailboxId: string) =>
    event('MessageOpened', { messageId, mailboxId, actorId: mailboxId, openedAt: at });

  it('tells its sender of the withdrawal, the new decision with its case, and the right open', async () => {
    const messageId = randomUUID();
    const [wrong, right] = ['cvr:11111111', 'cvr:22222222'];
    const caseReference = 'INC-2021-02';
    await db.transaction((tx) =>
      projectStatusEvents(tx, [
        acceptance(messageId),
        routing(messageId),
        opened(messageId, wrong),
        event('MessageWithdrawn', { messageId, mailboxId: wrong, caseReference, withdrawnAt: at }),
        event('MessageRouted', {
          messageId,
          channel: 'forwarded',
          recipientMailboxId: right,
          caseReference,
          decidedAt: at,
        }),
        opened(messageId, right),
      ]),
    );
    const rows = await db.query<{ status: string; details: Record<string, unknown> }>(
      'select status, details from sender_api.status_entries where message_id = $1 order by seq',
      [messageId],
    );
    expect(rows).toEqual([
      { status: 'accepted', details: {} },
      { status: 'routed', details: { channel: 'digital' } },
      { status: 'first-opened', details: { mailboxId: wrong } },
      { status: 'withdrawn', details: { mailboxId: wrong, caseReference } },
      {
        status: 'routed',
        details: { channel: 'forwarded', recipientMailboxId: right, caseReference },
      },
      { status: 'first-opened', details: { mailboxId: right } },
    ]);
  });
});
