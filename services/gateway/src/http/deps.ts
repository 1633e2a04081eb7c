import type { MyEnrollmentApi, NoticeDetailsApi } from '@digital-post/enrollment';
import type { MailboxApi } from '@digital-post/mailbox';
import type { AuthenticationDeps } from './acting.ts';

export interface GatewayDeps extends AuthenticationDeps {
  mailbox: MailboxApi;
  /** The enrollment service's details for notices; absent, `/v1/me/notice-details` is not served. */
  noticeDetails?: NoticeDetailsApi;
  /** The enrollment service's view of a user's own enrollment; absent, `/v1/me/enrollment` is not served. */
  enrollment?: MyEnrollmentApi;
}
