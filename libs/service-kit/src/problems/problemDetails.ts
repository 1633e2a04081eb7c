import { z } from 'zod';

/** RFC 9457 says problem documents are served with this media type, not application/json. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const validationIssueSchema = z
  .object({
    location: z
      .enum(['body', 'querystring', 'params', 'headers'])
      .describe('The part of the request the issue is in'),
    pointer: z.string().describe('JSON pointer (RFC 6901) to the offending value in that part'),
    message: z.string(),
    code: z.string().optional().describe('Machine-readable kind of issue, e.g. invalid_type'),
  })
  .meta({ id: 'ValidationIssue' });

export type ValidationIssue = z.infer<typeof validationIssueSchema>;

/**
 * The one error shape of every Digital Post HTTP API (RFC 9457). Loose, because RFC 9457 lets a
 * problem type add its own extension members (e.g. `checks` on a failed readiness probe).
 */
export const problemDetailsSchema = z
  .looseObject({
    type: z.string().describe('Stable URI naming the kind of problem; switch on this'),
    title: z.string().describe('Short human-readable summary of the problem type'),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional().describe('Human-readable explanation of this occurrence'),
    instance: z.string().optional().describe('The request path this occurrence happened on'),
    correlationId: z
      .string()
      .optional()
      .describe('Quote this when reporting the problem; it finds the logs and events'),
    errors: z.array(validationIssueSchema).optional(),
  })
  .meta({ id: 'ProblemDetails' });

export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

/**
 * Response schemas for the error statuses a route can answer with, so they show in the OpenAPI
 * document: `response: { 200: folderSchema, ...problemResponses(404, 409) }`.
 */
export const problemResponses = <const Status extends number>(
  ...statuses: Status[]
): Record<Status, typeof problemDetailsSchema> =>
  Object.fromEntries(statuses.map((status) => [status, problemDetailsSchema])) as Record<
    Status,
    typeof problemDetailsSchema
  >;
