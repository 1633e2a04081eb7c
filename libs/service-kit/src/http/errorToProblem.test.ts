import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorToProblem } from './errorToProblem.ts';

const request = { headers: {} } as FastifyRequest;

describe('errorToProblem', () => {
  it('treats anything thrown that is not an error as internal', () => {
    for (const thrown of [null, undefined, 'boom', 42]) {
      expect(errorToProblem(thrown, request)).toMatchObject({
        internal: true,
        problem: { status: 500, type: 'https://digitalpost.dk/problems/internal' },
      });
    }
  });

  it('keeps a library 4xx status but not its message, which may name internals', () => {
    const libraryError = Object.assign(new Error('token for svc-account@10.0.0.3 expired'), {
      statusCode: 401,
    });
    const { problem, internal } = errorToProblem(libraryError, request);
    expect(internal).toBe(false);
    expect(problem).toEqual({
      type: 'https://digitalpost.dk/problems/unauthorized',
      title: 'Authentication is required',
      status: 401,
    });
  });

  it('a client status with no type of ours is an about:blank problem with that status', () => {
    const teapot = Object.assign(new Error('short and stout'), { statusCode: 418 });
    expect(errorToProblem(teapot, request).problem).toEqual({
      type: 'about:blank',
      title: "I'm a Teapot",
      status: 418,
    });
  });
});
