import { ContractRegistry } from '../registry.ts';
import { readAccessGrantedV1, readAccessRevokedV1 } from './access.ts';
import {
  citizenEnrolledV1,
  citizenUnenrolledV1,
  exemptionEndedV1,
  exemptionGrantedV1,
} from './enrollment.ts';
import { forwardingRuleAddedV1, forwardingRuleRemovedV1 } from './forwarding.ts';
import { messageDeliveredV1, messageOpenedV1 } from './mailbox.ts';
import { messageAcceptedV1 } from './messages.ts';
import { messageHeldV1, messageRoutedV1, messageRoutedV2 } from './routing.ts';

export * from './access.ts';
export * from './enrollment.ts';
export * from './forwarding.ts';
export * from './mailbox.ts';
export * from './messages.ts';
export * from './routing.ts';

/** Every event contract of the product, every version. */
export const productContracts = [
  messageAcceptedV1,
  messageRoutedV1,
  messageRoutedV2,
  messageHeldV1,
  messageDeliveredV1,
  messageOpenedV1,
  forwardingRuleAddedV1,
  forwardingRuleRemovedV1,
  citizenEnrolledV1,
  citizenUnenrolledV1,
  exemptionGrantedV1,
  exemptionEndedV1,
  readAccessGrantedV1,
  readAccessRevokedV1,
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
