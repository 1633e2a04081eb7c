import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { CORRELATION_ID_HEADER } from '../context/correlationId.ts';
import { PROBLEM_CONTENT_TYPE } from '../problems/problemDetails.ts';
import { problemTypes, type ProblemType } from '../problems/problemTypes.ts';

const problemOf = (code: string | undefined): ProblemType => {
  if (code === 'HPE_HEADER_OVERFLOW') return problemTypes.headersTooLarge;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return problemTypes.requestTimeout;
  return problemTypes.unreadableRequest;
};

/**
 * What Node's HTTP parser refuses before fastify sees a request (headers too large, a request
 * line or header that is not HTTP, a request that never finished arriving) is answered with a
 * problem document like every other error, then the connection closed: after a parse error
 * nothing more on it can be trusted.
 */
export const answerClientError =
  (log: () => FastifyBaseLogger) =>
  (error: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { type, title, status } = problemOf(error.code);
    const correlationId = randomUUID();
    log().info({ code: error.code, status, correlationId }, 'unreadable request refused');
    const body = JSON.stringify({ type, title, status, correlationId });
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          `${CORRELATION_ID_HEADER}: ${correlationId}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
