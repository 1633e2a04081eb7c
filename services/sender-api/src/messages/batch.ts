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
import { answerOf, checkHandIn } from './handIn.ts';
import { acceptMessages } from './acceptMessages.ts';
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

// Letters stored per transaction: large enough to share the statements, small enough that a
// transaction stays short and a failed one costs little to do again one by one.
const LETTERS_PER_TRANSACTION = 250;

/**
 * Every message of a batch is validated and answered on its own: one bad letter among a thousand
 * is refused alone and the others are accepted. The valid ones are stored a few hundred per
 * transaction.
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
  const valid: Array<{ index: number; message: MessageRequest }> = [];
  parsed.forEach((item, index) => {
    const refusal = checkOne(items[index], item, index, context);
    if (refusal) results[index] = refusal;
    else valid.push({ index, message: item.data! });
  });
  for (let start = 0; start < valid.length; start += LETTERS_PER_TRANSACTION) {
    const chunk = valid.slice(start, start + LETTERS_PER_TRANSACTION);
    for (const [position, answer] of (await storeChunk(deps, chunk, context)).entries()) {
      results[chunk[position]!.index] = answer;
    }
  }
  return results;
};

const filesSize = (message: MessageRequest): number =>
  message.documents.reduce(
    (sum, document) => sum + document.files.reduce((s, file) => s + decodedSize(file.content), 0),
    0,
  );

/** A refusal for a message that cannot be stored as it is, or nothing. */
const checkOne = (
  item: unknown,
  parsed: z.ZodSafeParseResult<MessageRequest>,
  index: number,
  context: BatchContext,
): BatchResult | undefined => {
  const messageUUID = uuidOf(item);
  if (!parsed.success) {
    return refused(
      index,
      messageUUID,
      problem.validation(issuesOf(parsed.error, index), 'Invalid message.'),
    );
  }
  try {
    checkHandIn(parsed.data, context.authority, context.limits, `/messages/${index}`);
    return undefined;
  } catch (error) {
    if (error instanceof ProblemError) return refused(index, messageUUID, error);
    throw error;
  }
};

const storeChunk = async (
  deps: AcceptDependencies,
  chunk: Array<{ index: number; message: MessageRequest }>,
  context: BatchContext,
): Promise<BatchResult[]> => {
  const { systemId } = context.authority;
  try {
    const outcomes = await acceptMessages(
      deps,
      chunk.map(({ message }) => message),
      systemId,
    );
    return outcomes.map((outcome, position) => {
      const { index, message } = chunk[position]!;
      try {
        const answer = answerOf(outcome);
        return { index, messageUUID: answer.acceptance.messageUUID, ...answer };
      } catch (error) {
        return refused(index, message.messageUUID, error as ProblemError);
      }
    });
  } catch (error) {
    context.log.error({ err: error, from: chunk[0]!.index }, 'batch messages failed');
    const notStored = new ProblemError(problemTypes.internal, 'Not stored; retry it.');
    return chunk.map(({ index, message }) => refused(index, message.messageUUID, notStored));
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
