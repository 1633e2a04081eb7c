import type { EventStore, RecordedEvent } from '@digital-post/event-store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_RULES_VERSION } from '../rules/currentRules.ts';
import { engineNames } from '../testing/engines.ts';
import {
  startEnrollmentHarness,
  type EnrollmentHarness,
  type FeedUnderTest,
} from '../testing/enrollmentHarness.ts';
import {
  born,
  ceased,
  died,
  moved,
  newCpr,
  newCvr,
  registered,
} from '../testing/registerEvents.ts';
import { createFileRegisterFeed } from './fileRegisterFeed.ts';
import { createRegisterFeedRunner } from './feedRunner.ts';
import type { RegisterEvent } from './registerEvent.ts';

const typesOf = (events: RecordedEvent[]) => events.map((event) => event.type);
const idsOf = (events: RecordedEvent[]) => events.map((event) => event.id);

describe.each(engineNames)('the register feed on %s', (engineName) => {
  // One database per engine (PGlite takes seconds to open); each test reads a feed of its own.
  let h: EnrollmentHarness;
  let feed: FeedUnderTest;
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName);
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    feed = await h.newFeed();
  });

  it('enrolls adults resident in Denmark, and neither children nor Greenland residents', async () => {
    const [adult, child, greenlander, abroad] = [newCpr(), newCpr(), newCpr(), newCpr()];
    const adultBorn = born(adult, '1990-01-01');
    await feed.writeBatch([
      adultBorn,
      born(child, '2015-05-05'),
      born(greenlander, '1990-01-01', 'GL'),
      born(abroad, '1990-01-01', 'DE'),
    ]);

    expect(await feed.service.drainRegisterFeed()).toEqual({
      read: 4,
      changed: 1,
      held: 0,
      unchanged: 3,
      duplicates: 0,
      rejected: 0,
    });
    const [enrolled, ...more] = await h.enrollmentStream(adult);
    expect(more).toEqual([]);
    expect(enrolled).toMatchObject({
      type: 'CitizenEnrolled',
      data: {
        mailboxId: `cpr:${adult}`,
        cpr: adult,
        cause: 'reached_age_15',
        firstEnrollment: true,
        trigger: 'register_event',
        triggerId: adultBorn.id,
        ruleVersion: CURRENT_RULES_VERSION,
        caseReference: null,
      },
    });
    for (const other of [child, greenlander, abroad]) {
      expect(await h.enrollmentStream(other)).toEqual([]);
      expect(typesOf(await h.registerStream(other))).toEqual([
        'PersonBornRegistered',
        'PersonMovedRegistered',
      ]);
    }
    expect(await h.personRow('cpr', adult)).toMatchObject({ enrolled: true, ever_enrolled: true });
    expect(await h.personRow('cpr', greenlander)).toMatchObject({
      enrolled: false,
      residence_country: 'GL',
    });
  });

  it('unenrolls on a move to Greenland and on death; companies follow their register', async () => {
    const [leaving, dying, company] = [newCpr(), newCpr(), newCvr()];
    await feed.writeBatch([
      born(leaving, '1980-03-03'),
      born(dying, '1950-04-04'),
      registered(company, '2020-01-01'),
    ]);
    await feed.service.drainRegisterFeed();
    const move = moved(leaving, 'GL', '2026-11-01');
    const death = died(dying, '2026-11-20');
    const cessation = ceased(company, '2026-11-21');
    await feed.writeBatch([move, death, cessation]);
    expect(await feed.service.drainRegisterFeed()).toMatchObject({ read: 3, changed: 3 });

    const ended = async (id: string) => (await h.enrollmentStream(id)).map((e) => e.data);
    expect(await ended(leaving)).toMatchObject([
      { cause: 'reached_age_15', firstEnrollment: true },
      { reason: 'moved_to_greenland', trigger: 'register_event', triggerId: move.id },
    ]);
    expect(await ended(dying)).toMatchObject([
      { cause: 'reached_age_15' },
      { reason: 'deceased', triggerId: death.id, ruleVersion: CURRENT_RULES_VERSION },
    ]);
    const companyStream = await h.enrollmentStream(company);
    expect(typesOf(companyStream)).toEqual(['CompanyEnrolled', 'CompanyUnenrolled']);
    expect(companyStream.map((e) => e.data)).toMatchObject([
      { cvr: company, cause: 'registered', firstEnrollment: true },
      { cvr: company, reason: 'ceased', triggerId: cessation.id },
    ]);
  });

  it('applies a batch once, written again under another name or read again from the start', async () => {
    const people = [newCpr(), newCpr(), newCpr()];
    const events = [
      ...people.map((cpr) => born(cpr, '1970-07-07')),
      moved(people[0]!, 'GL', '2026-01-01'),
      registered(newCvr(), '2001-01-01'),
    ];
    await feed.writeBatch(events);
    await feed.service.drainRegisterFeed();
    const before = idsOf(await h.wholeLog());

    await feed.writeBatch(events);
    expect(await feed.service.drainRegisterFeed()).toMatchObject({ read: 5, duplicates: 5 });
    expect(idsOf(await h.wholeLog())).toEqual(before);

    await h.engine.db.query('delete from enrollment.register_checkpoints where feed = $1', [
      feed.name,
    ]);
    expect(await feed.service.drainRegisterFeed()).toMatchObject({
      read: 10,
      duplicates: 10,
      changed: 0,
    });
    expect(idsOf(await h.wholeLog())).toEqual(before);
  });

  it('lists bad lines with their rule, writes nothing for them, and applies the rest', async () => {
    const [known, later, unknown] = [newCpr(), newCpr(), newCpr()];
    const knownBorn = born(known, '1990-01-01');
    await feed.writeBatch([knownBorn]);
    await feed.service.drainRegisterFeed();
    const before = idsOf(await h.wholeLog());

    const batchId = await feed.writeBatch([
      '{"id": "r-broken", "register": ',
      JSON.stringify({ ...born(later, '2000-01-01'), birthDate: '2011-02-30' }),
      moved(unknown, 'DK', '2026-01-01'),
      died(known, '2026-12-24'),
      { ...knownBorn, birthDate: '1991-01-01' } as RegisterEvent,
      born(later, '2000-01-01'),
    ]);
    expect(await feed.service.drainRegisterFeed()).toMatchObject({
      read: 6,
      rejected: 5,
      changed: 1,
    });

    const rejections = await h.engine.db.query<{ line_number: number; rule: string }>(
      `select line_number, rule from enrollment.register_rejections
        where batch_id = $1 order by line_number`,
      [batchId],
    );
    expect(rejections).toEqual([
      { line_number: 1, rule: 'malformed-json' },
      { line_number: 2, rule: 'invalid-event' },
      { line_number: 3, rule: 'unknown-person' },
      { line_number: 4, rule: 'date-in-future' },
      { line_number: 5, rule: 'conflicting-duplicate' },
    ]);
    const added = (await h.wholeLog()).filter((event) => !before.includes(event.id));
    expect(added.map((event) => event.streamId).sort()).toEqual(
      [`enrollment-${later}`, `register-${later}`, `register-${later}`].sort(),
    );
    expect(await h.registerStream(unknown)).toEqual([]);
    expect(await h.personRow('cpr', known)).toMatchObject({ enrolled: true });
  });

  it('after a crash in the middle of a chunk, the next drain applies everything once', async () => {
    const people = Array.from({ length: 10 }, () => newCpr());
    const events = people.map((cpr) => born(cpr, '1985-05-05'));
    await feed.writeBatch(events);
    const crashing = crashOnce(h.engine.store, 5);
    const writer = h.serviceWith({ store: crashing.store }).writer;
    const runner = createRegisterFeedRunner(
      h.engine.db,
      createFileRegisterFeed(feed.directory),
      writer,
      3,
    );

    await expect(runner.drain()).rejects.toThrow('crashed while appending');
    // The first chunk of three committed; nothing of the second did.
    const checkpoint = `select line from enrollment.register_checkpoints where feed = $1`;
    expect(await h.engine.db.query(checkpoint, [feed.name])).toEqual([{ line: 3 }]);
    expect(await h.enrollmentStream(people[3]!)).toEqual([]);
    expect(await h.registerStream(people[3]!)).toEqual([]);

    expect(await runner.drain()).toMatchObject({ read: 7, changed: 7, duplicates: 0 });
    for (const cpr of people) {
      expect(typesOf(await h.enrollmentStream(cpr))).toEqual(['CitizenEnrolled']);
      expect(await h.registerStream(cpr)).toHaveLength(2);
    }
    const [seen] = await h.engine.db.query<{ n: unknown }>(
      `select count(*) as n from enrollment.register_events_seen
        where register_event_id = any($1::text[])`,
      [events.map((event) => event.id)],
    );
    expect(Number(seen!.n)).toBe(10);
  });
});

/** The store, failing once on the `nth` append to an enrollment stream, as a crash would. */
const crashOnce = (store: EventStore, nth: number) => {
  let appends = 0;
  const crashing: EventStore = {
    append: async (streamId, events, options) => {
      if (streamId.startsWith('enrollment-') && (appends += 1) === nth) {
        throw new Error('crashed while appending');
      }
      return store.append(streamId, events, options);
    },
    // A chunk's appends are written together as it ends: the crash comes in the middle of them.
    appendToStreams: async (streamAppends, options) => {
      for (const { streamId } of streamAppends) {
        if (streamId.startsWith('enrollment-') && (appends += 1) === nth) {
          throw new Error('crashed while appending');
        }
      }
      return store.appendToStreams(streamAppends, options);
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readStreams: (streamIds, options) => store.readStreams(streamIds, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
  return { store: crashing };
};
