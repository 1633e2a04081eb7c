import { problem } from '@digital-post/service-kit';
import type { AuthoritySystem } from '../http/authority.ts';
import type { SenderApiLimits } from '../limits.ts';
import { acceptMessage, type AcceptDependencies, type AcceptOutcome } from './acceptMessage.ts';
import type { Acceptance, MessageRequest } from './messageSchema.ts';
import { checkMessageSizes } from './sizes.ts';

export interface HandInAnswer {
  /** 201 when stored now, 200 when the same letter was accepted before. */
  status: 201 | 200;
  acceptance: Acceptance;
}

/** The rules every hand-in passes before it is stored, single or batched; throws a problem. */
export const checkHandIn = (
  message: MessageRequest,
  authority: AuthoritySystem,
  limits: SenderApiLimits,
  pointer = '',
): void => {
  if (message.sender.authorityId !== authority.authorityId) {
    throw problem.forbidden('The sender must be the authority the token was issued to.');
  }
  checkMessageSizes(message, limits, pointer);
};

/** What the sender is told of a letter stored, or not. */
export const answerOf = (outcome: AcceptOutcome): HandInAnswer => {
  if (outcome.kind === 'conflict') {
    throw problem.conflict('This messageUUID was already used for a different message.');
  }
  return { status: outcome.kind === 'created' ? 201 : 200, acceptance: outcome.acceptance };
};

/** One letter from one authority system. */
export const handIn = async (
  deps: AcceptDependencies,
  message: MessageRequest,
  authority: AuthoritySystem,
  limits: SenderApiLimits,
): Promise<HandInAnswer> => {
  checkHandIn(message, authority, limits);
  return answerOf(await acceptMessage(deps, message, authority.systemId));
};
