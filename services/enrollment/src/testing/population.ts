import type { Database } from '@digital-post/event-store';
import { CURRENT_RULES_VERSION } from '../rules/currentRules.ts';

/**
 * For the benchmark and the tests of mass changes (`@digital-post/enrollment/testing`).
 *
 * A generated population, written in SQL straight into the rows the enrollment service keeps
 * (register facts and enrollment events in the store, and the people read model), because
 * applying a million births one by one would take the benchmark an hour before it measured
 * anything. The rows are what the service itself writes for a birth register event: the
 * measured register events then run against a store and read model of national size.
 *
 * Person i is born on 1930-01-01 + (i mod 33,000) days, so ages run from 6 to 96; one in fifty
 * lives in Greenland and one in a hundred abroad. The CPR number is the birth date (DDMMYY),
 * the century digit and a serial.
 */
const DAYS = 33_000;

const personSql = (from: number, to: number) => `
  with p as (
    select i,
           date '1930-01-01' + (i % ${DAYS}) as birth,
           case when i % 50 = 7 then 'GL' when i % 100 = 3 then 'SE' else 'DK' end as country
      from generate_series(${from}, ${to}) as i
  )
  select i, to_char(birth, 'DDMMYY') || (case when birth >= date '2000-01-01' then '4' else '0' end)
           || lpad((i / ${DAYS})::text, 3, '0') as cpr,
         to_char(birth, 'YYYY-MM-DD') as birth, country,
         (country = 'DK' and birth <= $1::date - interval '15 years') as enrolled
    from p`;

const uuidSql = (seed: string) => `md5(${seed})::uuid`;

export const generatePopulation = async (
  db: Database,
  size: number,
  today: string,
  report: (done: number) => void,
): Promise<void> => {
  const chunk = 50_000;
  for (let from = 1; from <= size; from += chunk) {
    const to = Math.min(size, from + chunk - 1);
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into events (event_id, stream_id, stream_category, stream_version, event_type,
           schema_version, data, metadata)
         select ${uuidSql(`'born' || i`)}, 'register-' || cpr, 'register', 1,
                'PersonBornRegistered', 1,
                jsonb_build_object('cpr', cpr, 'birthDate', birth, 'registerEventId', 'gen-b-' || i,
                  'recordedAt', '2026-01-01T00:00:00.000Z'), '{}'::jsonb
           from (${personSql(from, to)}) g
         union all
         select ${uuidSql(`'moved' || i`)}, 'register-' || cpr, 'register', 2,
                'PersonMovedRegistered', 1,
                jsonb_build_object('cpr', cpr, 'residenceCountry', country, 'movedOn', birth,
                  'registerEventId', 'gen-b-' || i, 'recordedAt', '2026-01-01T00:00:00.000Z'),
                '{}'::jsonb
           from (${personSql(from, to)}) g
         union all
         select ${uuidSql(`'enrolled' || i`)}, 'enrollment-' || cpr, 'enrollment', 1,
                'CitizenEnrolled', 3,
                jsonb_build_object('mailboxId', 'cpr:' || cpr, 'cpr', cpr,
                  'cause', 'reached_age_15', 'firstEnrollment', true,
                  'enrolledAt', '2026-01-01T00:00:00.000Z', 'caseReference', null,
                  'trigger', 'register_event', 'triggerId', 'gen-b-' || i,
                  'ruleVersion', '${CURRENT_RULES_VERSION}'), '{}'::jsonb
           from (${personSql(from, to)}) g where enrolled`,
        [today],
      );
      await tx.query(
        `insert into enrollment.people (subject_kind, subject_id, known, birth_date,
           residence_country, enrolled, ever_enrolled, last_change_event_id, last_change_type,
           last_change_at, last_change_rule_version, last_change_trigger)
         select 'cpr', cpr, true, birth::date, country, enrolled, enrolled,
                case when enrolled then ${uuidSql(`'enrolled' || i`)}::text end,
                case when enrolled then 'CitizenEnrolled' end,
                case when enrolled then timestamptz '2026-01-01' end,
                case when enrolled then '${CURRENT_RULES_VERSION}' end,
                case when enrolled then 'register_event' end
           from (${personSql(from, to)}) g`,
        [today],
      );
      await tx.query(
        `insert into enrollment.register_events_seen (register_event_id, digest, batch_id, outcome)
         select 'gen-b-' || i, 'generated', 'generated', 'changed'
           from generate_series(${from}, ${to}) as i`,
      );
    });
    report(to);
  }
};

/** The CPR number of generated person `i`, as the SQL above makes it. */
export const cprOf = (i: number): string => {
  const birth = new Date(Date.UTC(1930, 0, 1) + (i % DAYS) * 86_400_000);
  const dd = String(birth.getUTCDate()).padStart(2, '0');
  const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  // The 7th digit gives the century: 0 for the 1900s, 4 for 2000 to 2036.
  const century = birth.getUTCFullYear() >= 2000 ? '4' : '0';
  return `${dd}${mm}${yy}${century}${String(Math.floor(i / DAYS)).padStart(3, '0')}`;
};
