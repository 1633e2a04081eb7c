import { z } from 'zod';

/**
 * Who is operating, on the operators' API: the platform sets `X-Operator` from the verified
 * operator token (whatever the caller sent is overwritten), and the routes record it as the
 * actor of every event an operator's request writes.
 */
export const operatorHeadersSchema = z.object({
  'x-operator': z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'X-Operator names the operator: 1-64 of A-Z a-z 0-9 . _ -'),
});
