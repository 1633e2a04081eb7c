import { expect } from 'vitest';

/** An injected request's answer, as much of it as a problem check reads. */
interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): { type?: unknown };
}

/** The answer is a problem (RFC 9457) with `status`, and with the stable `type` when given. */
export const expectProblem = (response: Answer, status: number, type?: string): void => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  if (type) expect(response.json().type).toBe(`https://digitalpost.dk/problems/${type}`);
};
