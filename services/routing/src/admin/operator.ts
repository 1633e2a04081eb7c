import type { Actor } from '@digital-post/event-store';
import { z } from 'zod';

/**
 * Who is operating. Until the platform authenticates operators, the caller names itself in
 * `X-Operator`, and that name is recorded as the actor of every event an admin request writes.
 * This is a record, not a control: the platform puts an authenticating preHandler in front of
 * these routes (register it on the scope that registers `adminRoutes`) and then the header
 * must be checked against, or replaced by, the authenticated operator.
 */
export const operatorHeadersSchema = z.object({
  'x-operator': z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'X-Operator names the operator: 1-64 of A-Z a-z 0-9 . _ -'),
});

export const operatorActor = (headers: z.infer<typeof operatorHeadersSchema>): Actor => ({
  kind: 'operator',
  id: headers['x-operator'],
});
