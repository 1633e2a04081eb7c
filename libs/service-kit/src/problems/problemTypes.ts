import { STATUS_CODES } from 'node:http';

/**
 * The stable `type` URIs of the problems every service can answer with. Clients switch on
 * `type`, never on `title` or `detail`, so a URI here is never renamed once published.
 */
export const PROBLEM_TYPE_BASE = 'https://digitalpost.dk/problems';

export const problemTypeUri = (slug: string): string => `${PROBLEM_TYPE_BASE}/${slug}`;

export interface ProblemType {
  type: string;
  title: string;
  status: number;
}

const define = (slug: string, status: number, title: string): ProblemType => ({
  type: problemTypeUri(slug),
  status,
  title,
});

export const problemTypes = {
  validation: define('validation', 400, 'The request is not valid'),
  malformedBody: define('malformed-body', 400, 'The request body could not be parsed'),
  badRequest: define('bad-request', 400, 'Bad request'),
  unauthorized: define('unauthorized', 401, 'Authentication is required'),
  forbidden: define('forbidden', 403, 'Not allowed'),
  notFound: define('not-found', 404, 'Not found'),
  conflict: define('conflict', 409, 'The request conflicts with the current state'),
  preconditionFailed: define('precondition-failed', 412, 'The resource has changed'),
  payloadTooLarge: define('payload-too-large', 413, 'The request body is too large'),
  unsupportedMediaType: define('unsupported-media-type', 415, 'Unsupported content type'),
  tooManyRequests: define('too-many-requests', 429, 'Too many requests'),
  headersTooLarge: define('headers-too-large', 431, 'The request headers are too large'),
  requestTimeout: define('request-timeout', 408, 'The request took too long to arrive'),
  unreadableRequest: define('unreadable-request', 400, 'The request is not readable HTTP'),
  internal: define('internal', 500, 'Internal error'),
  unavailable: define('unavailable', 503, 'The service is unavailable'),
  notReady: define('not-ready', 503, 'The service is not ready'),
} as const satisfies Record<string, ProblemType>;

export type ProblemTypeName = keyof typeof problemTypes;

const byStatus: Record<number, ProblemType> = {
  400: problemTypes.badRequest,
  401: problemTypes.unauthorized,
  403: problemTypes.forbidden,
  404: problemTypes.notFound,
  409: problemTypes.conflict,
  412: problemTypes.preconditionFailed,
  413: problemTypes.payloadTooLarge,
  415: problemTypes.unsupportedMediaType,
  429: problemTypes.tooManyRequests,
  503: problemTypes.unavailable,
};

/**
 * The problem type for a bare HTTP status, used when an error carries nothing more specific.
 * A status with no type of ours gets RFC 9457's `about:blank`: the status says it all.
 */
export const problemTypeForStatus = (status: number): ProblemType => {
  const known = byStatus[status];
  if (known) return known;
  if (status >= 500) return problemTypes.internal;
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Client error', status };
};
