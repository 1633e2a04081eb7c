import type { FastifyRequest } from 'fastify';
import { preconditionRequired } from './mailboxProblems.ts';

/** A letter's version as an ETag: strong, since the version names exactly one state. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version an If-Match names. Required for changes made against what the client last saw
 * (428 without it). A value that is no version of ours can match nothing: it asks for a
 * version that does not exist, which fails as stale (412).
 */
export const requiredIfMatch = (request: FastifyRequest): number => {
  const header = request.headers['if-match'];
  if (header === undefined) throw preconditionRequired();
  const match = /^"(\d{1,9})"$/.exec(header.trim());
  return match ? Number(match[1]) : -1;
};

/** If-Match where it is optional (delete): the version if sent, else none. */
export const optionalIfMatch = (request: FastifyRequest): number | undefined =>
  request.headers['if-match'] === undefined ? undefined : requiredIfMatch(request);
