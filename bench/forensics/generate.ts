import type { Database } from '@digital-post/event-store';
import {
  enrollmentCtes,
  enrollmentRows,
  faultAt,
  generateRegisterFacts,
  greenlandersOf,
  isConfirmer,
  isMover,
  movedAt,
} from './enrollmentWorld.ts';
import { cprOf, insert, WINDOW_HOURS, type ForensicsWorld } from './world.ts';

export { WINDOW_HOURS, type ForensicsWorld } from './world.ts';

/**
 * Three days of a national log, generated straight into the events table in SQL (appending two
 * million events one by one would take the benchmark longer than what it measures): citizens'
 * enrollments, companies' forwarding rules, and letters to them, each accepted, decided,
 * delivered and one in two opened, with times spread evenly over the window. For six hours in
 * the middle a faulty release ignores the forwarding rules of even-numbered companies, as in
 * February 2021; a little later a faulty release of the enrollment rules strikes, as in August
 * 2023 (enrollmentWorld.ts), and the letters to the people it changed go as it decided.
 *
 * Letter i goes to company i/10 mod COMPANIES when i is a multiple of 10, to Greenland resident
 * i/10 mod GREENLANDERS when i ends in 5, else to citizen i mod CITIZENS. Rows are what the
 * services write, with what the tools read and check.
 */
const FAULT_FROM_HOUR = 30;
const FAULT_TO_HOUR = 36;

/** Enrollments and forwarding rules, all in force before the window. */
const populationSql = (world: ForensicsWorld) => `
  ${insert}
  select md5('enrolled' || i)::uuid, 'enrollment-' || ${cprOf('i')}, 'enrollment', 1,
         'CitizenEnrolled', 3,
         jsonb_build_object('mailboxId', 'cpr:' || ${cprOf('i')}, 'cpr', ${cprOf('i')},
           'cause', 'reached_age_15', 'firstEnrollment', true,
           'enrolledAt', '2020-01-01T00:00:00.000Z', 'caseReference', null,
           'trigger', 'register_event', 'triggerId', null, 'ruleVersion', 'enrollment-rules/2026.1'),
         '{}'::jsonb, $1::timestamptz - interval '1 day'
    from generate_series(0, ${world.citizens - 1}) as i
  union all
  select md5('company' || i)::uuid, 'enrollment-' || (30000000 + i), 'enrollment', 1,
         'CompanyEnrolled', 2,
         jsonb_build_object('mailboxId', 'cvr:' || (30000000 + i), 'cvr', (30000000 + i)::text),
         '{}'::jsonb, $1::timestamptz - interval '1 day'
    from generate_series(0, ${world.companies + 1}) as i
  union all
  select md5('rule' || i)::uuid, 'forwarding-cvr:' || (30000000 + i), 'forwarding', 1,
         'ForwardingRuleAdded', 1,
         jsonb_build_object('ruleId', md5('rule' || i)::uuid::text, 'ruleVersion', 1,
           'mailboxId', 'cvr:' || (30000000 + i),
           'targetMailboxId', 'cvr:' || (30000000 + ${world.companies} + i % 2),
           'addedBy', 'operator-1', 'addedAt', '2020-01-01T00:00:00.000Z'),
         '{}'::jsonb, $1::timestamptz - interval '1 day'
    from generate_series(0, ${world.companies - 1}) as i`;

