import { randomBytes, randomUUID } from 'node:crypto';
import {
  createProductRegistry,
  mailboxIdOf,
  sha256Hex,
  type MessageDelivered,
  type NoticeDetailsChanged,
} from '@digital-post/contracts';
import { cprOf } from '@digital-post/enrollment/testing';
import type { EventStore, OpenedStore, SqlExecutor, StreamAppend } from '@digital-post/event-store';
import { ensureNotificationSchema } from '@digital-post/notification';

/**
 * The people a mass sending's notices go to, generated straight into the store and the
 * notification service's table before anything is timed (registered one by one through the
 * port, 100,000 people would take longer than the sending): for each mailbox a version of its
 * details with an e-mail address (the row `notification.notice_details` and its
 * `NoticeDetailsChanged` in `contact-<mailboxId>`, as the port writes them), and one letter
 * delivered to it (`MessageDelivered`, as the mailbox service appends it), from one of four
 * authorities, one in ten a legal notification.
 */
const CHUNK = 10_000;
const AUTHORITIES = ['skat', 'udbetaling-danmark', 'atp', 'kommune-101'];
const registry = createProductRegistry();

export const mailboxesOf = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => mailboxIdOf({ kind: 'cpr', id: cprOf(i + 1) }));

const emailOf = (mailboxId: string) => `${mailboxId.replace(':', '-')}@borger.example.dk`;

/** One chunk's details: the rows in one multi-row INSERT, their events in the same transaction. */
const writeDetails = async (
  store: EventStore,
  tx: SqlExecutor,
  mailboxIds: string[],
  changedAt: string,
): Promise<void> => {
  const rows = mailboxIds.map((mailboxId) => {
    const digestSalt = randomBytes(16).toString('hex');
    const email = emailOf(mailboxId);
    return {
      mailboxId,
      email,
      digestSalt,
      sha256: sha256Hex(JSON.stringify([digestSalt, null, email])),
    };
  });
  await tx.query(
    `insert into notification.notice_details
       (mailbox_id, details_version, phone, email, sha256, digest_salt, changed_at)
     select m, 1, null, e, s, d, $5::timestamptz
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as r(m, e, s, d)`,
    [
      rows.map((row) => row.mailboxId),
      rows.map((row) => row.email),
      rows.map((row) => row.sha256),
      rows.map((row) => row.digestSalt),
      changedAt,
    ],
  );
  const appends = rows.map(({ mailboxId, sha256 }): StreamAppend => {
    const data: NoticeDetailsChanged = {
      mailboxId,
      detailsVersion: 1,
      channels: ['email'],
      detailsSha256: sha256,
      changedAt,
    };
    const event = { type: 'NoticeDetailsChanged', schemaVersion: 1, data };
    registry.validate('NoticeDetailsChanged', 1, data);
    return { streamId: `contact-${mailboxId}`, events: [event], expectedVersion: 'no_stream' };
  });
  await store.appendToStreams(appends, { tx });
};

/** The letter the mailbox delivered to `mailboxId`, as `deliver` appends it. */
const deliveryOf = (mailboxId: string, n: number, deliveredAt: string): StreamAppend => {
  const messageId = randomUUID();
  const data: MessageDelivered = {
    messageId,
    mailboxId,
    forwardingRuleId: null,
    deliveredAt,
    senderId: mailboxIdOf({ kind: 'authority', id: AUTHORITIES[n % AUTHORITIES.length]! }),
    threadId: messageId,
    legalNotification: n % 10 === 0,
    replyAllowed: false,
  };
  registry.validate('MessageDelivered', 2, data);
  const metadata = {
    causationId: randomUUID(),
    // The authorities hand letters in by the thousand: a batch's letters share a correlation.
    correlationId: `bench-batch-${Math.floor(n / 1000)}`,
    actor: { kind: 'system', id: 'mailbox' },
  };
  return {
    streamId: `mailbox-${mailboxId}.${messageId}`,
    events: [{ type: 'MessageDelivered', schemaVersion: 2, data, metadata }],
    expectedVersion: 'no_stream',
  };
};

export const generatePopulation = async (
  { store, db }: OpenedStore,
  mailboxIds: string[],
  report: (step: string, done: number) => void,
): Promise<void> => {
  await ensureNotificationSchema(db);
  const changedAt = new Date(Date.now() - 86_400_000).toISOString();
  for (let from = 0; from < mailboxIds.length; from += CHUNK) {
    const chunk = mailboxIds.slice(from, from + CHUNK);
    await db.transaction((tx) => writeDetails(store, tx, chunk, changedAt));
    report('details', from + chunk.length);
  }
  const deliveredAt = new Date().toISOString();
  for (let from = 0; from < mailboxIds.length; from += CHUNK) {
    const chunk = mailboxIds.slice(from, from + CHUNK);
    await store.appendToStreams(chunk.map((id, i) => deliveryOf(id, from + i, deliveredAt)));
    report('letters delivered', from + chunk.length);
  }
};
