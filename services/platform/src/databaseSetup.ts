import { ensureAccessSchema } from '@digital-post/access-control';
import { ensureConsumerSchema } from '@digital-post/bus';
import { ensureContentSchema } from '@digital-post/content-store';
import { ensureEnrollmentSchema } from '@digital-post/enrollment';
import {
  ensureEventStoreSchema,
  ensureSchema,
  openPgDatabase,
  type Database,
  type SqlExecutor,
} from '@digital-post/event-store';
import { ensureMailboxSchema, retireJoinTables } from '@digital-post/mailbox';
import {
  adoptNoticeDetailsFromEnrollment,
  ensureNotificationSchema,
} from '@digital-post/notification';
import { ensureChainSchema } from '@digital-post/operations';
import { ensureRoutingSchema } from '@digital-post/routing';
import { ensureSenderApiSchema } from '@digital-post/sender-api';
import { serviceNames, type ServiceName } from './config.ts';

/**
 * A deployment's database, set up once by its owner before the services start (`pnpm db:setup`):
 * every schema and table, and one login role per service granted only what that service uses.
 * A service connecting as its role reads and writes its own schema, appends to and reads the
 * event store, and touches letter content only if it handles letters; another service's schema
 * is closed to it. Safe to run again: after an upgrade it creates what is new and grants anew.
 */
type Privilege = 'select' | 'insert' | 'update' | 'delete';

export interface ServiceAccess {
  /** Its own schema: every table in it read and written, first on the role's search path. */
  schema: string;
  /** Creates the service's own tables (as the owner); the gateway has none but the bus's. */
  ensureOwnSchema?: (db: Database) => Promise<void>;
  /** Drops what an older release left that the service, as its role, may not drop itself. */
  retireOwnLeftovers?: (db: Database) => Promise<void>;
  /** Appends and reads events (`events` and its sequence). */
  appends: boolean;
  /** Consumes the bus: with the embedded bus its groups' checkpoints are in the store's table. */
  consumes: boolean;
  /** The content store's tables (libs/content-store), and what the service does with them. */
  content: Partial<Record<'files' | 'letters', Privilege[]>>;
}

const readWrite: Privilege[] = ['select', 'insert'];

export const serviceAccess: Record<ServiceName, ServiceAccess> = {
  // The welcome letter's document is stored as a file; enrollment reads no letters.
  enrollment: {
    schema: 'enrollment',
    ensureOwnSchema: ensureEnrollmentSchema,
    appends: true,
    consumes: true,
    content: { files: readWrite },
  },
  // Routing decides from events and its own read models; paper post prints by content hash.
  routing: {
    schema: 'routing',
    ensureOwnSchema: ensureRoutingSchema,
    appends: true,
    consumes: true,
    content: {},
  },
  // Stores the content of the letters authorities hand in.
  'sender-api': {
    schema: 'sender_api',
    ensureOwnSchema: ensureSenderApiSchema,
    appends: true,
    consumes: true,
    content: { files: readWrite, letters: readWrite },
  },
  // Who may act for which mailbox: its events and its rights' table; no letters.
  'access-control': {
    schema: 'access',
    ensureOwnSchema: ensureAccessSchema,
    appends: true,
    consumes: false,
    content: {},
  },
  // Notices and the owner's details for them: its events, its tables, the mailboxes' deliveries
  // from the log; no letters, no enrollment.
  // An older release kept the details in enrollment's schema: the owner moves them across.
  notification: {
    schema: 'notification',
    ensureOwnSchema: ensureNotificationSchema,
    retireOwnLeftovers: async (db) => {
      await adoptNoticeDetailsFromEnrollment(db);
    },
    appends: true,
    consumes: true,
    content: {},
  },
  // Reads letters' content for viewing clients and stores the letters citizens write.
  mailbox: {
    schema: 'mailbox',
    ensureOwnSchema: ensureMailboxSchema,
    retireOwnLeftovers: retireJoinTables,
    appends: true,
    consumes: true,
    content: { files: readWrite, letters: readWrite },
  },
  // The edge calls the mailbox's and enrollment's ports and reads no table. Its process still
  // opens the store and the bus, which only check in the catalog that their tables exist; its
  // schema holds the bus's (unused) bookkeeping tables that check looks for.
  gateway: { schema: 'gateway', appends: false, consumes: false, content: {} },
  // The SREs' tools read the whole log (and may run the relay, as every reader of it may); they
  // read no letters' content and no other service's tables.
  // Its own tables keep the chain over the log (hashes only).
  operations: {
    schema: 'operations',
    ensureOwnSchema: ensureChainSchema,
    appends: true,
    consumes: false,
    content: {},
  },
};

