import type { MailboxPort, MyEnrollmentPort, NoticeDetailsPort } from '@digital-post/contracts';
import type { AuthenticationDeps } from './acting.ts';

export interface GatewayDeps extends AuthenticationDeps {
  mailbox: MailboxPort;
  /** The enrollment service's details for notices; absent, `/v1/me/notice-details` is not served. */
  noticeDetails?: NoticeDetailsPort;
  /** The enrollment service's view of a user's own enrollment; absent, `/v1/me/enrollment` is not served. */
  myEnrollment?: MyEnrollmentPort;
  /** Open event streams one person may hold at once, over all clients and mailboxes. Default 10. */
  maxStreamsPerPerson?: number;
}
