import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { EventStore } from '@digital-post/event-store';
import { DomainRuleError, foldEvents } from '@digital-post/service-kit';
import { z } from 'zod';
import { enrollmentDecider } from './enrollmentDecider.ts';
import { enrollmentStreamOf, type EnrollmentEvent } from './enrollmentEvents.ts';
import {
  enrollmentRequestSchema,
  toEnrollmentCommand,
  type EnrollmentRequest,
} from './enrollmentRequest.ts';

/**
 * Loads a JSON file of enrollment facts (an array of the admin API's requests, each with the
 * moment `at` it took effect) until the enrollment service exists. Loading twice writes nothing
 * the second time: each fact's events get ids derived from the fact itself, and a stream that
 * already holds them is left alone, even if it changed since (the seed never undoes an
 * operator's later correction).
 */
const seedFileSchema = z.array(
  z.intersection(enrollmentRequestSchema, z.object({ at: z.iso.datetime() })),
);

/** GrantExemption decides at most two events (granted, unenrolled); so does EndExemption. */
const MAX_EVENTS_PER_FACT = 2;

export type SeedFact = z.infer<typeof seedFileSchema>[number];

export interface SeedOutcome {
  appended: number;
  alreadySeeded: number;
  /** Facts the enrollment rules refused (e.g. enrolling someone enrolled), with the rule. */
  refused: { subject: string; rule: string }[];
}

export const seedEnrollments = async (
  store: Pick<EventStore, 'append' | 'readStream'>,
  file: string,
): Promise<SeedOutcome> => {
  const facts = seedFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const outcome: SeedOutcome = { appended: 0, alreadySeeded: 0, refused: [] };
  for (const fact of facts) await seedOne(store, fact, outcome);
  return outcome;
};

const seedOne = async (
  store: Pick<EventStore, 'append' | 'readStream'>,
  fact: SeedFact,
  outcome: SeedOutcome,
): Promise<void> => {
  const streamId = enrollmentStreamOf(fact.subject);
  const recorded = await store.readStream(streamId);
  const key = factKey(fact);
  const seedIds = Array.from({ length: MAX_EVENTS_PER_FACT }, (_, index) =>
    deterministicUuid(key, index),
  );
  if (recorded.some((event) => seedIds.includes(event.id))) {
    outcome.alreadySeeded += 1;
    return;
  }
  const history = recorded.map((e) => ({ type: e.type, data: e.data }) as EnrollmentEvent);
  const state = foldEvents(enrollmentDecider, history);
  let events: EnrollmentEvent[];
  try {
    events = enrollmentDecider.decide(
      toEnrollmentCommand(withSeedExemptionId(fact, key), fact.at),
      state,
    );
  } catch (error) {
    if (!(error instanceof DomainRuleError)) throw error;
    outcome.refused.push({ subject: `${fact.subject.kind}:${fact.subject.id}`, rule: error.rule });
    return;
  }
  await store.append(
    streamId,
    events.map((event, index) => ({
      ...event,
      id: seedIds[index]!,
      metadata: { actor: { kind: 'system', id: 'enrollment-seed' } },
    })),
    { expectedVersion: recorded.length === 0 ? 'no_stream' : recorded.at(-1)!.streamVersion },
  );
  outcome.appended += events.length;
};

/** What makes a fact this fact: the request and its moment, in a fixed order. */
const factKey = (fact: SeedFact): string => {
  const { action, subject, caseReference, at } = fact;
  const detail = 'cause' in fact ? fact.cause : 'reason' in fact ? fact.reason : fact.grantedBy;
  return ['seed', action, subject.kind, subject.id, detail, caseReference, at].join('|');
};

const withSeedExemptionId = (fact: SeedFact, key: string): EnrollmentRequest =>
  fact.action === 'grant_exemption' && !fact.exemptionId
    ? { ...fact, exemptionId: deterministicUuid(key, 'exemption') }
    : fact;

/**
 * A UUID (version 8, "custom") from the fact's key and the event's index: the same fact always
 * yields the same ids, so a repeated load is recognised.
 */
export const deterministicUuid = (key: string, index: number | string): string => {
  const hex = createHash('sha256').update(`${key}#${index}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = `${hex.slice(0, 12)}8${hex.slice(13, 16)}${variant}${hex.slice(17, 32)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
