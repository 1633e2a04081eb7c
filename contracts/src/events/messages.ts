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

export type MessageAcceptedV1 = EventData<typeof messageAcceptedV1>;

/**
 * Version 2 records what makes a hand-in idempotent and auditable. The same `messageUUID` may
 * arrive again (a sender's retry): only the digest of the request as handed in tells a retry
 * from a different letter under a reused id. The letter digest is the content store's key for
 * what was stored, and the system id names which of the authority's systems handed it in.
 * Every new field has a default, so v2 readers read v1 events.
 */
export const messageAcceptedV2Schema = {
  ...messageAcceptedV1Schema,
  doc: 'The title and body of the letter are content and are not carried here; documents lists one reference per file.',
  fields: [
    ...messageAcceptedV1Schema.fields,
    {
      name: 'contentSha256',
      type: ['null', sha256Schema],
      default: null,
      doc: 'SHA-256 of the canonical request as handed in; null for letters accepted before v2.',
    },
    {
      name: 'letterSha256',
      type: ['null', sha256Schema],
      default: null,
      doc: 'SHA-256 under which the content store keeps the letter content.',
    },
    {
      name: 'senderSystemId',
      type: ['null', 'string'],
      default: null,
      doc: 'The authority system that handed the letter in (from its token).',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageAcceptedV2 = defineEvent({
  type: 'MessageAccepted',
  version: 2,
  description:
    'An authority handed in a letter and it passed validation, with the digests that make a retry recognisable.',
  schema: messageAcceptedV2Schema,
});

export type MessageAcceptedV2 = EventData<typeof messageAcceptedV2>;

/**
 * Version 3 names the letter this one answers, so an authority's answer joins the thread the
 * citizen started. Carried as an id only; the mailbox checks that the answered letter was really
 * written to this sender before it threads by it.
 */
export const messageAcceptedV3Schema = {
  ...messageAcceptedV2Schema,
  fields: [
    ...messageAcceptedV2Schema.fields,
    {
      name: 'inReplyTo',
      type: ['null', 'string'],
      default: null,
      doc: 'The message id of the letter this one answers; null when it starts a thread.',
    },
  ],
} as const satisfies AvroRecordSchema;

export const messageAcceptedV3 = defineEvent({
  type: 'MessageAccepted',
  version: 3,
  description: 'An accepted letter, naming the letter it answers when it is an answer.',
  schema: messageAcceptedV3Schema,
});

export type MessageAcceptedV3 = EventData<typeof messageAcceptedV3>;

/** An accepted letter as every reader reads it: the latest version (`latestDataOf`). */
export type MessageAccepted = MessageAcceptedV3;
