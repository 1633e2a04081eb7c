import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { letterFields, mailboxActingFields } from './mailbox.ts';
import { namespaces } from './shared.ts';

/** A letter a citizen or company wrote, as it sits in the writer's own mailbox (sent). */
export const messageWrittenV1 = defineEvent({
  type: 'MessageWritten',
  version: 1,
  description: 'Someone wrote a letter from a mailbox to an authority, new or as a reply.',
  schema: {
    type: 'record',
    name: 'MessageWritten',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      { name: 'recipientMailboxId', type: 'string' },
      { name: 'threadId', type: 'string' },
      {
        name: 'inReplyTo',
        type: ['null', 'string'],
        default: null,
        doc: 'The message id of the letter answered; null for a new letter.',
      },
      ...mailboxActingFields,
      { name: 'writtenAt', type: isoTimestampSchema },
    ],
  },
});

export type MessageWritten = EventData<typeof messageWrittenV1>;