/** The letters from `from` to `to`: accepted, decided, delivered, one in two opened. */
const lettersSql = (world: ForensicsWorld, from: number, to: number) => `
  with l as (
    select i, md5('letter' || i)::uuid::text as id,
           $1::timestamptz + (i::float8 / ${world.letters}) * interval '${WINDOW_HOURS} hours' as at,
           case when i % 10 = 0 then 'cvr' else 'cpr' end as kind,
           case when i % 10 = 0 then ((i / 10) % ${world.companies} + 30000000)::text
                when i % 10 = 5 then ${cprOf(`${world.citizens} + (i / 10) % ${greenlandersOf(world)}`)}
                else ${cprOf(`i % ${world.citizens}`)} end as owner,
           case when i % 3 = 0 then 'authority:skat' else 'authority:kommune-' || (i % 98) end as sender
      from generate_series(${from}, ${to}) as i
  ), p as (
    -- Paper: a Greenland resident before the faulty release enrolled them, a confirmer after it
    -- unenrolled them, someone who moved to Greenland after the move (enrollmentWorld.ts).
    select l.*,
           case when i % 10 = 5
                then at < ${faultAt(`((i / 10) % ${greenlandersOf(world)})::float8 / ${greenlandersOf(world)}`)}
                when i % 10 <> 0 and ${isConfirmer(`i % ${world.citizens}`)}
                then at >= ${faultAt(`(i % ${world.citizens})::float8 / ${world.citizens}`)}
                when i % 10 <> 0 and ${isMover(`i % ${world.citizens}`)}
                then at >= ${movedAt(`(i % ${world.citizens})::float8 / ${world.citizens}`)}
                else false end as paper
      from l
  ), d as (
    select p.*,
           kind = 'cvr' and at >= $1::timestamptz + interval '${FAULT_FROM_HOUR} hours'
             and at < $1::timestamptz + interval '${FAULT_TO_HOUR} hours'
             and owner::bigint % 2 = 0 as faulty
      from p
  ), r as (
    select d.*,
           case when kind = 'cvr' and not faulty
                then 'cvr:' || (30000000 + ${world.companies} + (owner::bigint - 30000000) % 2)
                else kind || ':' || owner end as target,
           case when faulty then 'routing-faulty' else 'routing-trusted' end as release
      from d
  ), ${enrollmentCtes(world)}
  ${insert}
  select md5('accepted' || i)::uuid, 'message-' || id, 'message', 1, 'MessageAccepted', 3,
         jsonb_build_object('messageId', id, 'senderId', sender,
           'recipient', jsonb_build_object('kind', kind, 'id', owner),
           'acceptedAt', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         '{}'::jsonb, at
    from r
  union all
  select md5('routed' || i)::uuid, 'routing-' || id, 'routing', 1, 'MessageRouted', 4,
         jsonb_build_object('messageId', id,
           'channel', case when paper then 'paper'
             when kind = 'cvr' and not faulty then 'forwarded' else 'digital' end,
           'recipientMailboxId', case when paper then null else target end,
           'forwardingRuleId', case when kind = 'cvr' and not faulty
             then md5('rule' || (owner::bigint - 30000000))::uuid::text end,
           'forwardingRuleVersion', case when kind = 'cvr' and not faulty then 1 end,
           'decidedAt', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'routerRelease', release,
           'letter', jsonb_build_object('senderId', sender)),
         '{}'::jsonb, at + interval '10 milliseconds'
    from r
  union all
  select md5('delivered' || i)::uuid, 'mailbox-' || target, 'mailbox', 2 * i + 1, 'MessageDelivered', 2,
         jsonb_build_object('messageId', id, 'mailboxId', target),
         '{}'::jsonb, at + interval '20 milliseconds'
    from r where not paper
  union all
  select md5('opened' || i)::uuid, 'mailbox-' || target, 'mailbox', 2 * i + 2, 'MessageOpened', 1,
         jsonb_build_object('messageId', id, 'mailboxId', target, 'actorId', target,
           'viewingClient', 'e_boks',
           'openedAt', to_char((at + interval '1 hour') at time zone 'UTC',
             'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         '{}'::jsonb, at + interval '1 hour'
    from r where i % 2 = 0 and not paper
  ${enrollmentRows(timeOf(world, from), timeOf(world, to + 1))}
  order by 9`;

/** When letter `i` is handed in, as SQL: the letters are spread evenly over the window. */
const timeOf = (world: ForensicsWorld, i: number) =>
  `($1::timestamptz + (${i}::float8 / ${world.letters}) * interval '${WINDOW_HOURS} hours')`;

/** Writes the world in chunks, each a transaction; tells how many letters are written. */
export const generateWorld = async (
  db: Database,
  world: ForensicsWorld,
  report: (letters: number) => void,
): Promise<void> => {
  await db.query(populationSql(world), [world.start]);
  await generateRegisterFacts(db, world);
  const chunk = 50_000;
  for (let from = 0; from < world.letters; from += chunk) {
    const to = Math.min(world.letters, from + chunk) - 1;
    await db.query(lettersSql(world, from, to), [world.start]);
    report(to + 1);
  }
  await db.query('analyze events');
};

/** The letters the faulty release misrouted: even companies' letters in the fault's hours. */
export const expectedMisrouted = (world: ForensicsWorld): number => {
  let count = 0;
  for (let i = 0; i < world.letters; i += 10) {
    const hour = (i / world.letters) * WINDOW_HOURS;
    const company = ((i / 10) % world.companies) + 30_000_000;
    if (hour >= FAULT_FROM_HOUR && hour < FAULT_TO_HOUR && company % 2 === 0) count += 1;
  }
  return count;
};
