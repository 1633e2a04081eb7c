import { z } from 'zod';
import { cprSchema } from '../identifiers.ts';
import { definePort } from './port.ts';

/**
 * Who is a person, as the population register told the enrollment service: asked where a person
 * is named by CPR number and waits for the answer (giving someone access to one's post).
 */
export interface PopulationPort {
  /** Whether the register reported this CPR number, and no death. */
  isLivingPerson(cpr: string): Promise<boolean>;
}

export const populationPort = definePort<PopulationPort>({
  name: 'population',
  calls: ['isLivingPerson'],
  streams: [],
  errors: [],
  args: { isLivingPerson: z.tuple([cprSchema]) },
});
