import {
  ProblemError,
  problem,
  problemTypes,
  type ProblemDetails,
  type ValidationIssue,
} from '@digital-post/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { AuthoritySystem } from '../http/authority.ts';
import type { SenderApiLimits } from '../limits.ts';
import type { AcceptDependencies } from './acceptMessage.ts';
import { handIn } from './handIn.ts';
import { decodedSize } from './letter.ts';
import { messageSchema, type Acceptance, type MessageRequest } from './messageSchema.ts';
import { tooLarge } from './sizes.ts';

export interface BatchResult {
  index: number;
  messageUUID: string | null;
  status: number;
  acceptance?: Acceptance;
  problem?: ProblemDetails;
}

interface BatchContext {
  authority: AuthoritySystem;
  limits: SenderApiLimits;
  log: FastifyBaseLogger;
}

// PGlite stores one at a time anyway; on the server a few connections share the commits.
const CONCURRENT_HAND_INS = 4;

/**
 * Every message of a batch is validated, stored and answered on its own: one bad letter among
 * a thousand is refused alone and the others are accepted.
 */
export const handInBatch = async (
  deps: AcceptDependencies,
  items: unknown[],
  context: BatchContext,
): Promise<BatchResult[]> => {
  const parsed = items.map((item) => messageSchema.safeParse(item));
  const total = parsed.reduce((sum, item) => sum + (item.success ? filesSize(item.data) : 0), 0);
  if (total > context.limits.maxBatchBytes) {
    throw tooLarge(`The files of the batch exceed ${context.limits.maxBatchBytes} bytes.`);
  }
  const results: BatchResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await answerOne(deps, items[index], parsed[index]!, index, context);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_HAND_INS }, worker));
  return results;
};

const filesSize = (message: MessageRequest): number =>
  message.documents.reduce(
    (sum, document) => sum + document.files.reduce((s, file) => s + decodedSize(file.content), 0),
    0,
  );

const answerOne = async (
  deps: AcceptDependencies,
  item: unknown,
  parsed: z.ZodSafeParseResult<MessageRequest>,
  index: number,
  context: BatchContext,
): Promise<BatchResult> => {
  const messageUUID = uuidOf(item);
  if (!parsed.success) {
    return refused(
      index,
      messageUUID,
      problem.validation(issuesOf(parsed.error, index), 'Invalid message.'),
    );
  }
  try {
    const answer = await handIn(
      deps,
      parsed.data,
      context.authority,
      context.limits,
      `/messages/${index}`,
    );
    return { index, messageUUID: answer.acceptance.messageUUID, ...answer };
  } catch (error) {
    if (error instanceof ProblemError) return refused(index, messageUUID, error);
    context.log.error({ err: error, index }, 'batch message failed');
    return refused(
      index,
      messageUUID,
      new ProblemError(problemTypes.internal, 'Not stored; retry it.'),
    );
  }
};

const refused = (index: number, messageUUID: string | null, error: ProblemError): BatchResult => ({
  index,
  messageUUID,
  status: error.status,
  problem: error.problem,
});

const uuidOf = (item: unknown): string | null => {
  const value =
    typeof item === 'object' && item !== null
      ? (item as Record<string, unknown>).messageUUID
      : undefined;
  return typeof value === 'string' && value.length <= 64 ? value : null;
};

const issuesOf = (error: z.ZodError, index: number): ValidationIssue[] =>
  error.issues.map((issue) => ({
    location: 'body',
    pointer: `/messages/${index}${issue.path.map((part) => `/${String(part)}`).join('')}`,
    message: issue.message,
    code: issue.code,
  }));
