import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus, ensureConsumerSchema } from '@digital-post/bus';
import { createContentStore, ensureContentSchema } from '@digital-post/content-store';
import {
  createEventStore,
  ensureEventStoreSchema,
  openPgDatabase,
  type Database,
} from '@digital-post/event-store';
import { createMailboxService } from '@digital-post/mailbox';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { serviceNames, type ServiceName } from './config.ts';
import { roleOf, serviceAccess, setupDatabase, type DatabaseSetup } from './databaseSetup.ts';

const permissionDenied = { code: '42501', message: expect.stringMatching(/permission denied/) };

describe('the database set up by its owner, a role per service', () => {
  let database: TestDatabase;
  let setup: DatabaseSetup;
  let owner: Database;
  const asRole = {} as Record<ServiceName, Database>;

  beforeAll(async () => {
    database = await createTestDatabase('db_setup');
    await setupDatabase({ connectionString: database.url });
    // Run again, as after an upgrade: nothing fails, nothing changes.
    setup = await setupDatabase({ connectionString: database.url });
    owner = openPgDatabase({ connectionString: database.url, poolSize: 1 });
    for (const service of serviceNames) {
      asRole[service] = openPgDatabase({ connectionString: setup.urlFor(service), poolSize: 1 });
    }
  });
  afterAll(async () => {
    await Promise.all([owner, ...Object.values(asRole)].map((db) => db?.close()));
    await database?.drop();
  });

  const tablesOf = async (schema: string) =>
    (
      await owner.query<{ tablename: string }>(
        'select tablename from pg_tables where schemaname = $1 order by tablename',
        [schema],
      )
    ).map((row) => `${schema}.${row.tablename}`);

  it('gives every service a login role of its own, connecting to this database', async () => {
    for (const service of serviceNames) {
      const [row] = await asRole[service].query<{ user: string; path: string }>(
        'select current_user as user, current_setting($1) as path',
        ['search_path'],
      );
      expect(row).toEqual({
        user: roleOf(service),
        path: `${serviceAccess[service].schema}, public`,
      });
    }
  });

  it('lets each service read every table of its own schema and write its own bookkeeping', async () => {
    for (const service of serviceNames) {
      const { schema } = serviceAccess[service];
      const db = asRole[service];
      const tables = await tablesOf(schema);
      expect(tables, service).toContain(`${schema}.bus_checkpoints`);
      for (const table of tables) await db.query(`select count(*) from ${table}`);
      // The bus names its tables unqualified: they are found in the service's own schema.
      await db.query(
        `insert into bus_checkpoints (consumer_group, source, checkpoint) values ($1, 'log', '1')
         on conflict (consumer_group, source) do update set checkpoint = '2'`,
        [service],
      );
      await db.query(`update ${schema}.bus_checkpoints set checkpoint = '3' where source = 'log'`);
      expect(
        await owner.query(`select consumer_group, checkpoint from ${schema}.bus_checkpoints`),
      ).toEqual([{ consumer_group: service, checkpoint: '3' }]);
      await db.query(`delete from ${schema}.bus_checkpoints`);
    }
  });

  it("refuses every service a read of another service's tables", async () => {
    for (const [reader, table] of [
      ['gateway', 'mailbox.letters'],
      ['sender-api', 'mailbox.letters'],
      ['mailbox', 'enrollment.people'],
      ['routing', 'sender_api.messages'],
      ['routing', 'mailbox.accepted_letters'],
      ['sender-api', 'enrollment.people'],
      ['enrollment', 'routing.forwarding_rules'],
      ['gateway', 'enrollment.notice_details'],
    ] as const) {
      await expect(asRole[reader].query(`select * from ${table}`), reader).rejects.toMatchObject(
        permissionDenied,
      );
    }
    for (const reader of serviceNames) {
      for (const other of serviceNames.filter((name) => name !== reader)) {
        for (const table of await tablesOf(serviceAccess[other].schema)) {
          await expect(
            asRole[reader].query(`select 1 from ${table} limit 1`),
            `${reader} reading ${table}`,
          ).rejects.toMatchObject(permissionDenied);
        }
      }
    }
  });

  it('opens letter content only to the services that handle letters', async () => {
    for (const service of ['sender-api', 'mailbox'] as const) {
      await asRole[service].query('select count(*) from content.letters');
      await asRole[service].query('select count(*) from content.files');
    }
    await asRole.enrollment.query('select count(*) from content.files');
    for (const service of ['enrollment', 'routing', 'gateway'] as const) {
      await expect(
        asRole[service].query('select count(*) from content.letters'),
        service,
      ).rejects.toMatchObject(permissionDenied);
    }
    await expect(asRole.routing.query('select count(*) from content.files')).rejects.toMatchObject(
      permissionDenied,
    );
  });

  it('lets the services append to and read the event store, the gateway neither', async () => {
    for (const service of ['enrollment', 'routing', 'sender-api', 'mailbox'] as const) {
      const store = await createEventStore(asRole[service]);
      await store.append(`test-${service}`, [{ type: 'Tested', data: { service } }]);
      expect(await store.readStream(`test-${service}`), service).toHaveLength(1);
      await expect(asRole[service].query('delete from events'), service).rejects.toMatchObject(
        permissionDenied,
      );
    }
    await expect(asRole.gateway.query('select count(*) from events')).rejects.toMatchObject(
      permissionDenied,
    );
  });

  it("lets every service that reads the log keep the relay's checkpoint and lease, on Kafka", async () => {
    const relayState = async (service: ServiceName) => {
      await asRole[service].query(
        `insert into subscription_checkpoints (subscription_id, transaction_id, global_position)
         values ($1, 0, 0) on conflict (subscription_id) do update set global_position = 1`,
        [`test-${service}`],
      );
      await asRole[service].query(
        `insert into subscription_leases (subscription_id, holder, fence, expires_at)
         values ($1, 'test', 1, now()) on conflict (subscription_id) do update set fence = 2`,
        [`test-${service}`],
      );
    };
    for (const service of ['routing', 'mailbox', 'enrollment', 'sender-api'] as const) {
      await relayState(service);
    }
    await expect(relayState('gateway')).rejects.toMatchObject(permissionDenied);
  });

  it('lets no service create anything, yet each one starts: its schema is found in place', async () => {
    for (const service of serviceNames) {
      const db = asRole[service];
      const { schema, ensureOwnSchema } = serviceAccess[service];
      await expect(
        db.query(`create table ${schema}.extra (id int)`),
        service,
      ).rejects.toMatchObject(permissionDenied);
      await expect(db.query('create table public.extra (id int)'), service).rejects.toMatchObject(
        permissionDenied,
      );
      // What a service's process runs at start, as the role.
      await ensureEventStoreSchema(db);
      await ensureContentSchema(db);
      await ensureConsumerSchema(db);
      await ensureOwnSchema?.(db);
    }
  });

  it('names the setup when a table is missing that the role may not create', async () => {
    await owner.query('drop table mailbox.threads');
    await expect(serviceAccess.mailbox.ensureOwnSchema!(asRole.mailbox)).rejects.toThrow(
      /pnpm db:setup/,
    );
    await setupDatabase({ connectionString: database.url });
    await serviceAccess.mailbox.ensureOwnSchema!(asRole.mailbox);
    await asRole.mailbox.query('select count(*) from mailbox.threads');
  });

  it('grants exactly what the bus in use needs, also when run again with another', async () => {
    await setupDatabase({ connectionString: database.url, bus: 'embedded' });
    for (const service of ['enrollment', 'sender-api', 'mailbox'] as const) {
      await asRole[service].query('select count(*) from subscription_checkpoints');
    }
    await setupDatabase({ connectionString: database.url, bus: 'kafka' });
    await expect(
      asRole.gateway.query('select count(*) from subscription_checkpoints'),
    ).rejects.toMatchObject(permissionDenied);
  });

  it("drops an older release's join once the mailbox, as its role, has delivered what waited", async () => {
    const messageId = randomUUID();
    const mailboxId = 'cpr:0101901234';
    const joinTable = async () =>
      (
        await owner.query<{ found: string | null }>(
          "select to_regclass('mailbox.pending_deliveries')::text as found",
        )
      )[0]!.found;
    // As a release before routing's decision carried the letter left it: a decision waiting.
    await owner.query(
      `create table mailbox.pending_deliveries (message_id text not null, mailbox_id text not null,
         forwarding_rule_id text, primary key (message_id, mailbox_id))`,
    );
    await owner.query('create table mailbox.accepted_letters (message_id text primary key)');
    await owner.query('insert into mailbox.pending_deliveries values ($1, $2, null)', [
      messageId,
      mailboxId,
    ]);
    await (
      await createEventStore(owner)
    ).append(`message-${messageId}`, [
      { type: 'MessageAccepted', schemaVersion: 1, data: acceptedV1(messageId) },
    ]);
    await setupDatabase({ connectionString: database.url, bus: 'embedded' });
    expect(await joinTable(), 'kept while a letter waits in it').not.toBeNull();

    const db = asRole.mailbox;
    const store = await createEventStore(db);
    const bus = await createEmbeddedBus(store, db);
    const mailbox = createMailboxService({ store, db, bus, content: await createContentStore(db) });
    await mailbox.start();
    await mailbox.stop();
    const stream = await store.readStream(`mailbox-${mailboxId}.${messageId}`);
    expect(stream.map((event) => event.type)).toContain('MessageDelivered');
    expect(await owner.query('select * from mailbox.pending_deliveries')).toEqual([]);

    await setupDatabase({ connectionString: database.url, bus: 'embedded' });
    expect(await joinTable()).toBeNull();
  });

  it("moves an older release's details for notices out of enrollment's schema, which the notification role may not read", async () => {
    // As a release that kept them in enrollment's schema left them.
    await owner.query(
      `create table enrollment.notice_details (mailbox_id text not null,
         details_version integer not null, phone text, email text, sha256 text not null,
         digest_salt text not null, changed_at timestamptz not null, confirmed_at timestamptz,
         stored_at timestamptz not null default now(), primary key (mailbox_id, details_version))`,
    );
    await owner.query(
      `insert into enrollment.notice_details
         (mailbox_id, details_version, email, sha256, digest_salt, changed_at)
       values ('cpr:0202802345', 1, 'bo@example.dk', $1, 'salt', now())`,
      ['a'.repeat(64)],
    );
    await expect(
      asRole.notification.query('select * from enrollment.notice_details'),
    ).rejects.toMatchObject(permissionDenied);
    await setupDatabase({ connectionString: database.url });
    const moved = await asRole.notification.query<{ email: string }>(
      'select email from notification.notice_details where mailbox_id = $1',
      ['cpr:0202802345'],
    );
    expect(moved).toEqual([{ email: 'bo@example.dk' }]);
    const [old] = await owner.query<{ found: string | null }>(
      "select to_regclass('enrollment.notice_details')::text as found",
    );
    expect(old!.found).toBeNull();
  });
});

const acceptedV1 = (messageId: string) => ({
  messageId,
  senderId: 'authority:udk',
  recipient: { kind: 'cpr', id: '0101901234' },
  documents: [],
  legalNotification: false,
  replyAllowed: false,
  doNotDeliverUntil: null,
  acceptedAt: new Date().toISOString(),
});
