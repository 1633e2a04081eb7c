import type { Database } from '@digital-post/event-store';
import { cprOf, insert, WINDOW_HOURS, type ForensicsWorld } from './world.ts';

/**
 * The enrollment side of the generated log (August 2023): every citizen's register facts
 * before the window (born 1980 in Denmark), residents of Greenland never enrolled, and in the
 * window's hours 40 to 46 a faulty release of the rules that unenrolls one citizen in fifty
 * (those who confirmed their contact details) and enrolls every Greenland resident, with a
 * welcome letter each. Earlier in the window the rules in force unenroll one in two hundred who
 * moved to Greenland: changes the reconstruction must find right.
 */
export const ENROLLMENT_FAULT_FROM_HOUR = 40;
const ENROLLMENT_FAULT_HOURS = 6;
const FAULTY_RULES = 'enrollment-rules/2023.08-faulty';
const RULES = 'enrollment-rules/2026.1';

export const greenlandersOf = (world: ForensicsWorld) => Math.floor(world.citizens / 100);

const iso = (expression: string) =>
  `to_char((${expression}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** When the faulty release reached citizen `c` (a confirmer) or Greenland resident `k`. */
export const faultAt = (share: string) =>
  `$1::timestamptz + interval '${ENROLLMENT_FAULT_FROM_HOUR} hours' + (${share}) * interval '${ENROLLMENT_FAULT_HOURS} hours'`;

/** When citizen `c` of the one in two hundred moved to Greenland (and was unenrolled, rightly). */
export const movedAt = (share: string) =>
  `$1::timestamptz + interval '10 hours' + (${share}) * interval '10 hours'`;

/** SQL true for a citizen index who moves to Greenland in the window. */
export const isMover = (c: string) => `(${c}) % 200 = 11`;

/** SQL true for a citizen index the faulty release unenrolled. */
export const isConfirmer = (c: string) => `(${c}) % 50 = 7`;

const registerFacts = (world: ForensicsWorld) => `
  ${insert}
  select md5('born' || i)::uuid, 'register-' || ${cprOf('i')}, 'register', 1,
         'PersonBornRegistered', 1,
         jsonb_build_object('cpr', ${cprOf('i')}, 'birthDate', '1980-01-01',
           'registerEventId', 'gen-born-' || i, 'recordedAt', '2019-01-01T00:00:00.000Z'),
         '{}'::jsonb, $1::timestamptz - interval '2 days'
    from generate_series(0, ${world.citizens + greenlandersOf(world) - 1}) as i
  union all
  select md5('home' || i)::uuid, 'register-' || ${cprOf('i')}, 'register', 2,
         'PersonMovedRegistered', 1,
         jsonb_build_object('cpr', ${cprOf('i')},
           'residenceCountry', case when i >= ${world.citizens} then 'GL' else 'DK' end,
           'movedOn', '1980-01-01', 'registerEventId', 'gen-home-' || i,
           'recordedAt', '2019-01-01T00:00:00.000Z'),
         '{}'::jsonb, $1::timestamptz - interval '2 days'
    from generate_series(0, ${world.citizens + greenlandersOf(world) - 1}) as i`;

const basis = (trigger: string, rules: string) =>
  `'caseReference', null, 'trigger', '${trigger}', 'triggerId', null, 'ruleVersion', '${rules}'`;

/**
 * The window's enrollment changes as CTEs of the letters' statement (generate.ts), so they take
 * their places in the log among the letters, in time order: `m` the rules in force unenrolling
 * one in two hundred who moved to Greenland (right), `u` the faulty release unenrolling the
 * confirmers, `g` it enrolling the Greenland residents.
 */
export const enrollmentCtes = (world: ForensicsWorld) => `
  m as (
    select c, ${cprOf('c')} as cpr, ${movedAt(`c::float8 / ${world.citizens}`)} as at
      from generate_series(0, ${world.citizens - 1}) as c where ${isMover('c')}
  ), u as (
    select c, ${cprOf('c')} as cpr, ${faultAt(`c::float8 / ${world.citizens}`)} as at
      from generate_series(0, ${world.citizens - 1}) as c where ${isConfirmer('c')}
  ), g as (
    select k, ${cprOf(`${world.citizens} + k`)} as cpr,
           ${faultAt(`k::float8 / ${greenlandersOf(world)}`)} as at
      from generate_series(0, ${greenlandersOf(world) - 1}) as k
  )`;

/** The rows of the window's enrollment changes between `lo` and `hi` (SQL times). */
export const enrollmentRows = (lo: string, hi: string) => `
  union all
  select md5('moved-gl' || c)::uuid, 'register-' || cpr, 'register', 3, 'PersonMovedRegistered', 1,
         jsonb_build_object('cpr', cpr, 'residenceCountry', 'GL', 'movedOn', '2021-02-01',
           'registerEventId', 'gen-moved-' || c, 'recordedAt', ${iso('at')}),
         '{}'::jsonb, at
    from m where at >= ${lo} and at < ${hi}
  union all
  select md5('unenrolled-gl' || c)::uuid, 'enrollment-' || cpr, 'enrollment', 2,
         'CitizenUnenrolled', 3,
         jsonb_build_object('mailboxId', 'cpr:' || cpr, 'cpr', cpr, 'reason', 'moved_to_greenland',
           'unenrolledAt', ${iso('at')}, ${basis('register_event', RULES)}),
         '{}'::jsonb, at + interval '1 millisecond'
    from m where at >= ${lo} and at < ${hi}
  union all
  select md5('unenrolled-faulty' || c)::uuid, 'enrollment-' || cpr, 'enrollment', 2,
         'CitizenUnenrolled', 3,
         jsonb_build_object('mailboxId', 'cpr:' || cpr, 'cpr', cpr, 'reason', 'deceased',
           'unenrolledAt', ${iso('at')}, ${basis('own_request', FAULTY_RULES)}),
         '{}'::jsonb, at
    from u where at >= ${lo} and at < ${hi}
  union all
  select md5('enrolled-faulty' || k)::uuid, 'enrollment-' || cpr, 'enrollment', 1,
         'CitizenEnrolled', 3,
         jsonb_build_object('mailboxId', 'cpr:' || cpr, 'cpr', cpr, 'cause', 'moved_to_denmark',
           'firstEnrollment', true, 'enrolledAt', ${iso('at')},
           ${basis('register_event', FAULTY_RULES)}),
         '{}'::jsonb, at
    from g where at >= ${lo} and at < ${hi}
  union all
  select md5('welcome' || k)::uuid, 'welcome-' || cpr, 'welcome', 1, 'WelcomeLetterPrinted', 1,
         jsonb_build_object('mailboxId', 'cpr:' || cpr,
           'enrollmentEventId', md5('enrolled-faulty' || k)::uuid::text,
           'printChannel', 'local-file', 'printJobId', 'welcome-' || k,
           'printedAt', ${iso(`at + interval '1 minute'`)}),
         '{}'::jsonb, at + interval '1 minute'
    from g where at >= ${lo} and at < ${hi}`;

/** The register facts before the window; the changes come with the letters (generate.ts). */
export const generateRegisterFacts = async (db: Database, world: ForensicsWorld) => {
  await db.query(registerFacts(world), [world.start]);
};

/**
 * What the faulty release changed, and the letters that followed (as generate.ts routes them):
 * the reconstruction must find exactly these.
 */
export const expectedWrongChanges = (world: ForensicsWorld) => {
  const greenlanders = greenlandersOf(world);
  const faultHour = (share: number) => ENROLLMENT_FAULT_FROM_HOUR + share * ENROLLMENT_FAULT_HOURS;
  let delivered = 0;
  let onPaper = 0;
  for (let i = 0; i < world.letters; i += 1) {
    const hour = (i / world.letters) * WINDOW_HOURS;
    const citizen = i % world.citizens;
    if (i % 10 === 5) {
      if (hour >= faultHour((Math.floor(i / 10) % greenlanders) / greenlanders)) delivered += 1;
    } else if (i % 10 !== 0 && citizen % 50 === 7 && hour >= faultHour(citizen / world.citizens)) {
      onPaper += 1;
    }
  }
  return {
    unenrolled: Math.ceil((world.citizens - 7) / 50),
    enrolled: greenlanders,
    delivered,
    onPaper,
  };
};
