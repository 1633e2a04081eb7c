import type { z } from 'zod';
import { problem } from './problemError.ts';

/**
 * The input as `schema` reads it, or a 400 validation problem naming each bad value by its JSON
 * pointer in the body: for a service's API objects, which are called by more than the routes
 * that check their bodies already. A bad value is the caller's fault, never an internal error.
 */
export const parsedOrProblem = <T>(schema: z.ZodType<T>, input: unknown, detail: string): T => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw problem.validation(
    result.error.issues.map((issue) => ({
      location: 'body',
      pointer: issue.path.map((part) => `/${String(part)}`).join(''),
      message: issue.message,
      code: issue.code,
    })),
    detail,
  );
};
