import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { registerHealthRoutes, type HealthOptions } from '../health/healthRoutes.ts';
import { createLogger } from '../logging/logger.ts';
import { answerClientError } from './clientErrors.ts';
import { correlationIdOf } from './correlation.ts';
import { registerDrain } from './drain.ts';
import { errorToProblem } from './errorToProblem.ts';
import type { HttpApp } from './httpApp.ts';
import { registerOpenApi, type OpenApiOptions } from './openApi.ts';
import { registerProblemReplies, sendProblem } from './problemReplies.ts';
import { registerRequestScope } from './requestScope.ts';
import type { RateCounter } from './rateCounters.ts';
import { registerRateLimits, type RateLimit } from './rateLimits.ts';
import { registerSecurityHeaders } from './securityHeaders.ts';
import { registerStorableTextCheck } from './storableText.ts';

export interface HttpAppOptions extends HealthOptions {
  serviceName: string;
  /** A pino logger; by default one writing JSON lines to stdout. */
  logger?: Logger;
  /** Largest accepted request body in bytes; larger ones get a 413 problem. Default 1 MiB. */
  bodyLimit?: number;
  /** Title, version and description of the OpenAPI document, or `false` for no /docs. */
  openApi?: OpenApiOptions | false;
  /** Requests per caller and window; none: no limits (a front behind another that limits). */
  rateLimits?: readonly RateLimit[];
  /** Where the limits count; in this process unless given (Redis: shared by processes). */
  rateCounter?: RateCounter;
  /** As fastify's `trustProxy`: which proxies may set X-Forwarded-For. */
  trustProxy?: FastifyServerOptions['trustProxy'];
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * A fastify app with the conventions every Digital Post service shares: zod schemas, one
 * problem+json error shape, correlation ids, tracing, /health, /ready and /docs. Async because
 * the OpenAPI plugin must be loaded before routes are added, or they miss the document.
 */
export const createHttpApp = async (options: HttpAppOptions): Promise<HttpApp> => {
  // Typed as fastify's logger, so the app's type does not depend on the pino version.
  const logger: FastifyBaseLogger =
    options.logger ?? createLogger({ serviceName: options.serviceName });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Unique across instances, unlike fastify's per-process counter.
    genReqId: () => randomUUID(),
    childLoggerFactory: (parent, bindings, childOptions, raw) =>
      parent.child({ ...bindings, correlationId: correlationIdOf(raw) }, childOptions),
    // Fastify's own 503 while closing is plain JSON; the drain hook answers with a problem.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) =>
      sendProblem(request, reply, errorToProblem(error, request).problem),
    clientErrorHandler: answerClientError(() => logger),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body would otherwise reach validation as a string and get a
  // confusing 400 instead of the 415 it deserves. Services that take other types add parsers.
  app.removeContentTypeParser('text/plain');

  registerRequestScope(app);
  registerDrain(app);
  if (options.rateLimits) registerRateLimits(app, options.rateLimits, options.rateCounter);
  registerProblemReplies(app);
  registerStorableTextCheck(app);
  registerSecurityHeaders(app);
  if (options.openApi !== false) await registerOpenApi(app, options.serviceName, options.openApi);
  registerHealthRoutes(app, options);
  return app;
};
