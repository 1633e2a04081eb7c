// The mailbox service's public face: the service (its consumers and its port) and nothing of
// its insides. The port's types, errors and published events are in @digital-post/contracts.
export {
  createMailboxService,
  type MailboxService,
  type MailboxServiceOptions,
} from './mailboxService.ts';
/**
 * For the database's setup by its owner (platform's setupDatabase): the service's own schema,
 * and the tables an older release used that only the owner may drop.
 */
export { ensureMailboxSchema } from './shared/schema.ts';
export { retireJoinTables } from './letters/joinFromBeforeV3.ts';
