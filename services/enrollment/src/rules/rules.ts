import type { Subject } from '../subjects/subject.ts';

/**
 * What the registers say about a citizen or a company, folded from its register stream. A
 * subject the registers never reported is `known: false`: the rules have no opinion on it.
 */
export interface PersonFacts {
  known: boolean;
  birthDate: string | null;
  /** ISO 3166-1 alpha-2; null while the register has not said. */
  residenceCountry: string | null;
  /** When the person moved to where they live now; null if they were born there. */
  residentSince: string | null;
  diedOn: string | null;
}

export interface CompanyFacts {
  known: boolean;
  registeredOn: string | null;
  ceasedOn: string | null;
}

export type Facts = PersonFacts | CompanyFacts;

export type EnrollCauseCode =
  'reached_age_15' | 'moved_to_denmark' | 'exemption_ended' | 'registered' | 'correction';
export type UnenrollReasonCode =
  'deceased' | 'emigrated' | 'moved_to_greenland' | 'ceased' | 'exempted' | 'correction';

/**
 * What the rules say a subject's enrollment should be, exemptions aside (an exemption always
 * wins, see `desiredEnrollment`). `either` means the rules neither enroll nor unenroll: a
 * citizen living abroad keeps what they have, and a subject the registers never reported is
 * left to operators.
 */
export type Verdict =
  | { should: 'enrolled'; cause: EnrollCauseCode }
  | { should: 'not_enrolled'; reason: NotEnrolledReason }
  | { should: 'either'; reason: 'abroad' | 'unknown_to_registers' };

/** Why the rules keep a subject out; only some of them are reasons to unenroll one. */
export type NotEnrolledReason = 'under_15' | 'deceased' | 'moved_to_greenland' | 'ceased';

export interface EnrollmentRules {
  /** Recorded on every change the rules make, to find every change of a faulty version. */
  readonly version: string;
  citizen(facts: PersonFacts, today: string): Verdict;
  company(facts: CompanyFacts, today: string): Verdict;
}

export const verdictFor = (
  rules: EnrollmentRules,
  subject: Subject,
  facts: Facts,
  today: string,
): Verdict =>
  subject.kind === 'cpr'
    ? rules.citizen(facts as PersonFacts, today)
    : rules.company(facts as CompanyFacts, today);

/** The reasons the rules give that also unenroll someone who is enrolled. */
export const unenrollReasonOf = (reason: NotEnrolledReason): UnenrollReasonCode | null =>
  reason === 'under_15' ? null : reason;

export const noPersonFacts = (): PersonFacts => ({
  known: false,
  birthDate: null,
  residenceCountry: null,
  residentSince: null,
  diedOn: null,
});

export const noCompanyFacts = (): CompanyFacts => ({
  known: false,
  registeredOn: null,
  ceasedOn: null,
});
