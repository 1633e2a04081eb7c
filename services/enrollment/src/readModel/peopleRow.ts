import type { Facts } from '../rules/rules.ts';

/** A row of `enrollment.people` as read back, with its dates as `YYYY-MM-DD` (`factsColumns`). */
export interface PeopleRow {
  subject_kind: 'cpr' | 'cvr';
  subject_id: string;
  known: boolean;
  birth_date: string | null;
  residence_country: string | null;
  resident_since: string | null;
  died_on: string | null;
  registered_on: string | null;
  ceased_on: string | null;
  enrolled: boolean;
  ever_enrolled: boolean;
  exemption_id: string | null;
  exemption_valid_until?: unknown;
  held_changes: number;
  last_change_event_id: string | null;
  last_change_type: string | null;
  last_change_at: unknown;
  last_change_rule_version: string | null;
  last_change_trigger: string | null;
}

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD') as ${column}`;

/** The register facts' columns, dates as the rules compare them (`YYYY-MM-DD`). */
export const factsColumns = `known, ${day('birth_date')}, residence_country,
  ${day('resident_since')}, ${day('died_on')}, ${day('registered_on')}, ${day('ceased_on')}`;

export const factsOf = (row: PeopleRow): Facts =>
  row.subject_kind === 'cpr'
    ? {
        known: row.known,
        birthDate: row.birth_date,
        residenceCountry: row.residence_country,
        residentSince: row.resident_since,
        diedOn: row.died_on,
      }
    : { known: row.known, registeredOn: row.registered_on, ceasedOn: row.ceased_on };
