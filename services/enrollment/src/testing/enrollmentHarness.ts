import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@digital-post/bus';
import { createContentStore } from '@digital-post/content-store';
import type { RecordedEvent } from '@digital-post/event-store';
import { createLocalFilePrintChannel } from '@digital-post/print';
import { waitFor } from '@digital-post/testing';
import {
  createEnrollmentService,
  type EnrollmentService,
  type EnrollmentServiceDeps,
} from '../index.ts';
import { ensureEnrollmentSchema } from '../readModel/schema.ts';
import { createFileRegisterFeed, writeRegisterBatch } from '../registerFeed/fileRegisterFeed.ts';
import type { RegisterEvent } from '../registerFeed/registerEvent.ts';
import { openEngine, type EngineName, type OpenedEngine } from './engines.ts';

/** What a test may replace in a service of the harness. */
export type ServiceOptions = Partial<Omit<EnrollmentServiceDeps, 'now' | 'bus' | 'content'>>;

export interface PersonRow {
  enrolled: boolean;
  ever_enrolled: boolean;
  residence_country: string | null;
  exemption_id: string | null;
  held_changes: number;
}

export interface EnrollmentHarness {
  engine: OpenedEngine;
  /** A service reading the harness's feed directory, with the current rules. */
  service: EnrollmentService;
  /** The service's clock: set `now` to move it. */
  clock: { now: Date };
  feedDirectory: string;
  printDirectory: string;
  /** What the services reported through `onError`. */
  errors: unknown[];
  /** Another service on the same database and feed: other rules, limits or store. */
  serviceWith(options: ServiceOptions): EnrollmentService;
  /** A feed of its own (its own directory and checkpoint), read by a service of its own. */
  newFeed(options?: ServiceOptions): Promise<FeedUnderTest>;
  /** Writes a register batch after all earlier ones; resolves with its batch id. */
  writeBatch(events: Iterable<RegisterEvent | string>, batchId?: string): Promise<string>;
  enrollmentStream(id: string): Promise<RecordedEvent[]>;
  registerStream(id: string): Promise<RecordedEvent[]>;
  /** The whole global log, once everything committed is visible. */
  wholeLog(): Promise<RecordedEvent[]>;
  personRow(kind: 'cpr' | 'cvr', id: string): Promise<PersonRow | undefined>;
  close(): Promise<void>;
}

export interface FeedUnderTest {
  name: string;
  directory: string;
  service: EnrollmentService;
  writeBatch(events: Iterable<RegisterEvent | string>, batchId?: string): Promise<string>;
}

export interface HarnessOptions extends ServiceOptions {
  /** The clock's start; default 2026-11-22T10:00:00Z. */
  now?: string;
}

interface Shared {
  engine: OpenedEngine;
  clock: { now: Date };
  errors: unknown[];
  printDirectory: string;
  defaults: ServiceOptions;
}

/** Services on one database, one bus and one print directory; each stopped at the end. */
const serviceFactory = async ({ engine, clock, errors, printDirectory, defaults }: Shared) => {
  const bus = await createEmbeddedBus(engine.store, engine.db);
  const content = await createContentStore(engine.db);
  const services: EnrollmentService[] = [];
  const create = (overrides: ServiceOptions) => {
    const service = createEnrollmentService({
      store: engine.store,
      db: engine.db,
      bus,
      content,
      printChannel: createLocalFilePrintChannel(printDirectory),
      // Tests drain and run the day change themselves; a poller only goes round once at start.
      registerPollMs: 3_600_000,
      dayChangeCheckMs: 3_600_000,
      onError: (error) => void errors.push(error),
      now: () => clock.now,
      ...defaults,
      ...overrides,
    });
    services.push(service);
    return service;
  };
  const stopAll = async () => {
    for (const service of services) await service.stop();
    await bus.close();
  };
  return { create, stopAll };
};

/** The enrollment service on one engine, with a file register feed and a local print directory. */
export const startEnrollmentHarness = async (
  engineName: EngineName,
  { now = '2026-11-22T10:00:00.000Z', ...defaults }: HarnessOptions = {},
): Promise<EnrollmentHarness> => {
  const engine = await openEngine(engineName);
  await ensureEnrollmentSchema(engine.db);
  const printDirectory = await mkdtemp(join(tmpdir(), 'dp-enrollment-print-'));
  const directories = [printDirectory];
  const shared = {
    engine,
    clock: { now: new Date(now) },
    errors: [] as unknown[],
    printDirectory,
    defaults,
  };
  const services = await serviceFactory(shared);
  const newFeed = async (overrides: ServiceOptions = {}): Promise<FeedUnderTest> => {
    const directory = await mkdtemp(join(tmpdir(), 'dp-enrollment-feed-'));
    directories.push(directory);
    const registerFeed = createFileRegisterFeed(directory);
    const service = services.create({ registerFeed, ...overrides });
    return { name: registerFeed.name, directory, service, writeBatch: batchWriter(directory) };
  };
  const main = await newFeed();
  return {
    ...shared,
    service: main.service,
    feedDirectory: main.directory,
    writeBatch: main.writeBatch,
    serviceWith: (overrides) =>
      services.create({ registerFeed: createFileRegisterFeed(main.directory), ...overrides }),
    newFeed,
    enrollmentStream: (id) => engine.store.readStream(`enrollment-${id}`),
    registerStream: (id) => engine.store.readStream(`register-${id}`),
    wholeLog: () => wholeLogOf(engine),
    personRow: personRowIn(engine),
    close: async () => {
      await services.stopAll();
      await engine.dispose();
      for (const directory of directories) await rm(directory, { recursive: true, force: true });
    },
  };
};

const personRowIn =
  ({ db }: OpenedEngine) =>
  async (kind: 'cpr' | 'cvr', id: string): Promise<PersonRow | undefined> =>
    (
      await db.query<PersonRow>(
        `select enrolled, ever_enrolled, residence_country, exemption_id, held_changes
           from enrollment.people where subject_kind = $1 and subject_id = $2`,
        [kind, id],
      )
    )[0];

/** Batch ids in the order they are written, as the feed reads them (plain text order). */
const batchWriter = (directory: string) => {
  let written = 0;
  return async (events: Iterable<RegisterEvent | string>, batchId?: string): Promise<string> => {
    written += 1;
    const id = batchId ?? `batch-${String(written).padStart(5, '0')}`;
    await writeRegisterBatch(directory, id, events);
    return id;
  };
};

/**
 * One read, not pages: the server holds back the log while an older transaction anywhere is
 * running, so the read waits until it returns every event the table holds.
 */
const wholeLogOf = ({ db, store }: OpenedEngine): Promise<RecordedEvent[]> =>
  waitFor(
    async () => {
      const [counted] = await db.query<{ n: unknown }>('select count(*) as n from events');
      const events = await store.readAll({ batchSize: 1_000_000 });
      return events.length === Number(counted!.n) && events;
    },
    { message: 'the whole global log' },
  );
