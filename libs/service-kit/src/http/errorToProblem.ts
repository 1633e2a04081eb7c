import { ConcurrencyError } from '@digital-post/event-store';
import type { FastifyError, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  type ZodFastifySchemaValidationError,
} from 'fastify-type-provider-zod';
import { DomainRuleError } from '../commands/domainRuleError.ts';
import type { ProblemDetails, ValidationIssue } from '../problems/problemDetails.ts';
import { ProblemError } from '../problems/problemError.ts';
import {
  problemTypes,
  problemTypeForStatus,
  problemTypeUri,
  type ProblemType,
} from '../problems/problemTypes.ts';

export interface MappedProblem {
  problem: ProblemDetails;
  /** A fault of ours, not the client's: logged with its stack, never shown. */
  internal: boolean;
}

const INTERNAL_DETAIL =
  'Something went wrong on our side. Quote the correlation id if you report it.';

/** Fastify's own client errors whose message is safe and useful to show as `detail`. */
const FASTIFY_CLIENT_ERRORS: Record<string, ProblemType> = {
  FST_ERR_CTP_INVALID_JSON_BODY: problemTypes.malformedBody,
  FST_ERR_CTP_EMPTY_JSON_BODY: problemTypes.malformedBody,
  FST_ERR_CTP_BODY_TOO_LARGE: problemTypes.payloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: problemTypes.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: problemTypes.badRequest,
};

/** Turns anything a route or fastify throws into the one problem shape. */
export const errorToProblem = (error: unknown, request: FastifyRequest): MappedProblem => {
  if (error instanceof ProblemError) return client(error.problem);
  if (error instanceof DomainRuleError) return client(ruleProblem(error));
  if (error instanceof ConcurrencyError) return client(concurrencyProblem(request));
  if (hasZodFastifySchemaValidationErrors(error)) return client(validationProblem(error));
  // Anything can be thrown, `null` included; only an object can carry a status.
  return fastifyProblem(
    (typeof error === 'object' && error !== null ? error : {}) as FastifyFields,
  );
};

const client = (problem: ProblemDetails): MappedProblem => ({ problem, internal: false });

const fromType = (kind: ProblemType, detail?: string): ProblemDetails =>
  new ProblemError(kind, detail).problem;

const ruleProblem = (error: DomainRuleError): ProblemDetails =>
  fromType(
    {
      type: problemTypeUri(`rules/${error.rule}`),
      title: `Rule broken: ${error.rule}`,
      status: error.status,
    },
    error.message,
  );

/**
 * With If-Match the client named the version it saw: a mismatch is 412. Without, the handler
 * already retried against fresh state and still lost the race: 409, try again.
 */
const concurrencyProblem = (request: FastifyRequest): ProblemDetails =>
  request.headers['if-match'] === undefined
    ? fromType(problemTypes.conflict, 'The resource changed while the request was handled.')
    : fromType(
        problemTypes.preconditionFailed,
        'The resource no longer has the version in If-Match.',
      );

type ValidationFailure = Omit<FastifyError, 'validation'> & {
  validation: ZodFastifySchemaValidationError[];
};

const LOCATION_NAMES: Record<ValidationIssue['location'], string> = {
  body: 'request body',
  querystring: 'query string',
  params: 'path parameters',
  headers: 'request headers',
};

const validationProblem = (error: ValidationFailure): ProblemDetails => {
  const location = error.validationContext ?? 'body';
  const errors: ValidationIssue[] = error.validation.map((issue) => ({
    location,
    pointer: issue.instancePath === '/' ? '' : issue.instancePath,
    message: issue.message ?? 'Invalid value',
    code: issue.keyword,
  }));
  return { ...fromType(problemTypes.validation, `Invalid ${LOCATION_NAMES[location]}.`), errors };
};

type FastifyFields = Partial<Pick<FastifyError, 'statusCode' | 'code' | 'message'>>;

const fastifyProblem = (error: FastifyFields): MappedProblem => {
  const status = error.statusCode ?? 500;
  if (status >= 500 || status < 400) {
    return { problem: fromType(problemTypes.internal, INTERNAL_DETAIL), internal: true };
  }
  const known = error.code === undefined ? undefined : FASTIFY_CLIENT_ERRORS[error.code];
  if (known) return client(fromType(known, error.message));
  // Fastify's own messages are written for clients; a library's might name internals.
  const detail = error.code?.startsWith('FST_') ? error.message : undefined;
  return client(fromType(problemTypeForStatus(status), detail));
};
