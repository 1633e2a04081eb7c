import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER } from '../context/correlationId.ts';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../problems/problemDetails.ts';
import { problemTypes } from '../problems/problemTypes.ts';
import { markFailed } from '@digital-post/telemetry';
import { correlationIdOf } from './correlation.ts';
import { errorToProblem } from './errorToProblem.ts';
import type { HttpApp } from './httpApp.ts';
import { serverSpanOf } from './requestScope.ts';

/** Every error and every unknown route answers with problem+json, never fastify's own shape. */
export const registerProblemReplies = (app: HttpApp): void => {
  app.setErrorHandler((error, request, reply) => {
    const { problem, internal } = errorToProblem(error, request);
    if (internal) {
      // The stack goes to the log only; the client gets the generic problem and the id to quote.
      request.log.error({ err: error }, 'request failed');
      const span = serverSpanOf(request);
      if (span) markFailed(span, error);
    } else {
      request.log.info({ problemType: problem.type, status: problem.status }, 'request refused');
    }
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      type: problemTypes.notFound.type,
      title: problemTypes.notFound.title,
      status: problemTypes.notFound.status,
      detail: `No route for ${request.method} ${pathOf(request)}.`,
    }),
  );
};

/** Sends `problem` with the request's path as `instance` and its correlation id. */
export const sendProblem = (
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemDetails,
): FastifyReply => {
  // Errors fastify raises before any hook ran (a malformed URL) have no id on the reply yet.
  const correlationId = correlationIdOf(request.raw);
  return reply
    .header(CORRELATION_ID_HEADER, correlationId)
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: pathOf(request), correlationId });
};

// The query string is left out: it can carry personal data the caller should not see echoed.
const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;
