import { csvRecord } from '@digital-post/service-kit';
import type { MisroutedLetter, RoutingIncident } from './reconstructRouting.ts';

const columns = [
  'message_id',
  'sender_id',
  'addressee',
  'decided_at',
  'position',
  'release',
  'recorded_outcome',
  'recorded_channel',
  'recorded_mailbox',
  'recorded_rule_id',
  'recorded_rule_version',
  'trusted_outcome',
  'trusted_channel',
  'trusted_mailbox',
  'trusted_rule_id',
  'trusted_rule_version',
  'wrong_recipient',
  'forwarded',
  'opened_count',
  'first_opened_at',
  'first_opened_by',
  'first_opened_client',
  'notified_count',
];

const lineOf = (letter: MisroutedLetter): string => {
  const { recorded, trusted, opened } = letter;
  return csvRecord([
    letter.messageId,
    letter.senderId,
    letter.addressee,
    recorded.decidedAt,
    recorded.position,
    recorded.release,
    recorded.outcome,
    recorded.channel,
    recorded.mailboxId,
    recorded.ruleId,
    recorded.ruleVersion,
    trusted.outcome,
    trusted.channel,
    trusted.mailboxId,
    trusted.ruleId,
    trusted.ruleVersion,
    letter.wrongRecipient,
    letter.forwarded,
    opened.length,
    opened[0]?.openedAt ?? null,
    opened[0]?.actorId ?? null,
    opened[0]?.viewingClient ?? null,
    letter.notified.length,
  ]);
};

/** The misrouted letters as CSV, a letter a line, for a spreadsheet. */
export const incidentCsv = (incident: RoutingIncident): string =>
  csvRecord(columns) + incident.misrouted.map(lineOf).join('');
