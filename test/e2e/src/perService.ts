import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTopicPlan } from '@digital-post/bus/kafka';
import { setupDatabase, type DatabaseSetup } from '@digital-post/platform';
import { noRateLimits } from '@digital-post/platform/testing';
import {
  createTestDatabase,
  freePort,
  startKafkaMock,
  startTsProcess,
  type TsProcess,
} from '@digital-post/testing';
import { REGISTER_POLL_MS, type RunningSystem } from './system.ts';

type ServiceName = Parameters<DatabaseSetup['urlFor']>[0];

const main = fileURLToPath(new URL('../../../services/platform/src/main.ts', import.meta.url));

/** The deployment's database, as its owner set it up, for tests that look inside it. */
export interface PerServiceSystem extends RunningSystem {
  database: { ownerUrl: string; setup: DatabaseSetup };
  /** The Kafka protocol peer's bootstrap servers, to watch the consumer groups' offsets. */
  kafkaBrokers: string[];
  /**
   * Kills the sender API's process (SIGKILL) and starts it again as before; answers its new
   * fronts' URLs once it listens (and points `senderApi` there).
   */
  restartSenderApi(): Promise<{ senderApi: string; operations: string }>;
  /** The notification process's operations front (its operator routes). */
  notificationOperations: string;
  /** Kills the notification service's process (SIGKILL), as a crash would. */
  killNotification(): Promise<void>;
  /** Starts the notification service's process again, as before; once it listens. */
  startNotification(): Promise<void>;
}

export interface PerServiceOptions {
  /** The notification process's own settings: its providers, how long it holds a notice. */
  notification?: Record<string, string>;
  /**
   * Partitions of each topic: two unless said, which keeps the peer quick; `planned` takes the
   * deployment's topic plan. The peer keeps at most 5 MiB of a partition (librdkafka's mock
   * cluster drops the oldest beyond), so a backlog larger than that a partition needs more.
   */
  partitions?: number | 'planned';
}

type Start = ReturnType<typeof starter>;

/**
 * The SREs' tools: routing decides letters again, the mailbox withdraws misdelivered ones,
 * enrollment decides its changes again.
 */
const startTools = async (
  start: Start,
  routing: ReturnType<Start>,
  urls: { DIGITAL_POST_MAILBOX_URL: string; DIGITAL_POST_ENROLLMENT_URL: string },
) =>
  start('operations', {
    DIGITAL_POST_DEV_TOKENS: 'off',
    DIGITAL_POST_ROUTING_URL: await urlOf(routing, '  service ports (internal):'),
    ...urls,
  });

/**
 * The shape docker-compose.yml runs, without containers: one process per service on the
 * PostgreSQL server and Kafka, the relay in each process but the gateway (one publishing), the gateway alone at the
 * edge calling the mailbox's and enrollment's ports over HTTP, the identity provider's and the
 * service key, the print output and the registers' feed shared through folders. The database is
 * set up by its owner first (`pnpm db:setup`); each process connects as its service's own role.
 */
