import type { ProblemDetails, ValidationIssue } from './problemDetails.ts';
import { problemTypes, type ProblemType } from './problemTypes.ts';

/** Extension members a service may add to a problem; the standard members are set by the kit. */
export type ProblemExtensions = Record<string, unknown>;

/**
 * Thrown by a route (or anything it calls) to answer with a specific problem. The error handler
 * sends `problem` as it is, plus `instance` and `correlationId`.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly problem: ProblemDetails;

  constructor(kind: ProblemType, detail?: string, extensions: ProblemExtensions = {}) {
    super(detail ?? kind.title);
    const standard = {
      type: kind.type,
      title: kind.title,
      status: kind.status,
      ...(detail === undefined ? {} : { detail }),
    };
    // Standard members first in the JSON, and an extension can never overwrite one.
    this.problem = { ...standard, ...extensions, ...standard };
  }

  get status(): number {
    return this.problem.status;
  }
}

const helper =
  (kind: ProblemType) =>
  (detail?: string, extensions?: ProblemExtensions): ProblemError =>
    new ProblemError(kind, detail, extensions);

/** Shorthands for the common problems: `throw problem.notFound('No such message')`. */
export const problem = {
  badRequest: helper(problemTypes.badRequest),
  unauthorized: helper(problemTypes.unauthorized),
  forbidden: helper(problemTypes.forbidden),
  notFound: helper(problemTypes.notFound),
  conflict: helper(problemTypes.conflict),
  preconditionFailed: helper(problemTypes.preconditionFailed),
  tooManyRequests: helper(problemTypes.tooManyRequests),
  unavailable: helper(problemTypes.unavailable),
  validation: (errors: ValidationIssue[], detail?: string): ProblemError =>
    new ProblemError(problemTypes.validation, detail, { errors }),
};
