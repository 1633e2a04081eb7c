import {
  contractCheckedStore,
  withInlineProjections,
  type InlineProjection,
  type ProjectedStore,
} from '@digital-post/service-kit';
import {
  batchingStore,
  type BatchingStore,
  type Database,
  type EventStore,
} from '@digital-post/event-store';
import { projectEventLog } from '../eventLog/eventLogProjection.ts';
import { letterEventTypes } from '../letters/letterEvents.ts';
import {
  lettersProjection,
  type MailboxesChanged,
  type TitlesOf,
} from '../sync/letterProjection.ts';

/** The events of the mailbox's own streams: the letters in it and its folders. */
const mailboxEventTypes = [...letterEventTypes, 'FolderCreated', 'FolderRenamed', 'FolderDeleted'];

/**
 * The read models in the order they must run: the letters projection takes the mailbox's change
 * counter first, which serialises a mailbox's writers, so its event log entries commit in order.
 */
const projections = (titlesOf: TitlesOf, changed: MailboxesChanged): InlineProjection[] => [
  { handles: mailboxEventTypes, project: lettersProjection(titlesOf, changed) },
  { handles: mailboxEventTypes, project: projectEventLog },
];

export type MailboxStore = ProjectedStore & Pick<BatchingStore, 'inBatch'>;

/**
 * The mailbox's store: every append checked against the contracts and projected inline; a batch
 * of deliveries reads and writes its letters' streams at once, and projects them at once as it
 * ends.
 */
export const mailboxStore = (
  store: EventStore,
  db: Database,
  titlesOf: TitlesOf,
  changed: MailboxesChanged,
): MailboxStore => {
  const batching = batchingStore(store);
  const projected = projections(titlesOf, changed);
  return {
    ...withInlineProjections(contractCheckedStore(batching), db, projected, batching),
    inBatch: (tx, work) => batching.inBatch(tx, work),
  };
};
