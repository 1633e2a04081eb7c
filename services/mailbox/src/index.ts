// The mailbox service's public face: the service (its consumers and its port) and nothing of
// its insides. The port's types, errors and published events are in @digital-post/contracts.
export {
  createMailboxService,
  type MailboxService,
  type MailboxServiceOptions,
} from './mailboxService.ts';