export const roleOf = (service: ServiceName): string => `dp_${service.replaceAll('-', '_')}`;

export interface DatabaseSetupOptions {
  /** The database owner's connection (a role that may create schemas and roles). */
  connectionString: string;
  /** Each role's password; without one a role has none (trust or certificate authentication). */
  passwords?: Partial<Record<ServiceName, string>>;
  /**
   * `embedded`: every consumer keeps its checkpoint in `subscription_checkpoints`. `kafka`:
   * every service that reads the log may run the relay, which keeps its checkpoint and its lease
   * in the store.
   */
  bus?: 'kafka' | 'embedded';
}

export interface DatabaseSetup {
  roles: Record<ServiceName, string>;
  /** What each role was granted, in words, for the setup's report. */
  grants: Record<ServiceName, string[]>;
  /** The owner's URL with the service's role (and password) in place of the owner's. */
  urlFor(service: ServiceName): string;
}

export const setupDatabase = async (options: DatabaseSetupOptions): Promise<DatabaseSetup> => {
  const db = openPgDatabase({ connectionString: options.connectionString, poolSize: 2 });
  try {
    await createSchemas(db);
    const [where] = await db.query<{ database: string; store: string }>(
      `select current_database() as database,
              (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.oid = 'events'::regclass) as store`,
    );
    const { database, store } = where!;
    for (const service of serviceNames) {
      await ensureRole(db, roleOf(service), options.passwords?.[service]);
    }
    const grants = grantsOf(options);
    await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', ['digital-post:db-setup']);
      // Before PostgreSQL 15 every role could create tables in `public`.
      await tx.query('revoke create on schema public from public');
      for (const service of serviceNames) {
        await grant(tx, service, grants[service], { database, store });
      }
    });
    return {
      roles: Object.fromEntries(serviceNames.map((name) => [name, roleOf(name)])) as Record<
        ServiceName,
        string
      >,
      grants: Object.fromEntries(
        serviceNames.map((name) => [name, describe(grants[name], store)]),
      ) as Record<ServiceName, string[]>,
      urlFor: (service) => {
        const url = new URL(options.connectionString);
        url.username = roleOf(service);
        url.password = options.passwords?.[service] ?? '';
        return url.toString();
      },
    };
  } finally {
    await db.close();
  }
};

/** Every component's own schema function, run as the owner, and the bus's tables per service. */
const createSchemas = async (db: Database): Promise<void> => {
  await ensureEventStoreSchema(db);
  await ensureContentSchema(db);
  for (const service of serviceNames) {
    const { schema, ensureOwnSchema, retireOwnLeftovers } = serviceAccess[service];
    if (ensureOwnSchema) await ensureOwnSchema(db);
    else await ensureSchema(db, `${schema}-schema`, [`create schema if not exists ${schema}`]);
    await retireOwnLeftovers?.(db);
    await ensureConsumerSchema(db, schema);
  }
};

interface Grants extends ServiceAccess {
  checkpoints: boolean;
}

const grantsOf = ({ bus = 'kafka' }: DatabaseSetupOptions) =>
  Object.fromEntries(
    serviceNames.map((service) => {
      const access = serviceAccess[service];
      const checkpoints = bus === 'embedded' ? access.consumes : access.appends;
      return [service, { ...access, checkpoints }];
    }),
  ) as Record<ServiceName, Grants>;

