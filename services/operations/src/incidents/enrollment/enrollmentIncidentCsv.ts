import { csvRecord } from '@digital-post/service-kit';
import type { EnrollmentIncident, WrongChange } from './reconstructEnrollment.ts';

const columns = [
  'mailbox_id',
  'change',
  'cause',
  'rule_version',
  'trigger',
  'changed_at',
  'position',
  'trusted_should',
  'trusted_why',
  'until_position',
  'until_at',
  'letters',
  'letters_by_sender',
];

const lineOf = ({ recorded, trusted, period, letters }: WrongChange): string => {
  const bySender = new Map<string, number>();
  for (const { senderId } of letters) bySender.set(senderId, (bySender.get(senderId) ?? 0) + 1);
  return csvRecord([
    recorded.mailboxId,
    recorded.change,
    recorded.cause,
    recorded.ruleVersion,
    recorded.trigger,
    recorded.at,
    recorded.position,
    trusted.should,
    trusted.why,
    period.until?.position ?? null,
    period.until?.at ?? null,
    letters.length,
    [...bySender].map(([sender, count]) => `${sender}=${count}`).join(' '),
  ]);
};

/** A wrong change a line: who, which way, why, by which rules, until when, and its letters. */
export const enrollmentIncidentCsv = (incident: EnrollmentIncident): string =>
  [csvRecord(columns), ...incident.wrong.map(lineOf)].join('');
