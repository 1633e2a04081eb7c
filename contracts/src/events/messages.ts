import { isoTimestampSchema, sha256Schema } from '../avro/logicalTypes.ts';
import type { AvroRecordSchema } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

const recipientSchema = {
  type: 'record',
  name: 'Recipient',
  fields: [
    {
      name: 'kind',
      type: { type: 'enum', name: 'RecipientKind', symbols: ['cpr', 'cvr', 'authority'] },
    },
    { name: 'id', type: 'string', doc: 'The CPR number, CVR number or authority id, per kind.' },
  ],
} as const satisfies AvroRecordSchema;

/** A document is referenced by its digest; its bytes stay in the content-addressed document store. */
const documentReferenceSchema = {
  type: 'record',
  name: 'DocumentReference',
  fields: [
    { name: 'documentId', type: 'string' },
    { name: 'contentSha256', type: sha256Schema },
    { name: 'mimeType', type: 'string' },
    { name: 'sizeBytes', type: 'long' },
  ],
} as const satisfies AvroRecordSchema;

export const messageAcceptedV1Schema = {
  type: 'record',
  name: 'MessageAccepted',
  namespace: namespaces.messages,
  doc: 'The title and body of the letter are content and are not carried here.',
  fields: [
    { name: 'messageId', type: 'string' },
    { name: 'senderId', type: 'string', doc: 'Mailbox id of the sending authority.' },
    { name: 'recipient', type: recipientSchema },
    { name: 'documents', type: { type: 'array', items: documentReferenceSchema } },
    {
      name: 'legalNotification',
      type: 'boolean',
      doc: 'Digital forkyndelse: opening the letter can count as legal service (Administration of Justice Act §§ 156 b-c).',
    },
    { name: 'replyAllowed', type: 'boolean' },
    { name: 'doNotDeliverUntil', type: ['null', isoTimestampSchema], default: null },
    { name: 'acceptedAt', type: isoTimestampSchema },
  ],
} as const satisfies AvroRecordSchema;

export const messageAcceptedV1 = defineEvent({
  type: 'MessageAccepted',
  version: 1,
  description: 'An authority handed in a letter and it passed validation; routing decides next.',
  schema: messageAcceptedV1Schema,
});

export type MessageAccepted = EventData<typeof messageAcceptedV1>;
