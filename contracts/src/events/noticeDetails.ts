import { isoTimestampSchema, sha256Schema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * Details for notices ("advisering"), in streams `contact-<mailboxId>`, apart from enrollment:
 * in August 2023 confirming or updating them unenrolled about 118,000 users, so they share no
 * stream, command or event with it, and belong to the notification service, which has no path to
 * enrollment. The phone number and e-mail address themselves stay in that service's own table;
 * events carry which channels are set and a digest.
 */

const channelsField = {
  name: 'channels',
  type: {
    type: 'array',
    items: { type: 'enum', name: 'NoticeChannel', symbols: ['sms', 'email'] },
  },
  doc: 'The channels with details registered; the details themselves stay in the service.',
} as const;

export const noticeDetailsChangedV1 = defineEvent({
  type: 'NoticeDetailsChanged',
  version: 1,
  description: 'The owner of a mailbox registered new details for notices of new post.',
  schema: {
    type: 'record',
    name: 'NoticeDetailsChanged',
    namespace: namespaces.contact,
    fields: [
      { name: 'mailboxId', type: 'string' },
      { name: 'detailsVersion', type: 'int', doc: 'Counts the changes, from 1.' },
      channelsField,
      { name: 'detailsSha256', type: sha256Schema, doc: 'Digest of the details as stored.' },
      { name: 'changedAt', type: isoTimestampSchema },
    ],
  },
});

export const noticeDetailsConfirmedV1 = defineEvent({
  type: 'NoticeDetailsConfirmed',
  version: 1,
  description: 'The owner of a mailbox confirmed that their details for notices are right.',
  schema: {
    type: 'record',
    name: 'NoticeDetailsConfirmed',
    namespace: namespaces.contact,
    fields: [
      { name: 'mailboxId', type: 'string' },
      { name: 'detailsVersion', type: 'int' },
      { name: 'confirmedAt', type: isoTimestampSchema },
    ],
  },
});

export type NoticeDetailsChanged = EventData<typeof noticeDetailsChangedV1>;
export type NoticeDetailsConfirmed = EventData<typeof noticeDetailsConfirmedV1>;