const describe = (grants: Grants, store: string): string[] => [
  `schema ${grants.schema}: every table (select, insert, update, delete), its sequences`,
  ...(grants.appends ? [`${store}.events: select, insert; its sequence`] : []),
  ...(grants.checkpoints
    ? [`${store}.subscription_checkpoints, subscription_leases: select, insert, update`]
    : []),
  ...Object.entries(grants.content).map(
    ([table, privileges]) => `content.${table}: ${privileges.join(', ')}`,
  ),
];

/** Exactly these grants: whatever the role held on the deployment's schemas before is revoked. */
const grant = async (
  tx: SqlExecutor,
  service: ServiceName,
  grants: Grants,
  { database, store }: { database: string; store: string },
): Promise<void> => {
  const role = ident(roleOf(service));
  const run = (sql: string) => tx.query(sql);
  const schemas = [store, 'content', ...serviceNames.map((name) => serviceAccess[name].schema)];
  for (const schema of new Set(schemas)) {
    await run(`revoke all on all tables in schema ${ident(schema)} from ${role}`);
    await run(`revoke all on all sequences in schema ${ident(schema)} from ${role}`);
    await run(`revoke all on schema ${ident(schema)} from ${role}`);
  }
  await run(`grant connect on database ${ident(database)} to ${role}`);
  const own = ident(grants.schema);
  await run(`grant usage on schema ${own} to ${role}`);
  await run(`grant select, insert, update, delete on all tables in schema ${own} to ${role}`);
  await run(`grant usage, select on all sequences in schema ${own} to ${role}`);
  if (grants.appends || grants.checkpoints) {
    await run(`grant usage on schema ${ident(store)} to ${role}`);
  }
  if (grants.appends) {
    await run(`grant select, insert on ${ident(store)}.events to ${role}`);
    const [sequence] = await tx.query<{ name: string }>(
      `select pg_get_serial_sequence($1, 'global_position') as name`,
      [`${ident(store)}.events`],
    );
    await run(`grant usage on sequence ${sequence!.name} to ${role}`);
  }
  if (grants.checkpoints) {
    for (const table of ['subscription_checkpoints', 'subscription_leases']) {
      await run(`grant select, insert, update on ${ident(store)}.${table} to ${role}`);
    }
  }
  const content = Object.entries(grants.content);
  if (content.length > 0) await run(`grant usage on schema content to ${role}`);
  for (const [table, privileges] of content) {
    await run(`grant ${privileges.join(', ')} on content.${ident(table)} to ${role}`);
  }
  // The role's unqualified names (the bus's bookkeeping) resolve in its own schema first.
  await run(
    `alter role ${role} in database ${ident(database)} set search_path = ${own}, ${ident(store)}`,
  );
};

/**
 * A login role with no powers beyond its grants. Roles belong to the whole server, so several
 * setups may race to create one (the test suites do): the loser finds it made.
 */
const ensureRole = async (db: Database, role: string, password: string | undefined) => {
  const [existing] = await db.query<{ plain: boolean }>(
    `select rolcanlogin and not (rolsuper or rolcreatedb or rolcreaterole or rolbypassrls) as plain
       from pg_roles where rolname = $1`,
    [role],
  );
  if (!existing) {
    try {
      await db.query(`create role ${ident(role)} login`);
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
  } else if (!existing.plain) {
    await db.query(
      `alter role ${ident(role)} login nosuperuser nocreatedb nocreaterole nobypassrls`,
    );
  }
  if (password !== undefined) {
    const [statement] = await db.query<{ sql: string }>(
      `select format('alter role %I password %L', $1::text, $2::text) as sql`,
      [role, password],
    );
    await db.query(statement!.sql);
  }
};

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** duplicate_object, or the catalog's unique index when two sessions create it at once. */
const isDuplicate = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  (error.code === '42710' || error.code === '23505');
