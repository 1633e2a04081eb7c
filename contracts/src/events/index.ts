import { ContractRegistry } from '../registry.ts';
import {
  accessExpiredV1,
  accessRevokedV1,
  employeeRightGrantedV1,
  employeeRightRevokedV1,
  fullAccessGrantedV1,
  readAccessGrantedV1,
} from './access.ts';
import {
  citizenEnrolledV1,
  citizenEnrolledV2,
  citizenUnenrolledV1,
  citizenUnenrolledV2,
  companyEnrolledV1,
  companyExemptionEndedV1,
  companyExemptionGrantedV1,
  companyUnenrolledV1,
  exemptionEndedV1,
  exemptionEndedV2,
  exemptionGrantedV1,
  exemptionGrantedV2,
} from './enrollment.ts';
import {
  citizenEnrolledV3,
  citizenUnenrolledV3,
  companyEnrolledV2,
  companyExemptionEndedV2,
  companyExemptionGrantedV2,
  companyUnenrolledV2,
  exemptionEndedV3,
  exemptionGrantedV3,
} from './enrollmentDecisions.ts';
import {
  enrollmentChangeApprovedV1,
  enrollmentChangeHeldV1,
  enrollmentChangeRejectedV1,
  welcomeLetterPrintedV1,
} from './enrollmentGuard.ts';
import { noticeDetailsChangedV1, noticeDetailsConfirmedV1 } from './noticeDetails.ts';
import {
  noticeCancelledV1,
  noticeCancelledV2,
  noticeFailedV1,
  noticeQueuedV1,
  noticeSentV1,
  smsQuietPeriodSetV1,
} from './notices.ts';
import {
  companyCeasedV1,
  companyRegisteredV1,
  personBornRegisteredV1,
  personDiedRegisteredV1,
  personMovedRegisteredV1,
} from './registers.ts';
import { forwardingRuleAddedV1, forwardingRuleRemovedV1 } from './forwarding.ts';
import {
  legalNotificationServedV1,
  messageDeliveredV1,
  messageDeliveredV2,
  messageMarkedReadV1,
  messageMarkedUnreadV1,
  messageOpenedV1,
} from './mailbox.ts';
import {
  folderCreatedV1,
  folderDeletedV1,
  folderRenamedV1,
  messageDeletedV1,
  messageMovedV1,
  messagePermanentlyDeletedV1,
  messageWithdrawnV1,
} from './mailboxFolders.ts';
import { messageWrittenV1 } from './mailboxWriting.ts';
import { messageAcceptedV1, messageAcceptedV2, messageAcceptedV3 } from './messages.ts';
import { logRepublishOrderedV1 } from './operations.ts';
import {
  breachClosedV1,
  breachFollowUpFiledV1,
  breachFoundV1,
  breachFoundV2,
  breachPreliminaryFiledV1,
} from './breaches.ts';
import {
  forwardingChainFollowedV1,
  messageHeldV1,
  messageHeldV2,
  messagePrintedV1,
  messageRoutedV1,
  messageRoutedV2,
  messageRoutedV3,
  messageRoutedV4,
  messageRoutedV5,
} from './routing.ts';

export * from './access.ts';
export * from './noticeDetails.ts';
export * from './notices.ts';
export * from './enrollment.ts';
export * from './enrollmentDecisions.ts';
export * from './enrollmentGuard.ts';
export * from './registers.ts';
export * from './forwarding.ts';
export * from './mailbox.ts';
export * from './mailboxFolders.ts';
export * from './mailboxWriting.ts';
export * from './messages.ts';
export * from './operations.ts';
export * from './breaches.ts';
export * from './routing.ts';

/** Every event contract of the product, every version. */
export const productContracts = [
  messageAcceptedV1,
  messageAcceptedV2,
  messageAcceptedV3,
  messageRoutedV1,
  messageRoutedV2,
  messageRoutedV3,
  messageRoutedV4,
  messageRoutedV5,
  messageHeldV1,
  messageHeldV2,
  forwardingChainFollowedV1,
  messagePrintedV1,
  messageDeliveredV1,
  messageDeliveredV2,
  messageOpenedV1,
  legalNotificationServedV1,
  messageMarkedReadV1,
  messageMarkedUnreadV1,
  messageMovedV1,
  messageDeletedV1,
  messagePermanentlyDeletedV1,
  messageWithdrawnV1,
  messageWrittenV1,
  folderCreatedV1,
  folderRenamedV1,
  folderDeletedV1,
  forwardingRuleAddedV1,
  forwardingRuleRemovedV1,
  citizenEnrolledV1,
  citizenUnenrolledV1,
  exemptionGrantedV1,
  exemptionEndedV1,
  citizenEnrolledV2,
  citizenUnenrolledV2,
  exemptionGrantedV2,
  exemptionEndedV2,
  companyEnrolledV1,
  companyUnenrolledV1,
  companyExemptionGrantedV1,
  companyExemptionEndedV1,
  citizenEnrolledV3,
  citizenUnenrolledV3,
  exemptionGrantedV3,
  exemptionEndedV3,
  companyEnrolledV2,
  companyUnenrolledV2,
  companyExemptionGrantedV2,
  companyExemptionEndedV2,
  enrollmentChangeHeldV1,
  enrollmentChangeApprovedV1,
  enrollmentChangeRejectedV1,
  welcomeLetterPrintedV1,
  personBornRegisteredV1,
  personMovedRegisteredV1,
  personDiedRegisteredV1,
  companyRegisteredV1,
  companyCeasedV1,
  noticeDetailsChangedV1,
  noticeDetailsConfirmedV1,
  noticeQueuedV1,
  noticeSentV1,
  noticeFailedV1,
  noticeCancelledV1,
  noticeCancelledV2,
  smsQuietPeriodSetV1,
  readAccessGrantedV1,
  fullAccessGrantedV1,
  accessRevokedV1,
  accessExpiredV1,
  employeeRightGrantedV1,
  employeeRightRevokedV1,
  logRepublishOrderedV1,
  breachFoundV1,
  breachFoundV2,
  breachPreliminaryFiledV1,
  breachFollowUpFiledV1,
  breachClosedV1,
] as const;

export type ProductContract = (typeof productContracts)[number];

/**
 * A fresh registry per caller rather than a shared singleton: in the embedded
 * mode every service runs in one process, and one service registering a draft
 * contract must not change what the others accept.
 */
export function createProductRegistry(): ContractRegistry<ProductContract> {
  return new ContractRegistry<never>().register(...productContracts);
}
