import { writeRegisterBatch } from '@digital-post/enrollment';
import { cprOf, generatePopulation } from '@digital-post/enrollment/testing';
import type { Database } from '@digital-post/event-store';
import { exempt, forward, reachabilityIs } from '@digital-post/e2e/actors';
import type { RunningSystem } from './system.ts';

/**
 * The people and organisations a mass sending goes to. The population is generated straight into
 * the store (as bench:enrollment does: a national population applied birth by birth would take
 * an hour before anything is measured); the exemptions, companies and forwarding rules are made
 * through the public APIs, as operators and registers make them.
 */
export interface Recipients {
  /** Enrolled citizens, each to get one letter. */
  citizens: string[];
  /** Exempt citizens (fritagelse): their letters are printed. */
  exempt: string[];
  /** Companies whose post is forwarded to another company by an operator's rule. */
  forwarded: string[];
}

const DAYS = 33_000;
const FIRST_BIRTH = Date.UTC(1930, 0, 1);

/** Whether generated person `i` is enrolled, as the generator decides it (population.ts). */
const isEnrolled = (i: number, today: string): boolean => {
  const country = i % 50 === 7 ? 'GL' : i % 100 === 3 ? 'SE' : 'DK';
  const birth = new Date(FIRST_BIRTH + (i % DAYS) * 86_400_000);
  const fifteen = new Date(`${Number(today.slice(0, 4)) - 15}${today.slice(4)}T00:00:00Z`);
  return country === 'DK' && birth <= fifteen;
};

/** The CPR numbers of `count` enrolled people of a population of `size`. */
const enrolledOf = (size: number, count: number, today: string): string[] => {
  const found: string[] = [];
  for (let i = 1; i <= size && found.length < count; i++) {
    if (isEnrolled(i, today)) found.push(cprOf(i));
  }
  if (found.length < count) throw new Error(`only ${found.length} enrolled of ${size} people`);
  return found;
};

export const preparePopulation = async (
  system: RunningSystem,
  db: Database,
  counts: { citizens: number; exempt: number; forwarded: number },
): Promise<Recipients> => {
  const today = new Date().toISOString().slice(0, 10);
  const people = counts.citizens + counts.exempt;
  // About 88 in 100 generated people are enrolled (the rest are children or live abroad).
  const size = Math.ceil((people * 100) / 85);
  await generatePopulation(db, size, today, () => undefined);
  const enrolled = enrolledOf(size, people, today);
  const exemptCitizens = enrolled.slice(counts.citizens);
  for (const cpr of exemptCitizens) await exempt(system, 'cpr', cpr);
  const companies = await registerCompanies(system, counts.forwarded * 2);
  const forwarded = companies.slice(0, counts.forwarded);
  for (const [index, cvr] of forwarded.entries()) {
    await forward(system, `cvr:${cvr}`, `cvr:${companies[counts.forwarded + index]!}`);
  }
  return { citizens: enrolled.slice(0, counts.citizens), exempt: exemptCitizens, forwarded };
};

/** Companies registered in one batch of the company register, reachable once it is read. */
const registerCompanies = async (system: RunningSystem, count: number): Promise<string[]> => {
  const cvrs = Array.from({ length: count }, (_, i) => String(30_000_000 + i));
  await writeRegisterBatch(
    system.registerFeedDir,
    'bench-companies',
    cvrs.map((cvr) => ({
      id: `bench-registered-${cvr}`,
      register: 'company' as const,
      type: 'registered' as const,
      cvr,
      registeredOn: '2020-01-01',
    })),
  );
  for (const cvr of cvrs) await reachabilityIs(system, 'cvr', cvr, 'digital');
  return cvrs;
};
