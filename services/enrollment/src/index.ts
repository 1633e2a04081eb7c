import type { TokenVerifier } from '@digital-post/auth';
import type {
  EnrollmentRedecisionPort,
  MyEnrollmentPort,
  PopulationPort,
  ReachabilityPort,
} from '@digital-post/contracts';
import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { ContentStore } from '@digital-post/content-store';
import type { Database, EventStore } from '@digital-post/event-store';
import type { PrintChannel } from '@digital-post/print';
import { createLogger, type FastifyPluginAsyncZod } from '@digital-post/service-kit';
import {
  createMassChangeBreaker,
  defaultBreakerLimits,
  type BreakerLimits,
} from './breaker/massChangeBreaker.ts';
import { runDayChange, scheduleDayChange, type DayChangeOutcome } from './dayChange/dayChange.ts';
import { createEnrollmentWriter, type EnrollmentWriter } from './enrollment/enrollmentWriter.ts';
import { createMyEnrollment } from './myEnrollment/myEnrollment.ts';
import { enrollmentOperatorRoutes } from './operations/index.ts';
import { enrollmentStore } from './readModel/projection.ts';
import { ensureEnrollmentSchema } from './readModel/schema.ts';
import { createPopulation } from './population/population.ts';
import { createReachability } from './reachability/reachability.ts';
import { createRegisterFeedRunner, type FeedRunOutcome } from './registerFeed/feedRunner.ts';
import type { RegisterFeed } from './registerFeed/registerFeed.ts';
import { currentRules } from './rules/currentRules.ts';
import { enrollmentRedecisionOf } from './redecision/redecide.ts';
import type { EnrollmentRules } from './rules/rules.ts';
import { startWelcomeLetters } from './welcomeLetter/welcomeLetters.ts';
import { startOwnRequests } from './ownRequest/ownRequests.ts';

export interface EnrollmentServiceDeps {
  store: EventStore;
  /** The service's database; the store's, since events and read models share transactions. */
  db: Database;
  bus: EventBus;
  content: ContentStore;
  /** Verifies the operators' tokens; without it the service serves no operator routes. */
  operatorVerifier?: TokenVerifier;
  /** The paper channel the physical welcome letter goes out through. */
  printChannel: PrintChannel;
  /** The population and company registers' events; none: nothing is read. */
  registerFeed?: RegisterFeed;
  /** How often the feed is asked for more. Default 5 s. */
  registerPollMs?: number;
  /** How often the day change checks whether today's run is due. Default 15 min. */
  dayChangeCheckMs?: number;
  /** The rules in force; tests replace them to show what a faulty version would do. */
  rules?: EnrollmentRules;
  breakerLimits?: Partial<BreakerLimits>;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface EnrollmentService {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The senders' lookup: the answer routing acts on (ports, in contracts). */
  readonly reachability: ReachabilityPort;
  /** A citizen's or company's own enrollment, for the gateway. */
  readonly myEnrollment: MyEnrollmentPort;
  /** Who is a living person the register knows, for access control. */
  readonly population: PopulationPort;
  /** Applies what the register feed holds now (also what the poller does). */
  drainRegisterFeed(): Promise<FeedRunOutcome>;
  runDayChange(runDate: string): Promise<DayChangeOutcome>;
  /** Exemptions, held changes, audit, remediation, changes: under /admin/enrollment. */
  readonly operatorRoutes: FastifyPluginAsyncZod | undefined;
  readonly writer: EnrollmentWriter;
  readonly rules: EnrollmentRules;
  /** Changes decided again by the rules in force from the facts of their time (incidents). */
  readonly redecision: EnrollmentRedecisionPort;
}

/**
 * Creates the schema once per process, also where the service is only built to answer lookups
 * (the sender API of a deployment that runs enrollment in another process); tried again after
 * a failure.
 */
const schemaOnce = (db: Database): (() => Promise<void>) => {
  let ready: Promise<void> | undefined;
  return () =>
    (ready ??= ensureEnrollmentSchema(db).catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
};

export const createEnrollmentService = (deps: EnrollmentServiceDeps): EnrollmentService => {
  const now = deps.now ?? (() => new Date());
  const onError =
    deps.onError ??
    ((error: unknown) =>
      createLogger({ serviceName: 'enrollment' }).error({ err: error }, 'enrollment failed'));
  const store = enrollmentStore(deps.store, deps.db);
  const rules = deps.rules ?? currentRules;
  const breaker = createMassChangeBreaker({ ...defaultBreakerLimits, ...deps.breakerLimits }, now);
  const writer = createEnrollmentWriter({ store, breaker, rules, now });
  const feedRunner = deps.registerFeed
    ? createRegisterFeedRunner(deps.db, deps.registerFeed, writer)
    : undefined;
  const dayChange = async (runDate: string) => {
    await ensureSchemaOnce();
    return runDayChange(deps.db, writer, runDate, now());
  };
  let welcomeLetters: RunningConsumer | undefined;
  let ownRequests: RunningConsumer | undefined;
  let schedule: { stop(): Promise<void> } | undefined;
  const ensureSchemaOnce = schemaOnce(deps.db);

  return {
    start: async () => {
      await ensureSchemaOnce();
      welcomeLetters = await startWelcomeLetters({ ...deps, store, now, onError });
      ownRequests = await startOwnRequests({ bus: deps.bus, writer, now, onError });
      feedRunner?.start(deps.registerPollMs ?? 5000, onError);
      const checkMs = deps.dayChangeCheckMs ?? 900_000;
      schedule = scheduleDayChange(deps.db, dayChange, now, checkMs, onError);
    },
    stop: async () => {
      await schedule?.stop();
      await feedRunner?.stop();
      await welcomeLetters?.stop();
      await ownRequests?.stop();
    },
    reachability: createReachability({ store, now }),
    myEnrollment: createMyEnrollment({ store, now }),
    population: createPopulation({ db: deps.db, ensureSchema: ensureSchemaOnce }),
    drainRegisterFeed: async () => {
      if (!feedRunner) throw new Error('no register feed is configured');
      await ensureSchemaOnce();
      return feedRunner.drain();
    },
    runDayChange: dayChange,
    operatorRoutes:
      deps.operatorVerifier &&
      enrollmentOperatorRoutes({
        db: deps.db,
        writer,
        rules,
        now,
        runDayChange: dayChange,
        verifier: deps.operatorVerifier,
      }),
    writer,
    rules,
    redecision: enrollmentRedecisionOf({ store: deps.store, rules }),
  };
};

export { CURRENT_RULES_VERSION, currentRules } from './rules/currentRules.ts';
export type { EnrollmentRules, Verdict } from './rules/rules.ts';
export type { BreakerLimits } from './breaker/massChangeBreaker.ts';
export type { RegisterFeed } from './registerFeed/registerFeed.ts';
export type { RegisterEvent } from './registerFeed/registerEvent.ts';
export { ensureEnrollmentSchema } from './readModel/schema.ts';
export { enrollmentRedecisionOf } from './redecision/redecide.ts';
export { createFileRegisterFeed, writeRegisterBatch } from './registerFeed/fileRegisterFeed.ts';
export { runAudit, type AuditReport } from './operations/index.ts';
