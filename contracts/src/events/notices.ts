import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * Notices of new post (advisering), each a stream `notification-<noticeId>`: due, sent, failed or
 * cancelled. They name the channel, never the address, and the letters they tell of by id, never
 * by title or content: a notice says there is new post, from whom, and where to read it.
 */

const channelField = {
  name: 'channel',
  type: { type: 'enum', name: 'NoticeChannel', symbols: ['sms', 'email'] },
} as const;

const noticeFields = [
  { name: 'noticeId', type: 'string' },
  { name: 'mailboxId', type: 'string', doc: 'The mailbox whose owner is told.' },
  channelField,
  {
    name: 'messageIds',
    type: { type: 'array', items: 'string' },
    doc: 'The letters the notice tells of: those that arrived within its window.',
  },
] as const;

export const noticeQueuedV1 = defineEvent({
  type: 'NoticeQueued',
  version: 1,
  description:
    "A notice is due: new post arrived in a mailbox whose owner asked to be told, or a legal notification lies unopened past its reminder's day.",
  schema: {
    type: 'record',
    name: 'NoticeQueued',
    namespace: namespaces.notification,
    fields: [
      ...noticeFields,
      {
        name: 'reason',
        type: { type: 'enum', name: 'NoticeReason', symbols: ['new_post', 'reminder'] },
      },
      {
        name: 'senderIds',
        type: { type: 'array', items: 'string' },
        doc: 'Who sent the letters: the authorities the notice names.',
      },
      { name: 'queuedAt', type: isoTimestampSchema },
      {
        name: 'notBefore',
        type: isoTimestampSchema,
        doc: 'Not sent before this time (an SMS waits out the night).',
      },
    ],
  },
});

export const noticeSentV1 = defineEvent({
  type: 'NoticeSent',
  version: 1,
  description: 'The provider accepted a notice for its channel.',
  schema: {
    type: 'record',
    name: 'NoticeSent',
    namespace: namespaces.notification,
    fields: [
      ...noticeFields,
      { name: 'sentAt', type: isoTimestampSchema },
      { name: 'attempts', type: 'int', doc: 'Handings to the provider it took, from 1.' },
    ],
  },
});

export const noticeFailedV1 = defineEvent({
  type: 'NoticeFailed',
  version: 1,
  description:
    'A notice was not sent: the provider refused the address, or the last try failed. Listed for operators.',
  schema: {
    type: 'record',
    name: 'NoticeFailed',
    namespace: namespaces.notification,
    fields: [
      ...noticeFields,
      {
        name: 'failure',
        type: {
          type: 'enum',
          name: 'NoticeFailure',
          symbols: ['address_refused', 'no_address', 'tries_exhausted', 'outcome_unknown'],
        },
        doc: "address_refused: the provider will never take it; no_address: the owner removed it before it went; outcome_unknown: in the provider's hands when the process stopped, so not handed again.",
      },
      { name: 'failedAt', type: isoTimestampSchema },
      { name: 'attempts', type: 'int' },
    ],
  },
});

export const noticeCancelledV1 = defineEvent({
  type: 'NoticeCancelled',
  version: 1,
  description: 'A reminder was not sent: its letter was opened first.',
  schema: {
    type: 'record',
    name: 'NoticeCancelled',
    namespace: namespaces.notification,
    fields: [...noticeFields, { name: 'cancelledAt', type: isoTimestampSchema }],
  },
});

/**
 * Version 2 says why: the letter a reminder was of was opened first, or every letter a notice
 * named was withdrawn from the mailbox (a misdelivered letter's owner-to-be is never told of it
 * by someone else's notice). Version 1 was only ever written for opens.
 */
export const noticeCancelledV2 = defineEvent({
  type: 'NoticeCancelled',
  version: 2,
  description:
    'A notice was not sent: the letter it reminded of was opened first, or every letter it named was withdrawn.',
  schema: {
    type: 'record',
    name: 'NoticeCancelled',
    namespace: namespaces.notification,
    fields: [
      ...noticeFields,
      { name: 'cancelledAt', type: isoTimestampSchema },
      {
        name: 'cause',
        type: {
          type: 'enum',
          name: 'NoticeCancelCause',
          symbols: ['opened', 'withdrawn'],
          default: 'opened',
        },
        default: 'opened',
      },
    ],
  },
});

export const smsQuietPeriodSetV1 = defineEvent({
  type: 'SmsQuietPeriodSet',
  version: 1,
  description:
    'An operator set when no SMS goes out (stream notification-settings): an SMS due then waits for its end.',
  schema: {
    type: 'record',
    name: 'SmsQuietPeriodSet',
    namespace: namespaces.notification,
    fields: [
      { name: 'from', type: 'string', doc: 'Local time of day it begins, HH:MM.' },
      {
        name: 'until',
        type: 'string',
        doc: 'Local time of day it ends, HH:MM; may be after midnight.',
      },
      { name: 'timeZone', type: 'string', doc: 'The zone of both times, e.g. Europe/Copenhagen.' },
      { name: 'caseReference', type: 'string', doc: "The operator's case for the change." },
      { name: 'setAt', type: isoTimestampSchema },
    ],
  },
});

export type NoticeQueued = EventData<typeof noticeQueuedV1>;
export type SmsQuietPeriodSet = EventData<typeof smsQuietPeriodSetV1>;
export type NoticeSent = EventData<typeof noticeSentV1>;
export type NoticeFailed = EventData<typeof noticeFailedV1>;
export type NoticeCancelled = EventData<typeof noticeCancelledV2>;
