import { authorityIdSchema, cprSchema, cvrSchema, mailboxIdOf } from '@digital-post/contracts';
import { z } from 'zod';

export { authorityIdSchema } from '@digital-post/contracts';

export const recipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), id: cprSchema }),
  z.strictObject({ kind: z.literal('cvr'), id: cvrSchema }),
  z.strictObject({ kind: z.literal('authority'), id: authorityIdSchema }),
]);

export type Recipient = z.infer<typeof recipientSchema>;

/** The mailbox id of an authority, as events name senders. */
export const authorityMailboxId = (authorityId: string): string =>
  mailboxIdOf({ kind: 'authority', id: authorityId });
