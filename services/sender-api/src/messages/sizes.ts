import { ProblemError, problemTypes, type ValidationIssue } from '@digital-post/service-kit';
import type { SenderApiLimits } from '../limits.ts';
import { decodedSize } from './letter.ts';
import type { MessageRequest } from './messageSchema.ts';

/**
 * Checks the decoded file sizes against the stated limits before anything is decoded or stored.
 * `pointer` prefixes the JSON pointers, so a batch answer names the message within it.
 */
export const checkMessageSizes = (
  message: MessageRequest,
  limits: SenderApiLimits,
  pointer = '',
): number => {
  const issues: ValidationIssue[] = [];
  let total = 0;
  message.documents.forEach((document, d) =>
    document.files.forEach((file, f) => {
      const size = decodedSize(file.content);
      total += size;
      if (size > limits.maxFileBytes) {
        issues.push(
          issue(`${pointer}/documents/${d}/files/${f}/content`, size, limits.maxFileBytes),
        );
      }
    }),
  );
  if (total > limits.maxMessageBytes)
    issues.push(issue(`${pointer}/documents`, total, limits.maxMessageBytes));
  if (issues.length > 0) throw tooLarge('The message exceeds a size limit.', issues);
  return total;
};

const issue = (pointer: string, size: number, limit: number): ValidationIssue => ({
  location: 'body',
  pointer,
  message: `${size} bytes, more than the limit of ${limit} bytes`,
  code: 'too_big',
});

export const tooLarge = (detail: string, errors: ValidationIssue[] = []): ProblemError =>
  new ProblemError(problemTypes.payloadTooLarge, detail, errors.length > 0 ? { errors } : {});
