// HTTP
export { createHttpApp, DEFAULT_BODY_LIMIT, type HttpAppOptions } from './http/createHttpApp.ts';
export type { HttpApp } from './http/httpApp.ts';
export type { OpenApiOptions } from './http/openApi.ts';
export { operatorHeadersSchema } from './http/operatorHeaders.ts';
export { sendFile, type FileToSend } from './http/fileReply.ts';
export { isStorableText } from './http/storableText.ts';
export type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';

// CSV (RFC 4180) for operators' exports
export { csvField, csvRecord, type CsvValue } from './csv/csv.ts';

// Problems (RFC 9457)
export {
  PROBLEM_CONTENT_TYPE,
  problemDetailsSchema,
  problemResponses,
  validationIssueSchema,
  type ProblemDetails,
  type ValidationIssue,
} from './problems/problemDetails.ts';
export { problem, ProblemError, type ProblemExtensions } from './problems/problemError.ts';
export { parsedOrProblem } from './problems/parsedOrProblem.ts';
export {
  PROBLEM_TYPE_BASE,
  problemTypes,
  problemTypeUri,
  type ProblemType,
  type ProblemTypeName,
} from './problems/problemTypes.ts';

// Request context and correlation
export {
  currentCorrelationId,
  currentRequestContext,
  runInRequestContext,
  setCurrentActor,
  type RequestContext,
} from './context/requestContext.ts';
export {
  CORRELATION_ID_HEADER,
  isAcceptableCorrelationId,
  newCorrelationId,
} from './context/correlationId.ts';
export { eventMetadataFromContext } from './context/eventMetadata.ts';

// Logging and tracing
export { createLogger, type LoggerOptions } from './logging/logger.ts';
export { repeatEvery } from './background/repeatEvery.ts';
export { tokenClaimsOf, tokenSubjectOf, type RateLimit } from './http/rateLimits.ts';
export {
  redisRateCounter,
  type RateCounter,
  type RedisRateCounterOptions,
} from './http/rateCounters.ts';
export {
  contextFromTraceHeaders,
  currentTraceContext,
  getTracer,
  TRACER_NAME,
  withSpan,
  type TraceContextHeaders,
  type WithSpanOptions,
} from '@digital-post/telemetry';

// Health
export type { CheckOutcome, ReadinessCheck } from './health/readiness.ts';

// Configuration
export {
  ConfigError,
  loadConfig,
  type ConfigProblem,
  type Environment,
} from './config/loadConfig.ts';

// Shutdown
export {
  installShutdown,
  type InstalledShutdown,
  type ShutdownOptions,
  type ShutdownOutcome,
} from './shutdown/installShutdown.ts';
export {
  onShutdown,
  processShutdownHooks,
  ShutdownHooks,
  type ShutdownHook,
} from './shutdown/shutdownHooks.ts';

// Commands
export { foldEvents, type DecidedEvent, type Decider } from './commands/decider.ts';
export {
  createCommandHandler,
  type CommandHandler,
  type CommandHandlerOptions,
  type CommandResult,
  type HandleOptions,
  type LoadedStream,
} from './commands/commandHandler.ts';
export { DomainRuleError } from './commands/domainRuleError.ts';
export { countOutcomes } from './commands/countOutcomes.ts';

// Events checked against the contracts
export {
  withInlineProjections,
  type AppendedEvent,
  type InlineProjection,
  type ProjectedStore,
} from './events/inlineProjections.ts';
export {
  checkedEvent,
  contractCheckedStore,
  dataOf,
  latestDataOf,
} from './events/contractChecked.ts';
