import { createEmbeddedBus, type EventBus } from '@digital-post/bus';
import { engineNames, openEngine, type OpenedEngine } from '@digital-post/event-store/testing';
import { newCpr } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationService, type NotificationService } from '../notificationService.ts';

/** The table as the enrollment service's schema made it before the details moved here. */
const OLD_TABLE = `create table enrollment.notice_details (
  mailbox_id text not null,
  details_version integer not null,
  phone text,
  email text,
  sha256 text not null,
  digest_salt text not null,
  changed_at timestamptz not null,
  confirmed_at timestamptz,
  stored_at timestamptz not null default now(),
  primary key (mailbox_id, details_version)
)`;

describe.each(engineNames)('details kept by an older release in enrollment, on %s', (engine) => {
  let sut: OpenedEngine;
  let service: NotificationService;
  let bus: EventBus;
  const started: NotificationService[] = [];
  /** The service as a process starts it, on the same database. */
  const startService = async () => {
    const made = createNotificationService({ store: sut.store, db: sut.db, bus });
    await made.start();
    started.push(made);
    return made;
  };
  const mailboxes = Array.from({ length: 3 }, () => `cpr:${newCpr()}`);

  beforeAll(async () => {
    sut = await openEngine(engine, 'notification');
    bus = await createEmbeddedBus(sut.store, sut.db);
    service = await startService();
    // As an older release left them: each change's event in the log, its row in enrollment.
    for (const [n, mailboxId] of mailboxes.entries()) {
      await service.noticeDetails.change(mailboxId, {
        phone: `+4520${String(n).padStart(6, '0')}`,
        email: `user${n}@example.dk`,
      });
    }
    await service.noticeDetails.confirm(mailboxes[0]!, 1);
    await sut.db.query('create schema if not exists enrollment');
    await sut.db.query(OLD_TABLE);
    await sut.db.query(
      'insert into enrollment.notice_details select * from notification.notice_details',
    );
    await sut.db.query('delete from notification.notice_details');
  });
  afterAll(async () => {
    for (const made of started) await made.stop();
    await bus?.close();
    await sut?.dispose();
  });

  it('takes them over at its start, readable and confirmable as before, and drops the old table', async () => {
    const restarted = await startService();
    const first = await restarted.noticeDetails.read(mailboxes[0]!);
    expect(first).toMatchObject({
      detailsVersion: 1,
      phone: '+4520000000',
      email: 'user0@example.dk',
    });
    expect(first!.confirmedAt).not.toBeNull();
    const confirmed = await restarted.noticeDetails.confirm(mailboxes[1]!, 1);
    expect(confirmed).toMatchObject({ email: 'user1@example.dk', confirmedAt: expect.any(String) });
    const [old] = await sut.db.query<{ found: string | null }>(
      `select to_regclass('enrollment.notice_details')::text as found`,
    );
    expect(old!.found).toBeNull();
    // A start after the move finds nothing to take.
    await startService();
    expect(await restarted.noticeDetails.read(mailboxes[2]!)).toMatchObject({ detailsVersion: 1 });
  });
});
