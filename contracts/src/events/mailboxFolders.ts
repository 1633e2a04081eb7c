import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { letterFields, mailboxActingFields } from './mailbox.ts';
import { namespaces } from './shared.ts';

/**
 * Filing: letters moved between folders, deleted to the trash and from it, and the folders a
 * user makes. Folders are named by id only: a folder's name is the user's own words (content),
 * so it stays in the mailbox service's own table, off the bus.
 */
/**
 * Folders are named by id only: a folder's name is the user's own words (content), so it stays
 * in the mailbox service's own table and never travels on the bus.
 */
export const messageMovedV1 = defineEvent({
  type: 'MessageMoved',
  version: 1,
  description: 'A letter was moved from one folder of its mailbox to another.',
  schema: {
    type: 'record',
    name: 'MessageMoved',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      { name: 'fromFolderId', type: 'string' },
      { name: 'toFolderId', type: 'string' },
      ...mailboxActingFields,
      { name: 'movedAt', type: isoTimestampSchema },
    ],
  },
});

export const messageDeletedV1 = defineEvent({
  type: 'MessageDeleted',
  version: 1,
  description: 'A letter was deleted: it moved to the trash, from where it can be restored.',
  schema: {
    type: 'record',
    name: 'MessageDeleted',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      { name: 'fromFolderId', type: 'string' },
      ...mailboxActingFields,
      { name: 'deletedAt', type: isoTimestampSchema },
    ],
  },
});

export const messagePermanentlyDeletedV1 = defineEvent({
  type: 'MessagePermanentlyDeleted',
  version: 1,
  description: 'A letter was deleted from the trash; its content is no longer served.',
  schema: {
    type: 'record',
    name: 'MessagePermanentlyDeleted',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      ...mailboxActingFields,
      { name: 'deletedAt', type: isoTimestampSchema },
    ],
  },
});

/**
 * An operator took a letter out of a mailbox it should never have reached (a faulty routing
 * decision), under a case: it leaves every viewing client's listing at once and answers as
 * absent to the mailbox's holders; its events, this one included, stay in the log.
 */
export const messageWithdrawnV1 = defineEvent({
  type: 'MessageWithdrawn',
  version: 1,
  description: 'An operator withdrew a misdelivered letter from a mailbox, under a case.',
  schema: {
    type: 'record',
    name: 'MessageWithdrawn',
    namespace: namespaces.mailbox,
    fields: [
      ...letterFields,
      { name: 'caseReference', type: 'string', doc: "The operator's case: a reference only." },
      { name: 'withdrawnAt', type: isoTimestampSchema },
    ],
  },
});

const folderFields = [
  { name: 'mailboxId', type: 'string' },
  { name: 'folderId', type: 'string' },
] as const;

export const folderCreatedV1 = defineEvent({
  type: 'FolderCreated',
  version: 1,
  description: 'A user made a folder in a mailbox (its name is kept by the mailbox service).',
  schema: {
    type: 'record',
    name: 'FolderCreated',
    namespace: namespaces.mailbox,
    fields: [
      ...folderFields,
      ...mailboxActingFields,
      { name: 'createdAt', type: isoTimestampSchema },
    ],
  },
});

export const folderRenamedV1 = defineEvent({
  type: 'FolderRenamed',
  version: 1,
  description: 'A user renamed a folder of a mailbox.',
  schema: {
    type: 'record',
    name: 'FolderRenamed',
    namespace: namespaces.mailbox,
    fields: [
      ...folderFields,
      ...mailboxActingFields,
      { name: 'changedAt', type: isoTimestampSchema },
    ],
  },
});

export const folderDeletedV1 = defineEvent({
  type: 'FolderDeleted',
  version: 1,
  description: 'A user deleted an empty folder of a mailbox.',
  schema: {
    type: 'record',
    name: 'FolderDeleted',
    namespace: namespaces.mailbox,
    fields: [
      ...folderFields,
      ...mailboxActingFields,
      { name: 'deletedAt', type: isoTimestampSchema },
    ],
  },
});

export type MessageMoved = EventData<typeof messageMovedV1>;
export type MessageDeleted = EventData<typeof messageDeletedV1>;
export type MessagePermanentlyDeleted = EventData<typeof messagePermanentlyDeletedV1>;
export type MessageWithdrawn = EventData<typeof messageWithdrawnV1>;
export type FolderCreated = EventData<typeof folderCreatedV1>;
export type FolderRenamed = EventData<typeof folderRenamedV1>;
export type FolderDeleted = EventData<typeof folderDeletedV1>;
