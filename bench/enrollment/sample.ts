import type { RegisterEvent } from '@digital-post/enrollment';
import { cprOf } from '@digital-post/enrollment/testing';

/**
 * The register events measured, as a day's worth of a national register might carry them:
 * moves (among them to and from Greenland), deaths and births, about people of the generated
 * population (and new-born ones), in batch files of `batchSize`.
 */
export const sampleEvents = (population: number, count: number, today: string): RegisterEvent[] =>
  Array.from({ length: count }, (_, n): RegisterEvent => {
    const i = 1 + ((n * 7919) % population);
    const id = `bench-${n}`;
    switch (n % 5) {
      case 0:
        return {
          id,
          register: 'population',
          type: 'moved',
          cpr: cprOf(i),
          residenceCountry: 'GL',
          movedOn: today,
        };
      case 1:
        return {
          id,
          register: 'population',
          type: 'moved',
          cpr: cprOf(i),
          residenceCountry: 'DK',
          movedOn: today,
        };
      case 2:
        return { id, register: 'population', type: 'died', cpr: cprOf(i), diedOn: today };
      default: {
        const day = String(1 + (n % 28)).padStart(2, '0');
        return {
          id,
          register: 'population',
          type: 'born',
          cpr: `${day}0111${String(n % 10_000).padStart(4, '0')}`,
          birthDate: `2011-01-${day}`,
          residenceCountry: 'DK',
        };
      }
    }
  });
