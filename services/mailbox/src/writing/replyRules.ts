import type { LetterContent } from '@digital-post/content-store';
import { DomainRuleError } from '@digital-post/service-kit';
import type { LetterState } from '../letters/letterDecider.ts';

/** Where a reply goes and which conversation it continues. */
export interface ReplyAddress {
  recipientMailboxId: string;
  threadId: string;
}

/**
 * A reply is allowed to a letter from an authority that allows replies (in its delivery facts
 * and in its content), until the reply-by time if the letter sets one.
 */
export const replyAddress = (
  letter: LetterState,
  content: LetterContent | undefined,
  now: Date,
): ReplyAddress => {
  const sender = letter.senderId;
  const allowed =
    letter.direction === 'incoming' && letter.replyAllowed && content?.reply?.allowed !== false;
  if (!allowed || !sender?.startsWith('authority:')) {
    throw new DomainRuleError('reply-not-allowed', 'This letter cannot be answered.', 409);
  }
  const deadline = content?.reply?.replyByDateTime;
  if (deadline !== undefined && Date.parse(deadline) < now.getTime()) {
    throw new DomainRuleError('reply-deadline-passed', `Replies were due by ${deadline}.`, 409);
  }
  return { recipientMailboxId: sender, threadId: letter.threadId };
};
