import type { CompanyFacts, EnrollmentRules, PersonFacts, Verdict } from './rules.ts';

/**
 * The enrollment rules in force (Digital Post Act, 2014): a citizen resident in Denmark is
 * enrolled from the day they turn 15; a citizen resident in Greenland never automatically, and
 * is unenrolled on moving there; death ends enrollment; a company is enrolled while registered.
 * A new version of these rules gets a new version string, so its changes can be told apart.
 */
export const CURRENT_RULES_VERSION = 'enrollment-rules/2026.1';

/** The day a person born on `birthDate` turns `years`, as `YYYY-MM-DD`. */
export const birthdayAt = (birthDate: string, years: number): string =>
  `${String(Number(birthDate.slice(0, 4)) + years).padStart(4, '0')}${birthDate.slice(4)}`;

/** Dates as `YYYY-MM-DD` compare as text; a 29 February birthday falls after 28 February. */
export const hasTurned = (birthDate: string, years: number, today: string): boolean =>
  birthdayAt(birthDate, years) <= today;

const citizen = (facts: PersonFacts, today: string): Verdict => {
  if (!facts.known || facts.birthDate === null) {
    return { should: 'either', reason: 'unknown_to_registers' };
  }
  if (facts.diedOn !== null && facts.diedOn <= today) {
    return { should: 'not_enrolled', reason: 'deceased' };
  }
  if (facts.residenceCountry === 'GL')
    return { should: 'not_enrolled', reason: 'moved_to_greenland' };
  if (facts.residenceCountry !== 'DK') return { should: 'either', reason: 'abroad' };
  if (!hasTurned(facts.birthDate, 15, today)) return { should: 'not_enrolled', reason: 'under_15' };
  // Whoever came to Denmark after turning 15 is enrolled for moving here, not for their age.
  const movedHereAfter15 =
    facts.residentSince !== null && facts.residentSince > birthdayAt(facts.birthDate, 15);
  return { should: 'enrolled', cause: movedHereAfter15 ? 'moved_to_denmark' : 'reached_age_15' };
};

const company = (facts: CompanyFacts, today: string): Verdict => {
  if (!facts.known) return { should: 'either', reason: 'unknown_to_registers' };
  if (facts.ceasedOn !== null && facts.ceasedOn <= today) {
    return { should: 'not_enrolled', reason: 'ceased' };
  }
  return { should: 'enrolled', cause: 'registered' };
};

export const currentRules: EnrollmentRules = {
  version: CURRENT_RULES_VERSION,
  citizen,
  company,
};
