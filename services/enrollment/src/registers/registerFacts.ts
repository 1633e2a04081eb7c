import type {
  CompanyCeased,
  CompanyRegistered,
  PersonBornRegistered,
  PersonDiedRegistered,
  PersonMovedRegistered,
} from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import { isFutureDate, type RegisterEvent } from '../registerFeed/registerEvent.ts';
import { noCompanyFacts, noPersonFacts, type Facts, type PersonFacts } from '../rules/rules.ts';

/**
 * The register facts of one citizen or company (stream `register-<cpr or cvr>`): what the
 * population and company registers reported, checked against what they reported before. The
 * rules decide enrollment from these, and the audit recomputes it from them.
 */
export type RegisterFactEvent =
  | { type: 'PersonBornRegistered'; data: PersonBornRegistered }
  | { type: 'PersonMovedRegistered'; data: PersonMovedRegistered }
  | { type: 'PersonDiedRegistered'; data: PersonDiedRegistered }
  | { type: 'CompanyRegistered'; data: CompanyRegistered }
  | { type: 'CompanyCeased'; data: CompanyCeased };

export const registerFactEventTypes: RegisterFactEvent['type'][] = [
  'PersonBornRegistered',
  'PersonMovedRegistered',
  'PersonDiedRegistered',
  'CompanyRegistered',
  'CompanyCeased',
];

export interface RecordRegisterEvent {
  event: RegisterEvent;
  /** When the service recorded it, and the day it counts as today. */
  at: string;
  today: string;
}

const reject = (rule: string, detail: string): never => {
  throw new DomainRuleError(rule, detail, 422);
};

const notInFuture = (date: string, today: string, what: string): void => {
  if (isFutureDate(date, today))
    reject('date-in-future', `The ${what} ${date} is after today (${today}).`);
};

const personFacts = (
  event: RegisterEvent,
  facts: Facts,
  at: string,
  today: string,
): RegisterFactEvent[] => {
  const person = facts as PersonFacts;
  const base = { cpr: 'cpr' in event ? event.cpr : '', registerEventId: event.id, recordedAt: at };
  switch (event.type) {
    case 'born':
      // A second birth would also move the person back to Denmark (its implied residence): a
      // Greenland resident would be enrolled. Operators look at it instead.
      if (person.known) reject('already-born', `The register reported ${base.cpr} born before.`);
      notInFuture(event.birthDate, today, 'birth date');
      return [
        { type: 'PersonBornRegistered', data: { ...base, birthDate: event.birthDate } },
        {
          type: 'PersonMovedRegistered',
          // A birth in the Danish population register is a birth in Denmark unless it says not.
          data: {
            ...base,
            residenceCountry: event.residenceCountry ?? 'DK',
            movedOn: event.birthDate,
          },
        },
      ];
    case 'moved':
      if (!person.known) reject('unknown-person', `The register never reported ${base.cpr} born.`);
      // A death is final: a later move or a second death is a register error, not a fact.
      if (person.diedOn) reject('already-dead', `The register reported ${base.cpr} dead already.`);
      // The rules read the residence as it is today: a move announced ahead would apply early.
      notInFuture(event.movedOn, today, 'moving date');
      return [{ type: 'PersonMovedRegistered', data: { ...base, ...pick(event) } }];
    case 'died':
      if (!person.known) reject('unknown-person', `The register never reported ${base.cpr} born.`);
      // A death is final: a later move or a second death is a register error, not a fact.
      if (person.diedOn) reject('already-dead', `The register reported ${base.cpr} dead already.`);
      notInFuture(event.diedOn, today, 'date of death');
      if (person.birthDate && event.diedOn < person.birthDate) {
        reject('death-before-birth', `${event.diedOn} is before the birth date.`);
      }
      return [{ type: 'PersonDiedRegistered', data: { ...base, diedOn: event.diedOn } }];
    default:
      return reject('wrong-register', `A ${event.type} event is not about a person.`);
  }
};

const pick = (event: Extract<RegisterEvent, { type: 'moved' }>) => ({
  residenceCountry: event.residenceCountry,
  movedOn: event.movedOn,
});

const companyFacts = (
  event: RegisterEvent,
  facts: Facts,
  at: string,
  today: string,
): RegisterFactEvent[] => {
  const base = { cvr: 'cvr' in event ? event.cvr : '', registerEventId: event.id, recordedAt: at };
  switch (event.type) {
    case 'registered':
      notInFuture(event.registeredOn, today, 'registration date');
      return [{ type: 'CompanyRegistered', data: { ...base, registeredOn: event.registeredOn } }];
    case 'ceased':
      if (!facts.known) reject('unknown-company', `The register never reported ${base.cvr}.`);
      notInFuture(event.ceasedOn, today, 'date of cessation');
      return [{ type: 'CompanyCeased', data: { ...base, ceasedOn: event.ceasedOn } }];
    default:
      return reject('wrong-register', `A ${event.type} event is not about a company.`);
  }
};

/** The facts after one more event: also how the read model folds its row. */
export const evolveFacts = (facts: Facts, event: RegisterFactEvent): Facts => {
  switch (event.type) {
    case 'PersonBornRegistered':
      return { ...(facts as PersonFacts), known: true, birthDate: event.data.birthDate };
    case 'PersonMovedRegistered': {
      const person = facts as PersonFacts;
      const bornThere = event.data.movedOn === person.birthDate;
      return {
        ...person,
        residenceCountry: event.data.residenceCountry,
        residentSince: bornThere ? null : event.data.movedOn,
      };
    }
    case 'PersonDiedRegistered':
      return { ...(facts as PersonFacts), diedOn: event.data.diedOn };
    case 'CompanyRegistered':
      return { known: true, registeredOn: event.data.registeredOn, ceasedOn: null };
    case 'CompanyCeased':
      return { ...facts, ceasedOn: event.data.ceasedOn } as Facts;
  }
};

/** A decider per subject kind: the initial facts differ, the commands are the same. */
export const registerFactsDecider = (
  kind: 'cpr' | 'cvr',
): Decider<RecordRegisterEvent, RegisterFactEvent, Facts> => ({
  initialState: () => (kind === 'cpr' ? noPersonFacts() : noCompanyFacts()),
  decide: ({ event, at, today }, facts) =>
    kind === 'cpr' ? personFacts(event, facts, at, today) : companyFacts(event, facts, at, today),
  evolve: evolveFacts,
});
