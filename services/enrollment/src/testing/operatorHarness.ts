import {
  createDevIssuer,
  createTokenVerifier,
  type DevIssuer,
  type Principal,
} from '@digital-post/auth';
import type { Database, RecordedEvent } from '@digital-post/event-store';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  createMassChangeBreaker,
  defaultBreakerLimits,
  type BreakerLimits,
} from '../breaker/massChangeBreaker.ts';
import { runDayChange } from '../dayChange/dayChange.ts';
import {
  createEnrollmentWriter,
  type EnrollmentWriter,
  type RegisterOutcome,
} from '../enrollment/enrollmentWriter.ts';
import { enrollmentStore, type EnrollmentStore } from '../readModel/projection.ts';
import { ensureEnrollmentSchema } from '../readModel/schema.ts';
import type { RegisterEvent } from '../registerFeed/registerEvent.ts';
import { currentRules } from '../rules/currentRules.ts';
import type { EnrollmentRules } from '../rules/rules.ts';
import { openEngine, type EngineName, type OpenedEngine } from './engines.ts';
import { enrollmentOperatorRoutes, type EnrollmentOperatorDeps } from '../operations/index.ts';

/**
 * The operator API on a real database (PGlite in memory, or a throw-away database on the
 * PostgreSQL server), with a development issuer whose tokens the routes verify, and the
 * writer the service itself builds.
 */
export const AUDIENCE = 'https://operations.digitalpost.local';
export const OPERATOR = 'operator-7';

export interface OperatorHarness {
  opened: OpenedEngine;
  db: Database;
  store: EnrollmentStore;
  writer: EnrollmentWriter;
  rules: EnrollmentRules;
  clock: { now: Date };
  now: () => Date;
  app: HttpApp;
  issuer: DevIssuer;
  tokenFor(principal: Principal, ttlSeconds?: number): Promise<string>;
  /** A request with an operator's token. */
  call(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    operatorId?: string,
  ): Promise<LightMyRequestResponse>;
  /** Records register events as the feed does, each in its own transaction. */
  register(...events: RegisterEvent[]): Promise<RegisterOutcome[]>;
  stream(subjectId: string): Promise<RecordedEvent[]>;
  /** Rows that any write would add to: events and the change list. */
  writes(): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  breakerLimits?: Partial<BreakerLimits>;
  rules?: EnrollmentRules;
  /** The clock the service runs on; 2026-03-02 10:00 in Copenhagen (09:00 UTC) by default. */
  start?: string;
}

/** The routes on an HTTP app as the operations front serves them, behind a dev issuer. */
const operatorApp = async (deps: Omit<EnrollmentOperatorDeps, 'verifier'>) => {
  const issuer = await createDevIssuer();
  const verifier = createTokenVerifier({
    issuer: issuer.issuer,
    audience: AUDIENCE,
    keys: issuer.publicKeys,
  });
  const logger = createLogger({ serviceName: 'enrollment', level: 'silent' });
  const app = await createHttpApp({ serviceName: 'enrollment', logger, openApi: {} });
  await app.register(enrollmentOperatorRoutes({ ...deps, verifier }));
  const tokenFor = (principal: Principal, ttlSeconds?: number) =>
    issuer.issue(principal, {
      audience: AUDIENCE,
      ...(ttlSeconds !== undefined && { ttlSeconds }),
    });
  return { app, issuer, tokenFor };
};

const writesIn = (db: Database) => async (): Promise<number> => {
  const [row] = await db.query<{ n: number }>(
    `select (select count(*) from events)::int + (select count(*) from enrollment.changes)::int
            + (select count(*) from enrollment.breaker_counts)::int as n`,
  );
  return Number(row!.n);
};

export const openOperatorHarness = async (
  engine: EngineName,
  options: HarnessOptions = {},
): Promise<OperatorHarness> => {
  const opened = await openEngine(engine);
  const { db } = opened;
  await ensureEnrollmentSchema(db);
  const clock = { now: new Date(options.start ?? '2026-03-02T09:00:00.000Z') };
  const now = () => clock.now;
  const store = enrollmentStore(opened.store, db);
  const rules = options.rules ?? currentRules;
  const limits = { ...defaultBreakerLimits, ...options.breakerLimits };
  const breaker = createMassChangeBreaker(limits, now);
  const writer = createEnrollmentWriter({ store, breaker, rules, now });
  const runDayChangeFor = (runDate: string) => runDayChange(db, writer, runDate, now());
  const { app, issuer, tokenFor } = await operatorApp({
    ...{ db, writer, rules, now },
    runDayChange: runDayChangeFor,
  });
  return {
    ...{ opened, db, store, writer, rules, clock, now, app, issuer, tokenFor },
    call: async (method, url, body, operatorId = OPERATOR) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${await tokenFor({ kind: 'operator', operatorId })}` },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    register: async (...events) => {
      const outcomes: RegisterOutcome[] = [];
      for (const event of events) {
        outcomes.push(
          await db.transaction((tx) => writer.recordRegisterEvent(tx, event, 'test-batch')),
        );
      }
      return outcomes;
    },
    stream: (subjectId) => opened.store.readStream(`enrollment-${subjectId}`),
    writes: writesIn(db),
    close: async () => {
      await app.close();
      await opened.dispose();
    },
  };
};

export interface Refusal {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  /** Sent as it is, with content-type application/json: for bodies that are not JSON. */
  rawBody?: string;
}

/** Sends a request that must be refused with a problem of `status`, and writes nothing. */
export const expectRefused = async (
  h: OperatorHarness,
  request: Refusal,
  status = 400,
): Promise<{ type: string; status: number; detail?: string }> => {
  const before = await h.writes();
  const token = await h.tokenFor({ kind: 'operator', operatorId: OPERATOR });
  const response = await h.app.inject({
    method: request.method,
    url: request.url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.rawBody !== undefined && { 'content-type': 'application/json' }),
    },
    ...(request.body !== undefined && { payload: request.body as object }),
    ...(request.rawBody !== undefined && { payload: request.rawBody }),
  });
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json();
  expect(problem).toMatchObject({
    status,
    type: expect.stringMatching(/^https:\/\/digitalpost\.dk\/problems\//),
  });
  expect(await h.writes()).toBe(before);
  return problem;
};