export const startProcessPerService = async (
  options: PerServiceOptions = {},
): Promise<PerServiceSystem> => {
  const infrastructure = await startInfrastructure(options.partitions ?? 2);
  const { dir, database, setup, kafka } = infrastructure;
  const common = commonSettings(dir, kafka.bootstrapServers);
  const start = starter(common, setup);
  // Routing first: it creates the identity provider's key the others then read.
  const routing = start('routing', { DIGITAL_POST_DEV_TOKENS: 'on' });
  const operations = await urlOf(routing, '  operations:');
  // Every process but the gateway's is a candidate relay; one of them publishes.
  const quiet = { DIGITAL_POST_DEV_TOKENS: 'off' };
  // The services that call ports start once the processes that serve them listen.
  const enrollment = start('enrollment', quiet);
  const enrollmentUrl = {
    DIGITAL_POST_ENROLLMENT_URL: await urlOf(enrollment, '  service ports (internal):'),
  };
  const access = start('access-control', { ...quiet, ...enrollmentUrl });
  const accessUrl = { DIGITAL_POST_ACCESS_URL: await urlOf(access, '  service ports (internal):') };
  const mailbox = start('mailbox', { ...quiet, ...accessUrl });
  // Its ports stay across a restart, so the processes that call it find it again.
  const notificationPort = String(await freePort());
  const notification = restartable(() =>
    start('notification', { ...quiet, INTERNAL_PORT: notificationPort, ...options.notification }),
  );
  const ports = {
    DIGITAL_POST_MAILBOX_URL: await urlOf(mailbox, '  service ports (internal):'),
    DIGITAL_POST_NOTIFICATION_URL: await urlOf(notification.now, '  service ports (internal):'),
    ...enrollmentUrl,
    ...accessUrl,
  };
  const senderApi = restartable(() => start('sender-api', { ...quiet, ...ports }));
  const gateway = start('gateway', { ...quiet, ...ports });
  const tools = await startTools(start, routing, ports);
  const others = [routing, access, mailbox, enrollment, gateway, tools];
  const system: PerServiceSystem = {
    operations,
    enrollmentOperations: await urlOf(enrollment, '  operations:'),
    toolsOperations: await urlOf(tools, '  operations:'),
    senderApi: await urlOf(senderApi.now, '  authorities (sender API):'),
    gateway: await urlOf(gateway, '  viewing clients (gateway):'),
    printDir: common.DIGITAL_POST_PRINT_DIR,
    registerFeedDir: common.DIGITAL_POST_REGISTER_FEED_DIR,
    database: { ownerUrl: database.url, setup },
    kafkaBrokers: kafka.bootstrapServers,
    restartSenderApi: async () => {
      await senderApi.now.kill();
      const restarted = senderApi.start();
      system.senderApi = await urlOf(restarted, '  authorities (sender API):');
      return { senderApi: system.senderApi, operations: await urlOf(restarted, '  operations:') };
    },
    notificationOperations: await urlOf(notification.now, '  operations:'),
    killNotification: () => notification.now.kill(),
    startNotification: async () => {
      system.notificationOperations = await urlOf(notification.start(), '  operations:');
    },
    // SIGTERM: each process stops its consumers, storing their checkpoints, and its servers.
    close: () => stopAll([...others, senderApi.now, notification.now], infrastructure),
  };
  return system;
};

/** Starts a service's process as its own role, with the settings all processes share. */
const starter =
  (common: Record<string, string>, setup: DatabaseSetup) =>
  (service: ServiceName, extra: Record<string, string>) =>
    startTsProcess(main, {
      ...common,
      DIGITAL_POST_DATABASE_URL: setup.urlFor(service),
      DIGITAL_POST_SERVICES: service,
      ...extra,
    });

/** The database as its owner set it up, the Kafka protocol peer, and a folder of its own. */
const startInfrastructure = async (partitions: number | 'planned') => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-per-service-'));
  const database = await createTestDatabase('per_service');
  const setup = await setupDatabase({ connectionString: database.url, bus: 'kafka' });
  const plan = await readTopicPlan();
  const topics =
    partitions === 'planned' ? plan.topics : plan.topics.map((t) => ({ ...t, partitions }));
  const kafka = await startKafkaMock({ topics });
  return { dir, database, setup, kafka };
};

const stopAll = async (
  processes: TsProcess[],
  { dir, database, kafka }: Awaited<ReturnType<typeof startInfrastructure>>,
) => {
  await Promise.all(processes.map((process) => process.kill('SIGTERM')));
  await kafka.stop();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
};

/** A service's process that a test may kill and start again as it was. */
const restartable = (begin: () => TsProcess) => {
  let current = begin();
  return {
    get now() {
      return current;
    },
    start: () => (current = begin()),
  };
};

/** What every process gets: the brokers, the shared keys and folders, ports of the system's choosing. */
const commonSettings = (dir: string, brokers: string[]) => ({
  DIGITAL_POST_KAFKA_BROKERS: brokers.join(','),
  DIGITAL_POST_DEV_IDP_KEY_FILE: join(dir, 'idp-key.json'),
  DIGITAL_POST_SERVICE_KEY_FILE: join(dir, 'service-key.json'),
  DIGITAL_POST_PRINT_DIR: join(dir, 'print'),
  DIGITAL_POST_REGISTER_FEED_DIR: join(dir, 'registers'),
  DIGITAL_POST_REGISTER_POLL_MS: REGISTER_POLL_MS,
  GATEWAY_PORT: '0',
  SENDER_API_PORT: '0',
  OPERATIONS_PORT: '0',
  INTERNAL_PORT: '0',
  LOG_LEVEL: 'warn',
  ...noRateLimits,
});

/** The front's base URL from the line the process prints when it listens. */
const urlOf = async (process: TsProcess, label: string): Promise<string> => {
  const line = await process.waitForLine(label, 90_000);
  return /(http:\/\/[^/\s]+)/.exec(line)![1]!;
};
