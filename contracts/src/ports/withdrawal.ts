import { z } from 'zod';
import { mailboxIdSchema } from '../identifiers.ts';
import { caseReferenceSchema, operatorIdSchema } from '../text.ts';
import { definePort } from './port.ts';

/**
 * The mailbox's answer to an operator repairing a faulty routing decision: take a letter out of a
 * mailbox that should never have had it, under a case. It leaves every listing at once and
 * answers as absent to the mailbox's holders; its events stay. Withdrawing again changes nothing,
 * and a letter withdrawn before it arrived (a delivery time not yet reached) never arrives.
 */
export interface WithdrawalPort {
  withdraw(letters: Withdrawal[]): Promise<WithdrawalOutcome[]>;
}

export interface Withdrawal {
  messageId: string;
  mailboxId: string;
  caseReference: string;
  /** The operator whose command it is, recorded as the withdrawal's actor. */
  operatorId: string;
}

export interface WithdrawalOutcome {
  messageId: string;
  mailboxId: string;
  /** `already`: withdrawn before, by this case or another; nothing was written. */
  outcome: 'withdrawn' | 'already';
}

/** At most this many letters a call; the caller pages. */
export const WITHDRAWAL_BATCH = 500;

const withdrawalSchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  mailboxId: mailboxIdSchema,
  caseReference: caseReferenceSchema,
  operatorId: operatorIdSchema,
});

export const withdrawalPort = definePort<WithdrawalPort>({
  name: 'withdrawal',
  calls: ['withdraw'],
  streams: [],
  errors: [],
  args: { withdraw: z.tuple([z.array(withdrawalSchema).max(WITHDRAWAL_BATCH)]) },
});
