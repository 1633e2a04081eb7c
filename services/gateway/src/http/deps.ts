import type { MailboxApi } from '@digital-post/mailbox';
import type { AuthenticationDeps } from './acting.ts';

export interface GatewayDeps extends AuthenticationDeps {
  mailbox: MailboxApi;
}
