import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineNames } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, died, newCpr, registered, newCvr } from '../testing/registerEvents.ts';

describe.each(engineNames)('the population on %s', (engineName) => {
  let h: EnrollmentHarness;
  const people = { living: newCpr(), child: newCpr(), dead: newCpr(), neverReported: newCpr() };
  const company = newCvr();

  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName, { now: '2026-11-22T10:00:00.000Z' });
    await h.writeBatch([
      born(people.living, '1980-01-01'),
      born(people.child, '2020-01-01'),
      born(people.dead, '1930-01-01'),
      died(people.dead, '2025-01-01'),
      registered(company, '2020-01-01'),
    ]);
    await h.service.drainRegisterFeed();
  });
  afterAll(() => h?.close());

  it.each<[keyof typeof people, boolean]>([
    ['living', true],
    // Not enrolled, yet a person: a child may be given access to a parent's post.
    ['child', true],
    ['dead', false],
    ['neverReported', false],
  ])('knows %s as a living person: %s', async (who, answer) => {
    expect(await h.service.population.isLivingPerson(people[who])).toBe(answer);
  });

  it('knows no company as a person', async () => {
    expect(await h.service.population.isLivingPerson(company.padStart(10, '0'))).toBe(false);
  });
});
