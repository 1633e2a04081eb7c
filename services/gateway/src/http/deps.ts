import type {
  AccessPort,
  MailboxPort,
  MyEnrollmentPort,
  NoticeDetailsPort,
} from '@digital-post/contracts';
import type { AuthenticationDeps } from './acting.ts';

export interface GatewayDeps extends AuthenticationDeps {
  mailbox: MailboxPort;
  /**
   * The access-control service: `/v1/me/mailboxes` and the grants' routes, and the check that
   * closes a holder's event stream once their access ends. Absent, none of these is served.
   */
  access?: AccessPort;
  /**
   * The notification service's details for notices; absent, `/v1/me/notice-details` is not
   * served, nor (with `access`) an organisation's `/v1/mailboxes/{mailboxId}/notice-details`.
   */
  noticeDetails?: NoticeDetailsPort;
  /** The enrollment service's view of a user's own enrollment; absent, `/v1/me/enrollment` is not served. */
  myEnrollment?: MyEnrollmentPort;
  /** Open event streams one person may hold at once, over all clients and mailboxes. Default 10. */
  maxStreamsPerPerson?: number;
  now?: () => Date;
}
